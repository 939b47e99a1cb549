/**
 * The quality report as one self-contained HTML file (`prompt-coach report --format html`): no
 * script, no network, one inline stylesheet allowed by its hash in the page's CSP, charts as inline
 * SVG. It reads well in light and dark and prints on paper, because it is meant to be forwarded.
 *
 * Everything that comes from the repository (paths, authors, subjects, rule ids, kinds, folders) is
 * escaped; charts go through `renderSvg`, which escapes too and refuses event handlers and styles.
 */
import { createHash } from 'node:crypto';
import { findingsChart, formatDay, formatDelta, inspectionsChart, itemsChart, rulesChart, scoreChart } from '../core/report/charts';
import type { FileRow, QualityReport, Snapshot } from '../core/report/model';
import { escapeXml as esc, h, renderSvg } from '../core/report/svg';
import { DEFAULT_SCORING } from '../core/score';
import type { Alert, AlertKind } from '../core/trends';
import { CATEGORIES } from '../core/types';

/** Rows of the worst-files table; the rest is counted under it. */
const WORST_FILES = 15;

const ALERT_TITLES: Record<AlertKind, string> = {
  'score-drop': 'Score drop',
  'rule-rising': 'Rule on the rise',
  'kind-behind': 'Kind behind',
  'folder-behind': 'Folder behind',
  'rejections-rising': 'Rejections rising',
  'item-failing': 'Checklist item failing',
};

export function reportHtml(report: QualityReport): string {
  const style = STYLE;
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
  const title = `Prompt quality · ${report.repository}`;
  const body = [masthead(report), alertsSection(report), headline(report), charts(report), filesSection(report), groupsSection(report), inspectionsSection(report), footer(report)];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Prompt Coach">
<title>${esc(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Sections

function masthead(report: QualityReport): string {
  const first = report.snapshots[0];
  const last = report.snapshots[report.snapshots.length - 1];
  const facts: string[] = [];
  if (first && last) facts.push(formatRange(first.time, last.time));
  if (report.since) facts.push(`since ${esc(report.since)}`);
  facts.push(plural(report.snapshots.length, 'commit'));
  facts.push(`${plural(report.analysedVersions, 'file version')} analysed`);
  if (report.workingTree) facts.push('includes uncommitted changes');
  return `<header class="masthead">
<p class="eyebrow">Prompt Coach · Quality report</p>
<h1>${esc(report.repository)}</h1>
<p class="range">${facts.join(' · ')}</p>
</header>`;
}

function alertsSection(report: QualityReport): string {
  const t = report.thresholds;
  const rules =
    `Checked over the last ${t.windowDays} days: a score drop of more than ${t.scoreDrop} points, a rule up by ${t.ruleRiseMin} or more findings at a rising rate, ` +
    `a kind of file more than ${t.kindGap} points behind, a folder more than ${t.folderGap} points behind; ` +
    `inspections rejected, or a checklist item failing, more than ${Math.round(t.rejectRateRise * 100)} and ${Math.round(t.itemFailRise * 100)} points more often than in the ${t.windowDays} days before (with ${t.minInspections}+ decisions on each side).`;
  if (!report.alerts.length) {
    return `<section class="alerts calm" aria-labelledby="alerts-title">
<h2 id="alerts-title">No alerts</h2>
<p class="muted">${esc(rules)}</p>
</section>`;
  }
  const bySha = new Map(report.snapshots.map((s) => [s.sha, s]));
  return `<section class="alerts" aria-labelledby="alerts-title">
<h2 id="alerts-title">Alerts <span class="count">${report.alerts.length}</span></h2>
${report.alerts.map((a) => alertCard(a, bySha)).join('\n')}
<p class="muted small">${esc(rules)}</p>
</section>`;
}

function alertCard(alert: Alert, bySha: Map<string, Snapshot>): string {
  const parts = [`<div class="alert-head"><span class="badge">${esc(ALERT_TITLES[alert.kind] ?? alert.kind)}</span><p class="message">${esc(alert.message)}</p></div>`];
  if (alert.movers.length) {
    const rows = alert.movers.map((m) => {
      const when = bySha.get(m.sha);
      return `<tr><td><code class="sha" title="${esc(m.sha)}">${esc(m.sha.slice(0, 7))}</code></td><td class="nowrap">${when ? esc(formatDay(when.time)) : ''}</td><td>${esc(m.author)}</td><td class="subject">${esc(m.subject)}</td><td class="num ${m.delta < 0 ? 'down' : 'up'}">${esc(formatDelta(m.delta))}</td></tr>`;
    });
    parts.push(`<h3>Commits that lowered the score most</h3>
<table class="evidence movers"><thead><tr><th>Commit</th><th>Date</th><th>Author</th><th>Subject</th><th class="num">Change</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  if (alert.files?.length) {
    const rows = alert.files.map((f) => {
      const change = f.before !== undefined && f.score !== undefined ? `<span class="muted">${esc(String(f.before))} →</span> ` : '';
      const delta = f.before !== undefined && f.score !== undefined ? ` <span class="${f.score < f.before ? 'down' : 'up'}">${esc(formatDelta(f.score - f.before))}</span>` : '';
      return `<tr><td class="path">${esc(f.path)}</td><td class="num nowrap">${change}${f.score === undefined ? '<span class="muted">removed</span>' : scoreBadge(f.score)}${delta}</td></tr>`;
    });
    parts.push(`<h3>Files</h3>
<table class="evidence files"><thead><tr><th>File</th><th class="num">Score</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  return `<article class="alert alert-${esc(alert.kind)}">
${parts.join('\n')}
</article>`;
}

function headline(report: QualityReport): string {
  const first = report.snapshots[0];
  const now = report.workingTree ?? report.snapshots[report.snapshots.length - 1];
  // The masthead gives the range with years; the tiles only need the day.
  const since = first && now && first !== now ? ` since ${esc(formatDay(first.time).replace(/, \d+$/, ''))}` : '';
  const tiles: string[] = [];
  if (now) {
    const change = first && first !== now ? deltaLine(now.score - first.score, since) : '<span class="sub muted">one commit in range</span>';
    tiles.push(tile('Workspace score', `<span class="${scoreClass(now.score)}">${esc(String(now.score))}</span><span class="of">/100</span>`, change, 'main'));
  } else {
    tiles.push(tile('Workspace score', '<span class="muted">—</span>', '<span class="sub muted">no commit changed a prompt file</span>', 'main'));
  }
  const files = now?.files ?? report.files.length;
  const fileChange = first && now && first !== now && files !== first.files ? `${formatDelta(files - first.files)}${since}` : 'prompt and context files';
  tiles.push(tile('Files', esc(String(files)), `<span class="sub muted">${fileChange}</span>`));
  const findingsNow = now ? sum(Object.values(now.findingsByRule)) : 0;
  const findingsThen = first ? sum(Object.values(first.findingsByRule)) : 0;
  // More findings is worse: the arrow points the way the number went, the colour says good or bad.
  const findingsChange = first && now && first !== now ? deltaLine(findingsNow - findingsThen, since, true) : '<span class="sub muted">counted findings</span>';
  tiles.push(tile('Findings', esc(String(findingsNow)), findingsChange));
  tiles.push(tile('Commits', esc(String(report.snapshots.length)), `<span class="sub muted">${esc(plural(report.analysedVersions, 'file version'))}</span>`));
  const rate = report.inspections.acceptRate;
  if (rate !== null) {
    const total = report.inspections.accepted + report.inspections.rejected;
    tiles.push(tile('Accepted', `${Math.round(rate * 100)}<span class="of">%</span>`, `<span class="sub muted">of ${esc(plural(total, 'inspection'))}</span>`));
  }
  return `<section class="headline" aria-label="Headline">
${tiles.join('\n')}
</section>`;
}

function charts(report: QualityReport): string {
  const hasKinds = report.snapshots.some((s) => Object.keys(s.byKind).length > 0);
  return `<section aria-labelledby="score-title">
<h2 id="score-title">Score over time</h2>
<p class="lede">Each point is a commit that changed a prompt or context file; a score holds until the next one.${hasKinds ? ' Thin lines are the mean score of each kind of file.' : ''}</p>
<figure>${renderSvg(scoreChart(report))}</figure>
</section>
<section aria-labelledby="findings-title">
<h2 id="findings-title">Findings by category</h2>
<p class="lede">Counted findings over all files, stacked; the top edge is the total.</p>
<figure>${renderSvg(findingsChart(report))}</figure>
</section>
<section aria-labelledby="rules-title">
<h2 id="rules-title">Top rules</h2>
<p class="lede">The rules with the most findings now, with their change over the range.</p>
<figure>${renderSvg(rulesChart(report))}</figure>
</section>`;
}

function filesSection(report: QualityReport): string {
  if (!report.files.length) {
    return `<section aria-labelledby="files-title"><h2 id="files-title">Files with the lowest scores</h2><p class="muted">No prompt or context files.</p></section>`;
  }
  const shown = report.files.slice(0, WORST_FILES);
  const rows = shown.map((f) => fileRow(f));
  const more = report.files.length - shown.length;
  return `<section aria-labelledby="files-title">
<h2 id="files-title">Files with the lowest scores</h2>
<p class="lede">Category scores below 70 are coloured; under each file, its kind and the rules it breaks most.</p>
<div class="scroll"><table class="data worst-files">
<thead><tr><th>File</th><th class="num">Score</th>${CATEGORIES.map((cat) => `<th class="num cat">${esc(capitalise(cat))}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
${more > 0 ? `<p class="muted small">And ${esc(plural(more, 'more file'))}, all scoring ${esc(String(shown[shown.length - 1]?.score ?? ''))} or more.</p>` : ''}
</section>`;
}

function fileRow(f: FileRow): string {
  const rules = Object.entries(f.findingsByRule)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, 3)
    .map(([rule, n]) => `<code class="rule">${esc(rule)}</code>${n > 1 ? `<span class="times">×${n}</span>` : ''}`)
    .join(' ');
  const cats = CATEGORIES.map((cat) => {
    const v = f.categories[cat];
    return `<td class="num cat${v < 70 ? ` ${scoreClass(v)}` : v === 100 ? ' muted' : ''}">${esc(String(v))}</td>`;
  }).join('');
  return `<tr><td><div class="path">${esc(f.path)}</div><div class="file-meta"><span class="kind">${esc(f.kind)}</span>${rules}</div></td><td class="num score-cell">${meter(f.score)}${scoreBadge(f.score)}</td>${cats}</tr>`;
}

function groupsSection(report: QualityReport): string {
  const now = report.workingTree ?? report.snapshots[report.snapshots.length - 1];
  if (!now) return '';
  const first = report.snapshots[0];
  const kindFiles = countBy(report.files, (f) => f.kind);
  const folderFiles = countBy(report.files, (f) => folderOf(f.path));
  const table = (label: string, scores: Record<string, number>, then: Record<string, number> | undefined, files: Map<string, number>) => {
    const rows = Object.entries(scores)
      .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1))
      .map(([name, score]) => {
        const before = then?.[name];
        const change =
          first === now || !then ? '' : before === undefined ? '<span class="muted">new</span>' : `<span class="${score < before ? 'down' : score > before ? 'up' : 'muted'}">${esc(formatDelta(score - before))}</span>`;
        return `<tr><td class="path">${esc(name)}</td><td class="num">${files.get(name) ?? ''}</td><td class="num score-cell">${meter(score)}${scoreBadge(score)}</td><td class="num">${change}</td></tr>`;
      });
    return `<table class="data"><thead><tr><th>${label}</th><th class="num">Files</th><th class="num">Mean score</th><th class="num">Change</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  };
  return `<section class="pair" aria-label="By kind and by folder">
<div><h2>By kind</h2>${table('Kind', now.byKind, first?.byKind, kindFiles)}</div>
<div><h2>By folder</h2>${table('Folder', now.byFolder, first?.byFolder, folderFiles)}</div>
</section>`;
}

function inspectionsSection(report: QualityReport): string {
  const i = report.inspections;
  const total = i.accepted + i.rejected;
  const facts =
    total === 0
      ? '<p class="muted">No inspection was recorded in this range. Inspections are the accept or reject decisions people record on agent output with <code>Prompt Coach: Inspect Output…</code>.</p>'
      : `<p class="lede"><strong>${Math.round((i.acceptRate ?? 0) * 100)}%</strong> of ${esc(plural(total, 'inspection'))} accepted: ${i.accepted} accepted, ${i.rejected} rejected.</p>`;
  const invalid = i.invalidLines ? `<p class="warning small">${esc(plural(i.invalidLines, 'line'))} of the records files are not valid records (see <code>prompt-coach inspections verify</code>).</p>` : '';
  const figures = total === 0 ? '' : `<figure>${renderSvg(inspectionsChart(report))}</figure>\n<h3>Checklist items that fail most</h3>\n<figure>${renderSvg(itemsChart(report))}</figure>`;
  return `<section aria-labelledby="inspections-title">
<h2 id="inspections-title">Inspections</h2>
${facts}
${invalid}
${figures}
</section>`;
}

function footer(report: QualityReport): string {
  const generated = new Date(report.generatedAt);
  const when = Number.isNaN(generated.getTime())
    ? esc(report.generatedAt)
    : `${esc(formatDay(generated.getTime() / 1000))} at ${String(generated.getUTCHours()).padStart(2, '0')}:${String(generated.getUTCMinutes()).padStart(2, '0')} UTC`;
  const m = report.scoring;
  const defaults = JSON.stringify(m) === JSON.stringify(DEFAULT_SCORING);
  const tokens = m.referenceTokens.toLocaleString('en-US');
  const curve = (weight: number) => Math.round(100 * Math.exp(-weight / m.scale));
  return `<footer>
<h2>How scores are computed</h2>
<p>Each finding costs penalty points by severity (${defaults ? 'by default ' : ''}error ${m.weights.error}, warning ${m.weights.warning}, info ${m.weights.info}). A rule that fires <var>n</var> times in one file costs its weight × (1 + ln <var>n</var>), not × <var>n</var>: ten vague words are one habit to fix, not ten. A file longer than ${tokens} estimated tokens has its penalty divided by √(tokens ÷ ${tokens}), so length alone is not punished. A file scores 100 · e<sup>−penalty ÷ ${m.scale}</sup>: no finding gives 100, one warning ${curve(m.weights.warning)}, one error ${curve(m.weights.error)}. Category scores apply the same curve to that category's findings alone; the workspace, kind and folder scores are means over their files. Every commit is scored with today's configuration, so the line shows the prompts changing, not the rules.</p>
<p class="muted small">Generated ${when} by Prompt Coach · report schema ${report.schemaVersion}</p>
</footer>`;
}

// ---------------------------------------------------------------------------------------------
// Pieces

function tile(label: string, value: string, sub: string, extra = ''): string {
  return `<div class="tile ${extra}"><span class="tile-label">${esc(label)}</span><span class="big">${value}</span>${sub}</div>`;
}

/** The change of a number, arrow and colour: up is good for scores, bad for findings (`inverse`). */
function deltaLine(delta: number, since: string, inverse = false): string {
  const r = Math.round(delta * 10) / 10;
  if (r === 0) return `<span class="sub muted">unchanged${since}</span>`;
  const good = inverse ? r < 0 : r > 0;
  return `<span class="sub ${good ? 'up' : 'down'}">${r > 0 ? '▲' : '▼'} ${esc(String(Math.abs(r)))}${since}</span>`;
}

function scoreClass(score: number): string {
  return score >= 90 ? 'good' : score >= 70 ? 'fair' : score >= 50 ? 'poor' : 'bad';
}

function scoreBadge(score: number): string {
  return `<span class="score ${scoreClass(score)}">${esc(String(score))}</span>`;
}

/** A small bar for a 0–100 score: SVG, because the CSP allows no inline style for a CSS width. */
function meter(score: number): string {
  const width = Math.max(0, Math.min(100, score));
  return renderSvg(
    h('svg', { class: `meter ${scoreClass(score)}`, viewBox: '0 0 100 6', 'aria-hidden': 'true', preserveAspectRatio: 'none' }, [
      h('rect', { class: 'meter-track', x: 0, y: 0, width: 100, height: 6, rx: 3 }),
      h('rect', { class: 'meter-fill', x: 0, y: 0, width, height: 6, rx: 3 }),
    ]),
  );
}

function formatRange(from: number, to: number): string {
  const a = formatDay(from);
  const b = formatDay(to);
  if (a === b) return esc(a);
  const sameYear = new Date(from * 1000).getUTCFullYear() === new Date(to * 1000).getUTCFullYear();
  return esc(`${sameYear ? a.replace(/, \d+$/, '') : a} – ${b}`);
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The first folder of a path, `.` at the root: the grouping `Snapshot.byFolder` uses. */
function folderOf(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

// ---------------------------------------------------------------------------------------------
// The one stylesheet. Chart colours: each colour class sets `--c`, each shape class uses it.

const STYLE = `
:root {
  --bg: #f6f7f9; --surface: #ffffff; --ink: #0f172a; --ink-2: #334155; --muted: #64748b;
  --border: #e3e7ee; --grid: #e8ecf2; --accent: #2563eb;
  --good: #15803d; --fair: #4d7c0f; --poor: #b45309; --bad: #b91c1c;
  --up: #15803d; --down: #b91c1c; --alert: #dc2626; --alert-bg: #fef2f2; --warn: #d97706; --warn-bg: #fffbeb;
  --s0: #2563eb; --s1: #0d9488; --s2: #d97706; --s3: #9333ea; --s4: #db2777; --s5: #0891b2; --s6: #65a30d; --s7: #64748b;
  --direction: #4f46e5; --context: #0d9488; --safety: #dc2626; --format: #f59e0b; --inspection: #9333ea;
  --accepted: #16a34a; --rejected: #dc2626;
  color-scheme: light dark;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --surface: #161b22; --ink: #e6edf3; --ink-2: #c9d1d9; --muted: #8b949e;
    --border: #2a313c; --grid: #262d36; --accent: #58a6ff;
    --good: #3fb950; --fair: #a3d063; --poor: #f0a040; --bad: #f85149;
    --up: #3fb950; --down: #f85149; --alert: #f85149; --alert-bg: #2a1618; --warn: #e3b341; --warn-bg: #2a2313;
    --s0: #58a6ff; --s1: #2dd4bf; --s2: #fbbf24; --s3: #c084fc; --s4: #f472b6; --s5: #22d3ee; --s6: #a3e635; --s7: #94a3b8;
    --direction: #818cf8; --context: #2dd4bf; --safety: #f87171; --format: #fbbf24; --inspection: #c084fc;
    --accepted: #3fb950; --rejected: #f85149;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); }
body {
  margin: 0; padding: 40px 24px 56px; color: var(--ink); background: var(--bg);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
  -webkit-font-smoothing: antialiased;
}
main { max-width: 960px; margin: 0 auto; }
h1 { font-size: 30px; line-height: 1.2; margin: 4px 0 6px; letter-spacing: -0.01em; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 0 0 4px; letter-spacing: -0.005em; }
h3 { font-size: 13px; margin: 16px 0 6px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
p { margin: 6px 0; }
code, .sha { font-family: ui-monospace, "SF Mono", "Cascadia Mono", Menlo, Consolas, monospace; font-size: 0.86em; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.lede { color: var(--ink-2); margin: 0 0 12px; font-size: 14px; }
.up { color: var(--up); }
.down { color: var(--down); }
.good { color: var(--good); } .fair { color: var(--fair); } .poor { color: var(--poor); } .bad { color: var(--bad); }
.nowrap { white-space: nowrap; }
.warning { color: var(--warn); }

.masthead { margin-bottom: 24px; }
.eyebrow { margin: 0; color: var(--accent); font-weight: 600; font-size: 13px; letter-spacing: 0.06em; text-transform: uppercase; }
.range { color: var(--muted); margin: 0; }

section, footer {
  background: var(--surface); border: 1px solid var(--border); border-radius: 12px;
  padding: 20px 24px; margin: 0 0 18px;
}
figure { margin: 0; }
.chart { display: block; width: 100%; height: auto; font-family: inherit; overflow: visible; }

.alerts { border-left: 4px solid var(--alert); }
.alerts.calm { border-left-color: var(--up); }
.alerts h2 { display: flex; align-items: center; gap: 8px; }
.count { display: inline-block; min-width: 22px; padding: 0 7px; border-radius: 11px; background: var(--alert); color: #fff; font-size: 12px; line-height: 22px; text-align: center; }
.alert { border-top: 1px solid var(--border); padding: 14px 0 6px; }
.alert:first-of-type { border-top: 0; }
.alert-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.alert-head .message { margin: 0; font-weight: 600; flex: 1 1 300px; }
.badge {
  display: inline-block; padding: 2px 8px; border-radius: 6px; font-size: 11px; font-weight: 700;
  letter-spacing: 0.05em; text-transform: uppercase; color: var(--alert); background: var(--alert-bg); white-space: nowrap;
}
.alert-kind-behind .badge, .alert-folder-behind .badge, .alert-rule-rising .badge { color: var(--warn); background: var(--warn-bg); }

table { border-collapse: collapse; width: 100%; font-size: 14px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; padding: 6px 10px 6px 0; border-bottom: 1px solid var(--border); }
td { padding: 7px 10px 7px 0; border-bottom: 1px solid var(--border); vertical-align: top; }
tbody tr:last-child td { border-bottom: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
th.num { text-align: right; }
td:last-child, th:last-child { padding-right: 0; }
.path { overflow-wrap: anywhere; font-family: ui-monospace, "SF Mono", "Cascadia Mono", Menlo, Consolas, monospace; font-size: 13px; }
.subject { color: var(--ink-2); overflow-wrap: anywhere; }
.sha { padding: 1px 6px; border-radius: 5px; background: var(--bg); border: 1px solid var(--border); }
.evidence { margin-bottom: 6px; }
.scroll { overflow-x: auto; }
.score { font-weight: 700; font-variant-numeric: tabular-nums; }
.score-cell { white-space: nowrap; }
.score-cell .score { display: inline-block; min-width: 2.4em; text-align: right; }
.meter { display: inline-block; width: 56px; height: 6px; margin-right: 8px; vertical-align: middle; }
.meter-track { fill: var(--grid); }
.meter.good .meter-fill { fill: var(--good); } .meter.fair .meter-fill { fill: var(--fair); }
.meter.poor .meter-fill { fill: var(--poor); } .meter.bad .meter-fill { fill: var(--bad); }
td.cat, th.cat { width: 72px; }
.file-meta { margin-top: 2px; font-size: 12px; color: var(--muted); line-height: 1.7; }
.file-meta .kind { margin-right: 10px; font-weight: 600; }
code.rule { white-space: nowrap; padding: 0 5px; border-radius: 4px; background: var(--bg); border: 1px solid var(--border); color: var(--ink-2); font-size: 11px; margin-right: 2px; }
.file-meta .times { margin-right: 8px; }

.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 0; padding: 0; overflow: hidden; }
.tile { padding: 18px 20px; border-left: 1px solid var(--border); display: flex; flex-direction: column; gap: 2px; }
.tile:first-child { border-left: 0; }
.tile-label { font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.big { font-size: 30px; font-weight: 700; line-height: 1.15; font-variant-numeric: tabular-nums; letter-spacing: -0.02em; }
.tile.main .big { font-size: 40px; }
.of { font-size: 15px; font-weight: 500; color: var(--muted); margin-left: 2px; letter-spacing: 0; }
.sub { font-size: 13px; }

.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
.pair h2 { margin-bottom: 8px; }

footer { color: var(--ink-2); font-size: 14px; }
footer h2 { font-size: 15px; }
sup { line-height: 0; }

/* Charts */
.chart .series-0 { --c: var(--s0); } .chart .series-1 { --c: var(--s1); } .chart .series-2 { --c: var(--s2); } .chart .series-3 { --c: var(--s3); }
.chart .series-4 { --c: var(--s4); } .chart .series-5 { --c: var(--s5); } .chart .series-6 { --c: var(--s6); } .chart .series-7 { --c: var(--s7); }
.chart .cat-direction { --c: var(--direction); } .chart .cat-context { --c: var(--context); } .chart .cat-safety { --c: var(--safety); }
.chart .cat-format { --c: var(--format); } .chart .cat-inspection { --c: var(--inspection); }
.chart .accepted { --c: var(--accepted); } .chart .rejected { --c: var(--rejected); }
.chart .line, .chart .swatch-line { stroke: var(--c); }
.chart .area, .chart .bar, .chart .swatch, .chart .point { fill: var(--c); }
.chart .point:hover { r: 6; }
.chart .point.working-tree { fill: var(--surface); stroke: var(--c); stroke-width: 2; }
.chart .grid { stroke: var(--grid); }
.chart .axis, .chart .muted { fill: var(--muted); }
.chart .baseline, .chart .tick-mark { stroke: var(--border); }
.chart .label, .chart .value { fill: var(--ink-2); }
.chart .track { fill: var(--grid); }
.chart .hit:hover { fill: var(--ink); fill-opacity: 0.06; }
.chart .row:hover .bar, .chart .week:hover .bar { fill-opacity: 0.8; }
.chart .empty-frame { stroke: var(--border); }

@media (max-width: 720px) {
  body { padding: 20px 12px 40px; }
  section, footer { padding: 16px; }
  .pair { grid-template-columns: 1fr; }
  .tile { border-left: 0; border-top: 1px solid var(--border); }
}
@media print {
  html, body { background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { padding: 0; font-size: 12px; }
  section, footer { break-inside: avoid; border-radius: 0; border-color: #d0d7de; }
  .alerts { break-inside: auto; }
  .scroll { overflow: visible; }
}
`;
