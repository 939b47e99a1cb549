/**
 * The report's charts as SVG trees (`SvgNode`), drawn from a `QualityReport` alone: the HTML report
 * writes them as markup (`renderSvg`) and the dashboard builds them in its webview. No library, no
 * random ids, no clock: the same report gives the same bytes.
 *
 * Colours come from classes, so each host themes them: `series-0…7` (lines), `cat-<category>`
 * (findings), `accepted` / `rejected` (inspections). Shapes carry `line`, `area`, `bar`, `point`,
 * `swatch`, `track`, `hit`; axes `grid`, `axis`, `tick`; text `label`, `value`, `muted`. Every
 * colour is also set as a presentation attribute, which any stylesheet overrides, so an SVG copied
 * out of the report still reads.
 *
 * Scores are drawn as steps: a commit's score holds until the next commit, and a slope between two
 * commits a month apart would suggest a slow slide that never happened.
 */
import { CATEGORIES } from '../types';
import type { QualityReport, Snapshot } from './model';
import { h, type SvgNode } from './svg';

const WIDTH = 720;
const FONT = 11;
/** Average advance of an 11px system sans-serif glyph, for laying out labels without a DOM. */
const CHAR_WIDTH = 6.2;
/** Above this many snapshots, only the commits that moved the score most get a marker. */
export const MAX_MARKERS = 200;
const DAY = 86_400;

/** Default colours (light theme) by class; a stylesheet overrides them. */
export const PALETTE: Readonly<Record<string, string>> = {
  'series-0': '#2563eb',
  'series-1': '#0d9488',
  'series-2': '#d97706',
  'series-3': '#9333ea',
  'series-4': '#db2777',
  'series-5': '#0891b2',
  'series-6': '#65a30d',
  'series-7': '#64748b',
  'cat-direction': '#4f46e5',
  'cat-context': '#0d9488',
  'cat-safety': '#dc2626',
  'cat-format': '#d97706',
  'cat-inspection': '#9333ea',
  accepted: '#16a34a',
  rejected: '#dc2626',
};
const NEUTRAL = '#64748b';
const GRID = '#e2e8f0';
const INK = '#334155';

// ---------------------------------------------------------------------------------------------
// Formatting

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan 5, 2025` (UTC), for tooltips and tables. */
export function formatDay(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** `+3.2`, `−1.5` (a real minus sign), `±0`. */
export function formatDelta(delta: number): string {
  const r = Math.round(delta * 10) / 10;
  if (r === 0) return '±0';
  return r > 0 ? `+${r}` : `\u2212${-r}`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Path coordinates with one decimal: a tenth of a viewBox unit is invisible and halves the bytes. */
function c(n: number): string {
  return String(round1(n));
}

/** Roughly how wide a label is: narrow and wide glyphs differ enough to matter for a legend. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[ijlrtf.,:;'|!I ]/.test(ch) ? 0.55 : /[mwMW@%]/.test(ch) ? 1.45 : /[A-Z0-9]/.test(ch) ? 1.1 : 1;
  return width * CHAR_WIDTH;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Scales and axes

/** A step of 1, 2, (2.5) or 5 × 10ⁿ that splits `max` into about `count` parts; at least 1 (counts are whole). */
export function niceStep(max: number, count = 5): number {
  const raw = Math.max(max, 1) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // 2.5 only from 25 up: a count axis has no half ticks.
  const multiples = magnitude >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10];
  const step = multiples.map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return Math.max(1, step);
}

/**
 * Ticks 0…top for a count axis: of the 1-2-(2.5)-5 steps that give 2 to `count + 1` intervals, the
 * one whose top is closest above `max` (ties: the interval count nearest `count`).
 */
export function countTicks(max: number, count = 5): number[] {
  const m = Math.max(max, 1);
  let best: { step: number; top: number; score: number } | undefined;
  for (let magnitude = 1; magnitude <= m; magnitude *= 10) {
    for (const k of magnitude >= 10 ? [1, 2, 2.5, 5] : [1, 2, 5]) {
      const step = k * magnitude;
      const top = Math.max(step, Math.ceil(m / step) * step);
      const intervals = top / step;
      if (intervals < 2 || intervals > count + 1) continue;
      const score = top * 1000 + Math.abs(intervals - count);
      if (!best || score < best.score) best = { step, top, score };
    }
  }
  const step = best?.step ?? niceStep(m, count);
  const top = best?.top ?? Math.max(step, Math.ceil(m / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  return ticks;
}

type Interval = { unit: 'day' | 'week' | 'month' | 'year'; n: number; approx: number };
const INTERVALS: Interval[] = [
  { unit: 'day', n: 1, approx: DAY },
  { unit: 'day', n: 2, approx: 2 * DAY },
  { unit: 'week', n: 1, approx: 7 * DAY },
  { unit: 'week', n: 2, approx: 14 * DAY },
  { unit: 'month', n: 1, approx: 30.44 * DAY },
  { unit: 'month', n: 2, approx: 60.9 * DAY },
  { unit: 'month', n: 3, approx: 91.3 * DAY },
  { unit: 'month', n: 6, approx: 182.6 * DAY },
  { unit: 'year', n: 1, approx: 365.25 * DAY },
  { unit: 'year', n: 2, approx: 730.5 * DAY },
  { unit: 'year', n: 5, approx: 1826 * DAY },
  { unit: 'year', n: 10, approx: 3652 * DAY },
];

export interface TimeTick {
  time: number;
  label: string;
}

/**
 * Date ticks between two times (seconds, UTC) at a calendar interval (days, Mondays, first of the
 * month, first of the year), at most `max` of them. Labels are `MMM d` (`MMM` for months); when the
 * range spans years, the first tick and the first of each new year add the year.
 */
export function timeTicks(from: number, to: number, max = 7): TimeTick[] {
  const span = Math.max(to - from, 1);
  const interval = INTERVALS.find((i) => Math.floor(span / i.approx) + 1 <= max) ?? (INTERVALS[INTERVALS.length - 1] as Interval);
  const times: number[] = [];
  const startDate = new Date(from * 1000);
  if (interval.unit === 'day' || interval.unit === 'week') {
    const stride = interval.unit === 'day' ? interval.n : 7 * interval.n;
    // 1970-01-05 (epoch day 4) was a Monday: weeks start there.
    const offset = interval.unit === 'week' ? 4 : 0;
    let day = Math.ceil((from / DAY - offset) / stride) * stride + offset;
    for (; day * DAY <= to; day += stride) times.push(day * DAY);
  } else {
    const months = interval.unit === 'month' ? interval.n : 12 * interval.n;
    let index = startDate.getUTCFullYear() * 12 + startDate.getUTCMonth();
    index = Math.ceil(index / months) * months;
    for (;; index += months) {
      const t = Date.UTC(Math.floor(index / 12), index % 12, 1) / 1000;
      if (t < from) continue;
      if (t > to) break;
      times.push(t);
    }
  }
  const spansYears = startDate.getUTCFullYear() !== new Date(to * 1000).getUTCFullYear();
  let previousYear: number | undefined;
  return times.map((time) => {
    const d = new Date(time * 1000);
    const year = d.getUTCFullYear();
    const withYear = spansYears && year !== previousYear;
    previousYear = year;
    const month = MONTHS[d.getUTCMonth()] as string;
    const label =
      interval.unit === 'year'
        ? String(year)
        : interval.unit === 'month'
          ? withYear
            ? `${month} ${year}`
            : month
          : `${month} ${d.getUTCDate()}${withYear ? `, ${year}` : ''}`;
    return { time, label };
  });
}

interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Horizontal grid lines with labels at the left. */
function yAxis(frame: Frame, ticks: number[], y: (v: number) => number, format: (v: number) => string): SvgNode[] {
  return [
    h(
      'g',
      { class: 'grid', stroke: GRID, 'stroke-width': 1 },
      ticks.map((v) => h('line', { x1: frame.left, x2: frame.right, y1: round1(y(v)), y2: round1(y(v)) })),
    ),
    h(
      'g',
      { class: 'axis y-axis muted', fill: NEUTRAL, 'text-anchor': 'end' },
      ticks.map((v) => h('text', { class: 'tick', x: frame.left - 6, y: round1(y(v)) + 3.5 }, format(v))),
    ),
  ];
}

/** Tick marks and date labels under the plot; labels near an edge are anchored so they stay inside. */
function timeAxis(frame: Frame, ticks: TimeTick[], x: (t: number) => number): SvgNode {
  const children: SvgNode[] = [h('line', { class: 'baseline', x1: frame.left, x2: frame.right, y1: frame.bottom, y2: frame.bottom, stroke: NEUTRAL })];
  for (const tick of ticks) {
    const at = round1(x(tick.time));
    const half = textWidth(tick.label) / 2;
    const anchor = at - half < 2 ? 'start' : at + half > WIDTH - 2 ? 'end' : 'middle';
    children.push(h('line', { class: 'tick-mark', x1: at, x2: at, y1: frame.bottom, y2: frame.bottom + 4, stroke: NEUTRAL }));
    children.push(h('text', { class: 'tick', x: at, y: frame.bottom + 16, 'text-anchor': anchor }, tick.label));
  }
  return h('g', { class: 'axis x-axis muted', fill: NEUTRAL }, children);
}

interface LegendItem {
  label: string;
  colour: string;
  shape: 'line' | 'dashed' | 'box';
}

/** A legend laid out in rows from the left; returns its nodes and the height it takes. */
function legend(items: LegendItem[], left: number): { node: SvgNode; height: number } {
  const children: SvgNode[] = [];
  let x = left;
  let row = 0;
  for (const item of items) {
    const width = 18 + textWidth(item.label) + 16;
    if (x > left && x + width > WIDTH - 8) {
      x = left;
      row++;
    }
    const y = 12 + row * 18;
    const swatch =
      item.shape === 'box'
        ? h('rect', { class: 'swatch', x, y: y - 8, width: 12, height: 10, rx: 2, fill: PALETTE[item.colour] ?? NEUTRAL })
        : h('line', {
            class: 'swatch-line',
            x1: x,
            x2: x + 14,
            y1: y - 3,
            y2: y - 3,
            stroke: PALETTE[item.colour] ?? NEUTRAL,
            'stroke-width': 2.5,
            'stroke-dasharray': item.shape === 'dashed' ? '4 3' : undefined,
          });
    children.push(h('g', { class: `legend-item ${item.colour}` }, [swatch, h('text', { class: 'label', x: x + 18, y, fill: INK }, item.label)]));
    x += width;
  }
  return { node: h('g', { class: 'legend' }, children), height: (row + 1) * 18 + 6 };
}

function chartRoot(name: string, height: number, label: string, title: string, children: SvgNode[]): SvgNode {
  return h(
    'svg',
    {
      class: `chart ${name}`,
      viewBox: `0 0 ${WIDTH} ${Math.round(height)}`,
      role: 'img',
      'aria-label': label,
      'font-size': FONT,
      'font-family': 'system-ui, -apple-system, "Segoe UI", sans-serif',
    },
    [h('title', {}, title), ...children],
  );
}

/** A small placeholder: the chart's title and why there is nothing to draw. */
export function noData(name: string, title: string, reason = 'No data yet'): SvgNode {
  return chartRoot(`${name} no-data`, 56, `${title}: ${reason}`, title, [
    h('rect', { class: 'empty-frame', x: 0.5, y: 0.5, width: WIDTH - 1, height: 55, rx: 6, fill: 'none', stroke: GRID, 'stroke-dasharray': '4 4' }),
    h('text', { class: 'empty muted', x: WIDTH / 2, y: 32, 'text-anchor': 'middle', fill: NEUTRAL }, reason),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Time series shared by the score and findings charts

interface TimePoint {
  snapshot: Snapshot;
  x: number;
  /** The working tree, drawn dashed after the last commit. */
  working: boolean;
}

interface TimeFrame {
  frame: Frame;
  points: TimePoint[];
  ticks: TimeTick[];
  x: (t: number) => number;
}

/** The x scale over the snapshots (and the working tree, a little after the last commit at least). */
function timeFrame(report: QualityReport, frame: Frame): TimeFrame | undefined {
  const snapshots = report.snapshots;
  const first = snapshots[0] ?? report.workingTree;
  if (!first) return undefined;
  const last = snapshots[snapshots.length - 1];
  let from = first.time;
  let to = last?.time ?? first.time;
  let workingTime: number | undefined;
  if (report.workingTree && last) {
    // The working tree has no commit time; keep it visibly apart from the last commit.
    workingTime = Math.max(report.workingTree.time, to + Math.max((to - from) * 0.04, DAY / 4));
    to = workingTime;
  }
  if (to - from < 2 * DAY) {
    const middle = (from + to) / 2;
    from = Math.min(from, middle - DAY);
    to = Math.max(to, middle + DAY);
  }
  // The right pad is the last state's tail: it holds until now, so it gets a width of its own.
  const padLeft = 8;
  const padRight = 16;
  const x = (t: number) => frame.left + padLeft + ((t - from) / (to - from)) * (frame.right - frame.left - padLeft - padRight);
  const points: TimePoint[] = snapshots.map((snapshot) => ({ snapshot, x: x(snapshot.time), working: false }));
  if (report.workingTree) {
    points.push({ snapshot: report.workingTree, x: x(workingTime ?? report.workingTree.time), working: true });
  }
  const maxTicks = Math.max(2, Math.floor((frame.right - frame.left) / 80));
  return { frame, points, ticks: timeTicks(from, to, maxTicks), x };
}

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

function describe(point: TimePoint): string {
  const s = point.snapshot;
  if (point.working) return 'Working tree (not committed)';
  return `${formatDay(s.time)} · ${shortSha(s.sha)} · ${s.author}\n${s.subject}`;
}

/**
 * A step line through `values` (undefined breaks it): each value holds until the next point, and
 * the last one until `end`. Only changes are written, so a kind untouched for 900 commits costs a
 * few bytes.
 */
function stepLine(xs: number[], values: (number | undefined)[], y: (v: number) => number, end: number): string {
  let d = '';
  let current: number | undefined;
  // Where the path ends now: a value that did not change is only drawn when its run ends.
  let drawnTo = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    const v = values[i];
    if (v === undefined) {
      // The kind had files until this commit: its last value holds up to here.
      if (current !== undefined && drawnTo < x) d += `H${c(x)}`;
      current = undefined;
      continue;
    }
    if (current === undefined) {
      d += `M${c(x)} ${c(y(v))}`;
      drawnTo = x;
    } else if (v !== current) {
      d += `H${c(x)}V${c(y(v))}`;
      drawnTo = x;
    }
    current = v;
  }
  if (current !== undefined && drawnTo < end) d += `H${c(end)}`;
  return d;
}

// ---------------------------------------------------------------------------------------------
// Score over time

/**
 * The workspace score over time: a step line with a point per commit (the commits that moved the
 * score most when there are more than `MAX_MARKERS`), a thinner line per kind, and the working tree
 * as a dashed last step. Points carry `data-sha` and a tooltip.
 */
export function scoreChart(report: QualityReport): SvgNode {
  const title = 'Workspace score over time';
  const kinds = [...new Set([...report.snapshots, ...(report.workingTree ? [report.workingTree] : [])].flatMap((s) => Object.keys(s.byKind)))].sort();
  const items: LegendItem[] = [
    { label: 'Workspace', colour: 'series-0', shape: 'line' },
    ...kinds.map((kind, i): LegendItem => ({ label: kind, colour: seriesClass(i + 1), shape: 'line' })),
  ];
  if (report.workingTree) items.push({ label: 'Working tree', colour: 'series-0', shape: 'dashed' });
  const key = legend(items, 44);
  const height = 250 + key.height;
  const frame: Frame = { left: 44, right: WIDTH - 12, top: key.height + 10, bottom: height - 28 };
  const tf = timeFrame(report, frame);
  if (!tf) return noData('score-chart', title, 'No commits changed a prompt file in this range');
  const y = (v: number) => frame.top + ((100 - v) / 100) * (frame.bottom - frame.top);

  const committed = tf.points.filter((p) => !p.working);
  const working = tf.points.find((p) => p.working);
  const children: SvgNode[] = [key.node, ...yAxis(frame, [0, 20, 40, 60, 80, 100], y, String), timeAxis(frame, tf.ticks, tf.x)];

  const lines: SvgNode[] = [];
  kinds.forEach((kind, i) => {
    const d = stepLine(
      tf.points.map((p) => p.x),
      tf.points.map((p) => p.snapshot.byKind[kind]),
      y,
      frame.right,
    );
    if (d) lines.push(h('path', { class: `line kind ${seriesClass(i + 1)}`, 'data-kind': kind, d, fill: 'none', stroke: PALETTE[seriesClass(i + 1)], 'stroke-width': 1.25, 'stroke-opacity': 0.85 }));
  });
  if (committed.length) {
    // Every commit is a vertex (H then V), so the line has exactly one step (V) per snapshot after
    // the first; the last score holds to the edge, unless the working tree takes over from there.
    const [head, ...rest] = committed as [TimePoint, ...TimePoint[]];
    let d = `M${c(head.x)} ${c(y(head.snapshot.score))}`;
    for (const p of rest) d += `H${c(p.x)}V${c(y(p.snapshot.score))}`;
    if (!working) d += `H${c(frame.right)}`;
    lines.push(h('path', { class: 'line workspace series-0', d, fill: 'none', stroke: PALETTE['series-0'], 'stroke-width': 2.5, 'stroke-linejoin': 'round' }));
  }
  const lastCommitted = committed[committed.length - 1];
  if (working && lastCommitted) {
    const d = `M${c(lastCommitted.x)} ${c(y(lastCommitted.snapshot.score))}H${c(working.x)}V${c(y(working.snapshot.score))}H${c(frame.right)}`;
    lines.push(h('path', { class: 'line working-tree series-0', d, fill: 'none', stroke: PALETTE['series-0'], 'stroke-width': 2.5, 'stroke-dasharray': '5 4' }));
  }
  children.push(h('g', { class: 'series' }, lines));

  const marked = markerIndexes(committed.map((p) => p.snapshot.score));
  // Dense series get smaller points, so the line stays readable between them.
  const radius = marked.length > 60 ? 2.25 : 3;
  const markers = marked.map((i) => {
    const p = committed[i] as TimePoint;
    const previous = committed[i - 1];
    const delta = previous ? ` (${formatDelta(p.snapshot.score - previous.snapshot.score)})` : '';
    return h('circle', { class: 'point', cx: c(p.x), cy: c(y(p.snapshot.score)), r: radius, 'data-sha': p.snapshot.sha }, [
      h('title', {}, `${describe(p)}\nScore ${p.snapshot.score}${delta}`),
    ]);
  });
  if (working) {
    const delta = lastCommitted ? ` (${formatDelta(working.snapshot.score - lastCommitted.snapshot.score)})` : '';
    markers.push(
      h('circle', { class: 'point working-tree', cx: c(working.x), cy: c(y(working.snapshot.score)), r: 3.5, 'stroke-width': 2, stroke: PALETTE['series-0'], 'fill-opacity': 0.25 }, [
        h('title', {}, `${describe(working)}\nScore ${working.snapshot.score}${delta}`),
      ]),
    );
  }
  children.push(h('g', { class: 'points series-0', fill: PALETTE['series-0'] }, markers));

  const first = tf.points[0] as TimePoint;
  const now = tf.points[tf.points.length - 1] as TimePoint;
  const label =
    tf.points.length === 1
      ? `${title}: ${now.snapshot.score} on ${formatDay(now.snapshot.time)}`
      : `${title}: ${now.snapshot.score} now, ${first.snapshot.score} on ${formatDay(first.snapshot.time)}, over ${committed.length} commits`;
  return chartRoot('score-chart', height, label, title, children);
}

function seriesClass(i: number): string {
  return i === 0 ? 'series-0' : `series-${((i - 1) % 7) + 1}`;
}

/**
 * Which commits get a point: all of them up to `MAX_MARKERS`; beyond, the first, the last and the
 * ones that moved the score most, in time order.
 */
function markerIndexes(scores: number[]): number[] {
  const all = scores.map((_, i) => i);
  if (scores.length <= MAX_MARKERS) return all;
  const moved = all
    .slice(1, -1)
    .map((i) => ({ i, size: Math.abs((scores[i] as number) - (scores[i - 1] as number)) }))
    .filter((m) => m.size > 0)
    .sort((a, b) => b.size - a.size || a.i - b.i)
    .slice(0, MAX_MARKERS - 2)
    .map((m) => m.i);
  return [0, ...moved.sort((a, b) => a - b), scores.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Findings by category

function categoriesOf(report: QualityReport): string[] {
  const extra = new Set<string>();
  for (const s of [...report.snapshots, ...(report.workingTree ? [report.workingTree] : [])]) {
    for (const k of Object.keys(s.findingsByCategory)) if (!(CATEGORIES as readonly string[]).includes(k)) extra.add(k);
  }
  return [...CATEGORIES, ...[...extra].sort()];
}

/** Class-safe: a category is a word, but the class attribute must not be steered by data. */
function catClass(category: string): string {
  return `cat-${category.replace(/[^a-z0-9-]/gi, '_')}`;
}

/**
 * Findings by category over time, stacked (direction at the bottom): the top edge is the total.
 * Each category is one step-shaped area; up to `MAX_MARKERS` commits also get an invisible column
 * with a tooltip and `data-sha`.
 */
export function findingsChart(report: QualityReport): SvgNode {
  const title = 'Findings by category over time';
  const categories = categoriesOf(report);
  const nowPoint = report.workingTree ?? report.snapshots[report.snapshots.length - 1];
  const key = legend(
    categories.map((cat) => ({ label: `${capitalise(cat)}${nowPoint ? ` ${nowPoint.findingsByCategory[cat as keyof Snapshot['findingsByCategory']] ?? 0}` : ''}`, colour: catClass(cat), shape: 'box' })),
    44,
  );
  const height = 230 + key.height;
  const frame: Frame = { left: 44, right: WIDTH - 12, top: key.height + 10, bottom: height - 28 };
  const tf = timeFrame(report, frame);
  if (!tf) return noData('findings-chart', title, 'No commits changed a prompt file in this range');
  const count = (s: Snapshot, cat: string) => (s.findingsByCategory as Record<string, number>)[cat] ?? 0;
  const totals = tf.points.map((p) => categories.reduce((sum, cat) => sum + count(p.snapshot, cat), 0));
  const ticks = countTicks(Math.max(...totals));
  const top = ticks[ticks.length - 1] as number;
  const y = (v: number) => frame.bottom - (v / top) * (frame.bottom - frame.top);
  const children: SvgNode[] = [key.node, ...yAxis(frame, ticks, y, String), timeAxis(frame, tf.ticks, tf.x)];

  const xs = tf.points.map((p) => p.x);
  const lows = tf.points.map(() => 0);
  const areas: SvgNode[] = [];
  for (const cat of categories) {
    const highs = tf.points.map((p, i) => (lows[i] as number) + count(p.snapshot, cat));
    if (highs.every((v, i) => v === lows[i])) continue;
    const cls = `area ${catClass(cat)}`;
    const fill = PALETTE[catClass(cat)] ?? NEUTRAL;
    if (xs.length === 1) {
      const x0 = (xs[0] as number) - 14;
      areas.push(h('rect', { class: cls, 'data-category': cat, x: c(x0), y: c(y(highs[0] as number)), width: 28, height: c(y(lows[0] as number) - y(highs[0] as number)), fill }));
    } else {
      areas.push(h('path', { class: cls, 'data-category': cat, d: stepArea(xs, lows.slice(), highs, y, frame.right), fill, 'fill-opacity': 0.85 }));
    }
    highs.forEach((v, i) => (lows[i] = v));
  }
  children.push(h('g', { class: 'series' }, areas));

  if (tf.points.length <= MAX_MARKERS) {
    const hits = tf.points.map((p, i) => {
      const next = tf.points[i + 1];
      const x0 = tf.points.length === 1 ? p.x - 14 : p.x;
      const x1 = next ? next.x : tf.points.length === 1 ? p.x + 14 : frame.right;
      const breakdown = categories.map((cat) => `${capitalise(cat)} ${count(p.snapshot, cat)}`).join(', ');
      return h('rect', { class: 'hit', x: c(x0), y: frame.top, width: c(Math.max(1, x1 - x0)), height: frame.bottom - frame.top, fill: 'transparent', 'data-sha': p.snapshot.sha || undefined }, [
        h('title', {}, `${describe(p)}\n${totals[i]} findings: ${breakdown}`),
      ]);
    });
    children.push(h('g', { class: 'hits' }, hits));
  }
  const label = `${title}: ${totals[totals.length - 1]} findings now, ${totals[0]} at the start`;
  return chartRoot('findings-chart', height, label, title, children);
}

/**
 * A step area between `lows` and `highs`, each value holding until the next point and the last
 * until `end`: along the top left to right, back along the bottom, writing only the changes.
 */
function stepArea(xs: number[], lows: number[], highs: number[], y: (v: number) => number, end: number): string {
  const n = xs.length;
  let level = highs[0] as number;
  let d = `M${c(xs[0] as number)} ${c(y(level))}`;
  for (let i = 1; i < n; i++) {
    const v = highs[i] as number;
    if (v !== level) d += `H${c(xs[i] as number)}V${c(y(v))}`;
    level = v;
  }
  level = lows[n - 1] as number;
  d += `H${c(end)}V${c(y(level))}`;
  let at = end;
  // Backwards: the bottom between xs[i] and xs[i + 1] is lows[i].
  for (let i = n - 2; i >= 0; i--) {
    const v = lows[i] as number;
    if (v === level) continue;
    const x = xs[i + 1] as number;
    d += `${at === x ? '' : `H${c(x)}`}V${c(y(v))}`;
    at = x;
    level = v;
  }
  return `${d}H${c(xs[0] as number)}Z`;
}

// ---------------------------------------------------------------------------------------------
// Horizontal bars: rules and checklist items

interface BarRow {
  label: string;
  value: number;
  /** Drawn after the bar. */
  text: string;
  /** Drawn after `text`, muted. */
  note?: string;
  tooltip: string;
  attrs: Record<string, string>;
}

function barChart(name: string, title: string, label: string, rows: BarRow[], max: number, options: { percent: boolean; colour: string }): SvgNode {
  const rowHeight = 24;
  const longest = Math.max(...rows.map((r) => r.label.length));
  const labelWidth = Math.min(34, longest) * CHAR_WIDTH;
  const frame: Frame = { left: labelWidth + 16, right: WIDTH - 96, top: 8, bottom: 8 + rows.length * rowHeight };
  const height = frame.bottom + 26;
  const ticks = options.percent ? [0, 25, 50, 75, 100] : countTicks(max, 5);
  const top = ticks[ticks.length - 1] as number;
  const x = (v: number) => frame.left + (v / top) * (frame.right - frame.left);
  const children: SvgNode[] = [
    h(
      'g',
      { class: 'grid', stroke: GRID },
      ticks.map((v) => h('line', { x1: c(x(v)), x2: c(x(v)), y1: frame.top, y2: frame.bottom })),
    ),
    h(
      'g',
      { class: 'axis x-axis muted', fill: NEUTRAL, 'text-anchor': 'middle' },
      ticks.map((v) => h('text', { class: 'tick', x: c(x(v)), y: frame.bottom + 16 }, options.percent ? `${v}%` : String(v))),
    ),
  ];
  const fill = PALETTE[options.colour] ?? NEUTRAL;
  rows.forEach((row, i) => {
    const middle = frame.top + i * rowHeight + rowHeight / 2;
    const end = x(row.value);
    const parts: SvgNode[] = [
      h('title', {}, row.tooltip),
      h('text', { class: 'label', x: frame.left - 8, y: c(middle + 4), 'text-anchor': 'end', fill: INK }, truncate(row.label, 34)),
    ];
    if (options.percent) parts.push(h('rect', { class: 'track', x: frame.left, y: c(middle - 7), width: c(frame.right - frame.left), height: 14, rx: 2, fill: GRID, 'fill-opacity': 0.6 }));
    parts.push(h('rect', { class: `bar ${options.colour}`, x: frame.left, y: c(middle - 7), width: c(Math.max(end - frame.left, row.value > 0 ? 2 : 0)), height: 14, rx: 2, fill }));
    const valueX = (options.percent ? frame.right : end) + 6;
    parts.push(
      h('text', { class: 'value', x: c(valueX), y: c(middle + 4), fill: INK }, [
        h('tspan', {}, row.text),
        ...(row.note ? [h('tspan', { class: 'muted', fill: NEUTRAL }, ` ${row.note}`)] : []),
      ]),
    );
    children.push(h('g', { class: 'row', ...row.attrs }, parts));
  });
  return chartRoot(name, height, label, title, children);
}

/**
 * The rules with the most findings now (the working tree when present, else the last commit), each
 * with its change since the start of the range; each row carries `data-rule`.
 */
export function rulesChart(report: QualityReport, limit = 10): SvgNode {
  const title = 'Rules with the most findings';
  const now = report.workingTree ?? report.snapshots[report.snapshots.length - 1];
  const start = report.snapshots[0];
  const entries = Object.entries(now?.findingsByRule ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, limit));
  if (!entries.length) return noData('rules-chart', title, now ? 'No findings: every file is clean' : 'No data yet');
  const rows = entries.map(([rule, n]): BarRow => {
    const then = start?.findingsByRule[rule] ?? 0;
    const changed = start && start !== now && n !== then;
    return {
      label: rule,
      value: n,
      text: String(n),
      ...(changed ? { note: formatDelta(n - then) } : {}),
      tooltip: `${rule}: ${n} finding${n === 1 ? '' : 's'} now${start && start !== now ? `, ${then} at the start` : ''}`,
      attrs: { 'data-rule': rule },
    };
  });
  const label = `${title}: ${entries.map(([rule, n]) => `${rule} ${n}`).join(', ')}`;
  return barChart('rules-chart', title, label, rows, entries[0]?.[1] ?? 1, { percent: false, colour: 'series-0' });
}

/** The checklist items that fail most often (fail rate over the verdicts given), most first. */
export function itemsChart(report: QualityReport, limit = 10): SvgNode {
  const title = 'Checklist items that fail most';
  const items = report.inspections.items
    .filter((i) => i.total > 0 && i.failed > 0)
    .sort((a, b) => b.failRate - a.failRate || b.failed - a.failed || (`${a.checklist}/${a.item}` < `${b.checklist}/${b.item}` ? -1 : 1))
    .slice(0, Math.max(0, limit));
  if (!items.length) return noData('items-chart', title, report.inspections.items.length ? 'No checklist item has failed' : 'No inspections recorded');
  const rows = items.map((i): BarRow => {
    const pct = Math.round(i.failRate * 100);
    return {
      label: `${i.checklist}/${i.item}`,
      value: i.failRate * 100,
      text: `${pct}%`,
      note: `${i.failed} of ${i.total}`,
      tooltip: `${i.checklist}/${i.item}: failed ${i.failed} of ${i.total} verdicts${i.na ? `, ${i.na} not applicable` : ''}`,
      attrs: { 'data-item': `${i.checklist}/${i.item}` },
    };
  });
  const label = `${title}: ${items.map((i) => `${i.checklist}/${i.item} ${Math.round(i.failRate * 100)}%`).join(', ')}`;
  return barChart('items-chart', title, label, rows, 100, { percent: true, colour: 'rejected' });
}

// ---------------------------------------------------------------------------------------------
// Inspections by week

/** Accepted and rejected inspections per week, stacked (accepted at the bottom); empty weeks shown. */
export function inspectionsChart(report: QualityReport): SvgNode {
  const title = 'Inspections per week';
  const given = [...report.inspections.weeks].sort((a, b) => a.start - b.start);
  const first = given[0];
  const last = given[given.length - 1];
  if (!first || !last || given.every((w) => w.accepted + w.rejected === 0)) return noData('inspections-chart', title, 'No inspections recorded');
  // Fill the weeks without a record, so the bars stand on a real time line.
  const byStart = new Map(given.map((w) => [w.start, w]));
  const weeks: { start: number; accepted: number; rejected: number }[] = [];
  for (let t = first.start; t <= last.start && weeks.length < 520; t += 7 * DAY) weeks.push(byStart.get(t) ?? { start: t, accepted: 0, rejected: 0 });
  const accepted = weeks.reduce((n, w) => n + w.accepted, 0);
  const rejected = weeks.reduce((n, w) => n + w.rejected, 0);
  const key = legend(
    [
      { label: `Accepted ${accepted}`, colour: 'accepted', shape: 'box' },
      { label: `Rejected ${rejected}`, colour: 'rejected', shape: 'box' },
    ],
    44,
  );
  const height = 170 + key.height;
  const frame: Frame = { left: 44, right: WIDTH - 12, top: key.height + 10, bottom: height - 28 };
  const ticks = countTicks(Math.max(...weeks.map((w) => w.accepted + w.rejected)), 4);
  const top = ticks[ticks.length - 1] as number;
  const y = (v: number) => frame.bottom - (v / top) * (frame.bottom - frame.top);
  const band = (frame.right - frame.left) / weeks.length;
  const barWidth = Math.max(1, Math.min(28, band * 0.7));
  const children: SvgNode[] = [key.node, ...yAxis(frame, ticks, y, String)];

  const bars: SvgNode[] = weeks.map((w, i) => {
    const x = frame.left + i * band + (band - barWidth) / 2;
    const rects: SvgNode[] = [h('title', {}, `Week of ${formatDay(w.start)}\nAccepted ${w.accepted}, rejected ${w.rejected}`)];
    if (w.accepted) rects.push(h('rect', { class: 'bar accepted', x: c(x), y: c(y(w.accepted)), width: c(barWidth), height: c(y(0) - y(w.accepted)), fill: PALETTE.accepted }));
    if (w.rejected) rects.push(h('rect', { class: 'bar rejected', x: c(x), y: c(y(w.accepted + w.rejected)), width: c(barWidth), height: c(y(w.accepted) - y(w.accepted + w.rejected)), fill: PALETTE.rejected }));
    return h('g', { class: 'week', 'data-week': w.start }, rects);
  });
  children.push(h('g', { class: 'series' }, bars));

  // Week labels: as many as fit, on a regular stride so they line up with their bars.
  const stride = Math.max(1, Math.ceil(weeks.length / Math.floor((frame.right - frame.left) / 80)));
  const spansYears = new Date(first.start * 1000).getUTCFullYear() !== new Date(last.start * 1000).getUTCFullYear();
  const axis: SvgNode[] = [h('line', { class: 'baseline', x1: frame.left, x2: frame.right, y1: frame.bottom, y2: frame.bottom, stroke: NEUTRAL })];
  let previousYear: number | undefined;
  for (let i = 0; i < weeks.length; i += stride) {
    const w = weeks[i] as { start: number };
    const d = new Date(w.start * 1000);
    const year = d.getUTCFullYear();
    const label = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}${spansYears && year !== previousYear ? `, ${year}` : ''}`;
    previousYear = year;
    const at = frame.left + i * band + band / 2;
    const half = textWidth(label) / 2;
    axis.push(h('text', { class: 'tick', x: c(at), y: frame.bottom + 16, 'text-anchor': at - half < 2 ? 'start' : at + half > WIDTH - 2 ? 'end' : 'middle' }, label));
  }
  children.push(h('g', { class: 'axis x-axis muted', fill: NEUTRAL }, axis));
  const rate = accepted + rejected ? Math.round((accepted / (accepted + rejected)) * 100) : 0;
  return chartRoot('inspections-chart', height, `${title}: ${accepted} accepted, ${rejected} rejected (${rate}% accepted) over ${weeks.length} weeks`, title, children);
}
