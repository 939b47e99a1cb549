import * as assert from 'node:assert/strict';
import { findingsChart, inspectionsChart, itemsChart, MAX_MARKERS, rulesChart, scoreChart, timeTicks } from '../../src/core/report/charts';
import { REPORT_SCHEMA_VERSION, type QualityReport, type Snapshot } from '../../src/core/report/model';
import { h, isSafeAttributeName, renderSvg, type SvgNode } from '../../src/core/report/svg';
import { DEFAULT_SCORING } from '../../src/core/score';
import { DEFAULT_THRESHOLDS } from '../../src/core/trends';

const DAY = 86_400;
const T0 = Date.UTC(2025, 0, 6, 10) / 1000;

function snapshot(i: number, score: number, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    sha: `${String(i).padStart(4, '0')}`.repeat(10),
    time: T0 + i * DAY,
    author: `Author ${i}`,
    subject: `Commit ${i}`,
    score,
    files: 10,
    byKind: { prompt: score },
    findingsByRule: {},
    byCategory: { direction: 100, context: 100, safety: 100, format: 100 },
    findingsByCategory: { direction: 0, context: 0, safety: 0, format: 0 },
    byFolder: { '.': score },
    added: [],
    removed: [],
    moved: [],
    ...extra,
  };
}

function report(snapshots: Snapshot[], extra: Partial<QualityReport> = {}): QualityReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    repository: 'repo',
    generatedAt: '2025-03-01T00:00:00.000Z',
    analysedVersions: snapshots.length,
    snapshots,
    files: [],
    inspections: { accepted: 0, rejected: 0, acceptRate: null, weeks: [], items: [], invalidLines: 0 },
    scoring: { ...DEFAULT_SCORING },
    thresholds: { ...DEFAULT_THRESHOLDS },
    alerts: [],
    ...extra,
  };
}

function all(node: SvgNode, test: (n: SvgNode) => boolean): SvgNode[] {
  const found: SvgNode[] = test(node) ? [node] : [];
  for (const child of node.children ?? []) found.push(...all(child, test));
  return found;
}

function hasClass(node: SvgNode, cls: string): boolean {
  return String(node.attrs.class ?? '').split(' ').includes(cls);
}

function byClass(root: SvgNode, tag: string, cls: string): SvgNode[] {
  return all(root, (n) => n.tag === tag && hasClass(n, cls));
}

/** The commands of a path made of M, H, V and Z, each with its numbers. */
function commands(d: string): { cmd: string; args: number[] }[] {
  return [...d.matchAll(/([MHVZ])([^MHVZ]*)/g)].map((m) => ({ cmd: m[1] as string, args: (m[2] as string).trim().split(/[ ,]+/).filter(Boolean).map(Number) }));
}

/**
 * The top and bottom edges of a step area (`M x y (H x V y)* H end V y (H x? V y)* H x Z`) as
 * functions of x, each value holding from its x to the right.
 */
function areaEdges(d: string): { top: (x: number) => number; bottom: (x: number) => number } {
  const cmds = commands(d);
  const end = Math.max(...cmds.filter((c) => c.cmd === 'H').map((c) => c.args[0] as number));
  const first = cmds[0] as { args: number[] };
  const tops: [number, number][] = [[first.args[0] as number, first.args[1] as number]];
  const bottoms: [number, number][] = [];
  let x = first.args[0] as number;
  let onTop = true;
  for (const cmd of cmds.slice(1)) {
    if (cmd.cmd === 'H') {
      x = cmd.args[0] as number;
      if (x === end) onTop = false;
    } else if (cmd.cmd === 'V') {
      if (onTop) tops.push([x, cmd.args[0] as number]);
      // Going back: this value holds left of x, until the next boundary.
      else bottoms.push([x, cmd.args[0] as number]);
    }
  }
  return {
    top: (q) => (tops.filter(([sx]) => sx <= q).at(-1) as [number, number])[1],
    bottom: (q) => (bottoms.filter(([bx]) => bx > q).at(-1) as [number, number])[1],
  };
}

/** Value → y as the chart's own y axis says: from the grid line of the lowest and highest tick. */
function yAxisOf(chart: SvgNode): (y: number) => number {
  const labels = all(chart, (n) => n.tag === 'text' && hasClass(n, 'tick') && all(chart, (g) => hasClass(g, 'y-axis')).some((g) => g.children?.includes(n)));
  const lines = all(chart, (n) => hasClass(n, 'grid'))[0]?.children ?? [];
  const lo = Number(labels[0]?.text);
  const hi = Number(labels[labels.length - 1]?.text);
  const yLo = Number(lines[0]?.attrs.y1);
  const yHi = Number(lines[lines.length - 1]?.attrs.y1);
  return (y) => lo + ((y - yLo) / (yHi - yLo)) * (hi - lo);
}

function assertChartRoot(chart: SvgNode, name: string): void {
  assert.equal(chart.tag, 'svg');
  assert.ok(hasClass(chart, name), `class ${name} in ${String(chart.attrs.class)}`);
  assert.match(String(chart.attrs.viewBox), /^0 0 720 \d+$/);
  assert.equal(chart.attrs.role, 'img');
  const title = chart.children?.[0];
  assert.equal(title?.tag, 'title');
  assert.ok(title?.text && String(chart.attrs['aria-label']).startsWith(title.text));
  assert.doesNotMatch(renderSvg(chart), /NaN|Infinity|undefined/);
}

describe('renderSvg', () => {
  it('escapes text and attribute values', () => {
    const svg = h('svg', { viewBox: '0 0 10 10', 'data-x': `"><script>alert('x')</script>` }, [h('text', { x: 1.23456, y: -0.001 }, '<img src=x onerror=alert(1)> & co')]);
    assert.equal(
      renderSvg(svg),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-x="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">' +
        '<text x="1.23" y="0">&lt;img src=x onerror=alert(1)&gt; &amp; co</text></svg>',
    );
  });

  it('refuses event handlers, style, links, odd names and elements outside its list', () => {
    for (const name of ['onclick', 'ONLOAD', 'onmouseover', 'style', 'STYLE', 'href', 'xlink:href', 'a b', '"x', '1x', '', 'x=y']) {
      assert.equal(isSafeAttributeName(name), false, name);
      assert.throws(() => renderSvg(h('svg', { [name]: 'x' })), /Unexpected attribute/, name);
    }
    for (const name of ['viewBox', 'data-sha', 'aria-label', 'stroke-dasharray', 'xml:space', 'class']) assert.equal(isSafeAttributeName(name), true, name);
    for (const tag of ['script', 'foreignObject', 'a', 'image', 'use', 'style', 'iframe']) {
      assert.throws(() => renderSvg(h('svg', {}, [h(tag, {})])), /Unexpected SVG element/, tag);
    }
    assert.throws(() => renderSvg(h('rect', { x: Number.NaN })), /Unexpected number NaN/);
  });

  it('keeps hostile repository text inert in every chart', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    const s = (i: number) =>
      snapshot(i, 60 + i, {
        author: hostile,
        subject: hostile,
        findingsByRule: { [hostile]: 3 + i },
        byKind: { [hostile]: 50 },
        findingsByCategory: { direction: 1, context: 1, safety: 0, format: 0, [hostile]: 2 } as Snapshot['findingsByCategory'],
      });
    const r = report([s(0), s(1)], {
      inspections: {
        accepted: 1,
        rejected: 1,
        acceptRate: 0.5,
        weeks: [{ start: T0, accepted: 1, rejected: 1, itemFails: {} }],
        items: [{ checklist: hostile, item: hostile, total: 2, failed: 1, na: 0, failRate: 0.5 }],
        invalidLines: 0,
      },
    });
    for (const chart of [scoreChart(r), findingsChart(r), rulesChart(r), inspectionsChart(r), itemsChart(r)]) {
      const markup = renderSvg(chart);
      assert.doesNotMatch(markup, /<script|<img/i);
      // No attribute named on…: with the (escaped) values blanked, only real attribute names remain.
      assert.doesNotMatch(markup.replace(/"[^"]*"/g, '""'), /<[^>]*\son\w+=/i);
    }
    assert.match(renderSvg(rulesChart(r)), /data-rule="&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(1\)&gt;"/);
  });
});

describe('timeTicks', () => {
  it('labels days within one year as MMM d, on Mondays for weekly ticks', () => {
    const from = Date.UTC(2025, 0, 3) / 1000;
    const ticks = timeTicks(from, from + 60 * DAY, 7);
    assert.ok(ticks.length >= 3 && ticks.length <= 7, `${ticks.length} ticks`);
    for (const t of ticks) {
      assert.match(t.label, /^[A-Z][a-z]{2} \d{1,2}$/);
      assert.equal(new Date(t.time * 1000).getUTCDay(), 1, `${t.label} is a Monday`);
    }
    assert.equal(ticks[0]?.label, 'Jan 6');
  });

  it('adds the year to the first tick and to the first of each new year when the range spans years', () => {
    const ticks = timeTicks(Date.UTC(2024, 11, 1) / 1000, Date.UTC(2025, 1, 20) / 1000, 7);
    const labels = ticks.map((t) => t.label);
    assert.match(labels[0] as string, /2024$/);
    const firstOf2025 = ticks.findIndex((t) => new Date(t.time * 1000).getUTCFullYear() === 2025);
    assert.match(labels[firstOf2025] as string, /2025$/);
    assert.ok(labels.filter((l) => /\d{4}$/.test(l)).length === 2, labels.join(' | '));
  });

  it('uses months, then years, for long ranges', () => {
    const months = timeTicks(Date.UTC(2025, 0, 15) / 1000, Date.UTC(2025, 8, 1) / 1000, 7).map((t) => t.label);
    assert.ok(months.every((l) => /^[A-Z][a-z]{2}$/.test(l)), months.join(' | '));
    const years = timeTicks(Date.UTC(2015, 3, 1) / 1000, Date.UTC(2025, 3, 1) / 1000, 7).map((t) => t.label);
    assert.ok(years.every((l) => /^\d{4}$/.test(l)), years.join(' | '));
    assert.ok(years.length <= 7);
  });
});

describe('scoreChart', () => {
  const scores = [100, 0, 50, 75, 75, 62.5];
  const r = report(scores.map((s, i) => snapshot(i, s)));
  const chart = scoreChart(r);

  it('is a labelled svg with a point per snapshot that carries its sha and a tooltip', () => {
    assertChartRoot(chart, 'score-chart');
    const points = all(chart, (n) => n.tag === 'circle' && 'data-sha' in n.attrs);
    assert.deepEqual(
      points.map((p) => p.attrs['data-sha']),
      r.snapshots.map((s) => s.sha),
    );
    const tooltip = points[1]?.children?.[0]?.text ?? '';
    assert.equal(tooltip, `Jan 7, 2025 · 0001000 · Author 1\nCommit 1\nScore 0 (\u2212100)`);
  });

  it('draws the workspace as steps on a 0–100 axis, one step per snapshot', () => {
    const labels = all(chart, (n) => hasClass(n, 'y-axis'))[0]?.children?.map((t) => t.text);
    assert.deepEqual(labels, ['0', '20', '40', '60', '80', '100']);
    const [line] = byClass(chart, 'path', 'workspace');
    const cmds = commands(String(line?.attrs.d));
    assert.equal(cmds.filter((c) => c.cmd === 'V').length, scores.length - 1);
    // The last score holds to the right edge of the plot.
    assert.deepEqual(cmds.at(-1), { cmd: 'H', args: [708] });
    const ys = [cmds[0]?.args[1], ...cmds.filter((c) => c.cmd === 'V').map((c) => c.args[0])] as number[];
    const value = yAxisOf(chart);
    assert.deepEqual(
      ys.map((y) => Math.round(value(y) * 10) / 10),
      scores,
    );
    const xs = [cmds[0]?.args[0], ...cmds.filter((c) => c.cmd === 'H').map((c) => c.args[0])] as number[];
    assert.equal(xs.length, scores.length + 1);
    assert.ok(xs.every((x, i) => i === 0 || x > (xs[i - 1] as number)), 'time runs left to right');
    // The markers sit on the line.
    const points = all(chart, (n) => n.tag === 'circle' && 'data-sha' in n.attrs);
    assert.deepEqual(
      points.map((p) => Number(p.attrs.cy)),
      ys,
    );
  });

  it('draws a thinner line per kind, broken where the kind has no file', () => {
    const snaps = [snapshot(0, 80, { byKind: { prompt: 80, agent: 60 } }), snapshot(1, 81, { byKind: { prompt: 81 } }), snapshot(2, 82, { byKind: { prompt: 82, agent: 65 } })];
    const c = scoreChart(report(snaps));
    const kinds = all(c, (n) => n.tag === 'path' && hasClass(n, 'kind'));
    assert.deepEqual(
      kinds.map((k) => k.attrs['data-kind']),
      ['agent', 'prompt'],
    );
    assert.equal(commands(String(kinds[0]?.attrs.d)).filter((x) => x.cmd === 'M').length, 2, 'agent: two runs');
    assert.equal(commands(String(kinds[1]?.attrs.d)).filter((x) => x.cmd === 'M').length, 1, 'prompt: one run');
    const legend = all(c, (n) => hasClass(n, 'legend'))[0];
    assert.deepEqual(
      all(legend as SvgNode, (n) => n.tag === 'text').map((t) => t.text),
      ['Workspace', 'agent', 'prompt'],
    );
  });

  it('adds the working tree as a dashed step after the last commit, without a sha', () => {
    const c = scoreChart(report([snapshot(0, 80), snapshot(1, 70)], { workingTree: { ...snapshot(1, 75), sha: '', time: T0 + DAY } }));
    const [dashed] = byClass(c, 'path', 'working-tree');
    assert.ok(dashed?.attrs['stroke-dasharray']);
    const [last] = byClass(c, 'path', 'workspace').map((p) => commands(String(p.attrs.d)).filter((x) => x.cmd === 'H').at(-1)?.args[0]);
    const wt = byClass(c, 'circle', 'working-tree')[0];
    assert.ok(wt && !('data-sha' in wt.attrs));
    assert.ok(Number(wt.attrs.cx) > (last as number), 'after the last commit');
    assert.match(wt.children?.[0]?.text ?? '', /Working tree[\s\S]*Score 75 \(\+5\)/);
  });

  it('handles no snapshot, one snapshot and a flat series', () => {
    const empty = scoreChart(report([]));
    assertChartRoot(empty, 'no-data');
    assert.ok(all(empty, (n) => n.tag === 'text').some((t) => /No commits/.test(t.text ?? '')));

    const one = scoreChart(report([snapshot(0, 72)]));
    assertChartRoot(one, 'score-chart');
    assert.equal(all(one, (n) => n.tag === 'circle').length, 1);
    assert.deepEqual(commands(String(byClass(one, 'path', 'workspace')[0]?.attrs.d)).map((x) => x.cmd), ['M', 'H']);
    const x = Number(all(one, (n) => n.tag === 'circle')[0]?.attrs.cx);
    assert.ok(x > 44 && x < 708, `point inside the plot: ${x}`);
    assert.ok(all(one, (n) => hasClass(n, 'tick') && /^[A-Z][a-z]{2} \d/.test(n.text ?? '')).length >= 1, 'a date tick');

    const flat = scoreChart(report([0, 1, 2, 3].map((i) => snapshot(i, 70))));
    assertChartRoot(flat, 'score-chart');
    const ys = new Set(all(flat, (n) => n.tag === 'circle').map((p) => p.attrs.cy));
    assert.equal(ys.size, 1);
  });

  it('stays small with 1,000 snapshots: one path per series, markers for the commits that moved the score', () => {
    const snaps = Array.from({ length: 1000 }, (_, i) => snapshot(i, i === 500 ? 40 : 70 + (i % 7 === 0 ? 1 : 0), { time: T0 + i * 6 * 3600 }));
    const c = scoreChart(report(snaps));
    assertChartRoot(c, 'score-chart');
    const markup = renderSvg(c);
    assert.ok(markup.length < 100_000, `${markup.length} bytes`);
    assert.equal(byClass(c, 'path', 'workspace').length, 1);
    assert.equal(commands(String(byClass(c, 'path', 'workspace')[0]?.attrs.d)).filter((x) => x.cmd === 'V').length, 999);
    const shas = all(c, (n) => n.tag === 'circle').map((p) => p.attrs['data-sha']);
    assert.ok(shas.length <= MAX_MARKERS, `${shas.length} markers`);
    assert.equal(shas[0], snaps[0]?.sha);
    assert.equal(shas.at(-1), snaps[999]?.sha);
    assert.ok(shas.includes(snaps[500]?.sha) && shas.includes(snaps[501]?.sha), 'the fall and the recovery are marked');
  });
});

describe('findingsChart', () => {
  const counts = [
    { direction: 3, context: 1, safety: 0, format: 2 },
    { direction: 5, context: 0, safety: 1, format: 2 },
    { direction: 4, context: 2, safety: 0, format: 0 },
    { direction: 9, context: 3, safety: 2, format: 4 },
  ];
  const r = report(counts.map((c, i) => snapshot(i, 70, { findingsByCategory: c })));
  const chart = findingsChart(r);

  it('stacks one area per category whose tops add up to the data', () => {
    assertChartRoot(chart, 'findings-chart');
    const areas = byClass(chart, 'path', 'area');
    assert.deepEqual(
      areas.map((a) => a.attrs['data-category']),
      ['direction', 'context', 'safety', 'format'],
    );
    const value = yAxisOf(chart);
    // Each snapshot's x, from its hover column; read each edge just right of it.
    const xs = byClass(chart, 'rect', 'hit').map((r) => Number(r.attrs.x) + 0.05);
    assert.equal(xs.length, counts.length);
    const round = (n: number) => Math.round(n * 100) / 100;
    let below = counts.map(() => 0);
    for (const area of areas) {
      const cat = area.attrs['data-category'] as keyof (typeof counts)[0];
      const edges = areaEdges(String(area.attrs.d));
      assert.deepEqual(
        xs.map((x) => round(value(edges.bottom(x)))),
        below,
        `${cat} sits on the layers below`,
      );
      const top = counts.map((c, i) => (below[i] as number) + c[cat]);
      assert.deepEqual(
        xs.map((x) => round(value(edges.top(x)))),
        top,
        `${cat} stacked tops`,
      );
      assert.ok(hasClass(area, `cat-${cat}`));
      below = top;
    }
    // The top of the stack is the total of each snapshot.
    assert.deepEqual(below, counts.map((c) => c.direction + c.context + c.safety + c.format));
  });

  it('gives each snapshot a hover column with its sha and breakdown', () => {
    const hits = byClass(chart, 'rect', 'hit');
    assert.deepEqual(
      hits.map((x) => x.attrs['data-sha']),
      r.snapshots.map((s) => s.sha),
    );
    assert.match(hits[3]?.children?.[0]?.text ?? '', /18 findings: Direction 9, Context 3, Safety 2, Format 4$/);
  });

  it('leaves out a category that never had a finding, draws one snapshot as a bar, and says when there is nothing', () => {
    const none = findingsChart(report([snapshot(0, 70, { findingsByCategory: { direction: 2, context: 0, safety: 0, format: 1 } }), snapshot(1, 70, { findingsByCategory: { direction: 1, context: 0, safety: 0, format: 1 } })]));
    assert.deepEqual(
      byClass(none, 'path', 'area').map((a) => a.attrs['data-category']),
      ['direction', 'format'],
    );
    const one = findingsChart(report([snapshot(0, 70, { findingsByCategory: { direction: 2, context: 1, safety: 0, format: 3 } })]));
    assertChartRoot(one, 'findings-chart');
    const bars = byClass(one, 'rect', 'area');
    const value = yAxisOf(one);
    const total = bars.reduce((sum, b) => sum + (value(Number(b.attrs.y)) - value(Number(b.attrs.y) + Number(b.attrs.height))), 0);
    assert.equal(Math.round(total * 100) / 100, 6);
    assertChartRoot(findingsChart(report([])), 'no-data');
    // All zero: an axis from 0, nothing stacked, no division by zero.
    const zero = findingsChart(report([snapshot(0, 100), snapshot(1, 100)]));
    assertChartRoot(zero, 'findings-chart');
    assert.equal(byClass(zero, 'path', 'area').length, 0);
  });
});

describe('rulesChart', () => {
  const r = report([
    snapshot(0, 70, { findingsByRule: { 'vague-quantifier': 2, 'missing-role': 4 } }),
    snapshot(1, 60, { findingsByRule: { 'vague-quantifier': 8, 'missing-role': 4, 'long-line': 2, 'broken-reference': 1 } }),
  ]);

  it('bars the rules with the most findings now, longest first, with data-rule and the change', () => {
    const chart = rulesChart(r);
    assertChartRoot(chart, 'rules-chart');
    const rows = all(chart, (n) => 'data-rule' in n.attrs);
    assert.deepEqual(
      rows.map((x) => x.attrs['data-rule']),
      ['vague-quantifier', 'missing-role', 'long-line', 'broken-reference'],
    );
    const widths = rows.map((row) => Number(byClass(row, 'rect', 'bar')[0]?.attrs.width));
    assert.ok(Math.abs((widths[0] as number) / (widths[2] as number) - 4) < 0.01, `8:2 bars, got ${widths.join(', ')}`);
    const value = (row: SvgNode) => all(row, (n) => n.tag === 'tspan').map((t) => t.text).join('');
    assert.equal(value(rows[0] as SvgNode), '8 +6');
    assert.equal(value(rows[1] as SvgNode), '4', 'unchanged: no note');
    assert.equal(value(rows[2] as SvgNode), '2 +2');
    assert.deepEqual(
      all(rulesChart(r, 2), (n) => 'data-rule' in n.attrs).map((x) => x.attrs['data-rule']),
      ['vague-quantifier', 'missing-role'],
    );
  });

  it('says so when there is no finding', () => {
    const clean = rulesChart(report([snapshot(0, 100)]));
    assertChartRoot(clean, 'no-data');
    assert.ok(all(clean, (n) => /every file is clean/.test(n.text ?? '')).length);
    assertChartRoot(rulesChart(report([])), 'no-data');
  });
});

describe('inspectionsChart and itemsChart', () => {
  const week = 7 * DAY;
  const start = Date.UTC(2025, 0, 6) / 1000;
  const r = report([], {
    inspections: {
      accepted: 9,
      rejected: 3,
      acceptRate: 0.75,
      weeks: [
        { start, accepted: 4, rejected: 1, itemFails: {} },
        { start: start + 3 * week, accepted: 5, rejected: 2, itemFails: {} },
      ],
      items: [
        { checklist: 'agent-output', item: 'tests', total: 10, failed: 2, na: 0, failRate: 0.2 },
        { checklist: 'agent-output', item: 'does-task', total: 8, failed: 6, na: 1, failRate: 0.75 },
        { checklist: 'agent-output', item: 'style', total: 5, failed: 0, na: 5, failRate: 0 },
      ],
      invalidLines: 0,
    },
  });

  it('stacks accepted under rejected per week, with the empty weeks between', () => {
    const chart = inspectionsChart(r);
    assertChartRoot(chart, 'inspections-chart');
    const weeks = all(chart, (n) => hasClass(n, 'week'));
    assert.deepEqual(
      weeks.map((w) => w.attrs['data-week']),
      [0, 1, 2, 3].map((i) => start + i * week),
    );
    assert.equal(weeks[1]?.children?.filter((c) => c.tag === 'rect').length, 0);
    const value = yAxisOf(chart);
    const heightOf = (w: SvgNode, cls: string) => {
      const bar = byClass(w, 'rect', cls)[0];
      return Math.round((value(Number(bar?.attrs.y)) - value(Number(bar?.attrs.y) + Number(bar?.attrs.height))) * 100) / 100;
    };
    assert.deepEqual([heightOf(weeks[3] as SvgNode, 'accepted'), heightOf(weeks[3] as SvgNode, 'rejected')], [5, 2]);
    const accepted = byClass(weeks[3] as SvgNode, 'rect', 'accepted')[0];
    const rejected = byClass(weeks[3] as SvgNode, 'rect', 'rejected')[0];
    assert.ok(Math.abs(Number(rejected?.attrs.y) + Number(rejected?.attrs.height) - Number(accepted?.attrs.y)) < 0.02, 'rejected sits on accepted');
    assertChartRoot(inspectionsChart(report([])), 'no-data');
  });

  it('bars item fail rates, worst first, on a 0–100% axis', () => {
    const chart = itemsChart(r);
    assertChartRoot(chart, 'items-chart');
    const rows = all(chart, (n) => 'data-item' in n.attrs);
    assert.deepEqual(
      rows.map((x) => x.attrs['data-item']),
      ['agent-output/does-task', 'agent-output/tests'],
    );
    const ratio = (row: SvgNode) => Number(byClass(row, 'rect', 'bar')[0]?.attrs.width) / Number(byClass(row, 'rect', 'track')[0]?.attrs.width);
    assert.ok(Math.abs(ratio(rows[0] as SvgNode) - 0.75) < 0.001);
    assert.ok(Math.abs(ratio(rows[1] as SvgNode) - 0.2) < 0.001);
    assert.deepEqual(
      all(chart, (n) => hasClass(n, 'x-axis'))[0]?.children?.map((t) => t.text),
      ['0%', '25%', '50%', '75%', '100%'],
    );
    assertChartRoot(itemsChart(report([])), 'no-data');
  });

  it('is deterministic', () => {
    assert.equal(renderSvg(inspectionsChart(r)), renderSvg(inspectionsChart(r)));
    assert.equal(renderSvg(scoreChart(r)), renderSvg(scoreChart(r)));
  });
});
