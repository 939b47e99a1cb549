/**
 * The quality dashboard's page: the sections of the HTML report (alerts with their evidence, the
 * headline score, the charts, the worst files, kinds and folders, inspections), drawn with the DOM
 * and styled with VS Code's theme variables (media/dashboard.css).
 *
 * Everything from the repository (paths, authors, commit subjects, rule ids) is put into the DOM
 * as text: `textContent` and `createTextNode`, and the charts through `svgElement`, never
 * `innerHTML`. Clicking a commit (a chart point, a mover) asks the host to show it, a file to open
 * it, a rule bar to explain the rule; in a chart the arrow keys move between its points and Enter
 * opens one. The page keeps its state with `setState`, so hiding the panel (its context is not
 * retained) or reloading the window shows the last report at once while the host builds a new one.
 */
import { h, liveRegion, nodes, vscodeApi, type Attrs, type Children } from '../dom';
import { findingsChart, formatDay, formatDelta, inspectionsChart, itemsChart, rulesChart, scoreChart } from '../../core/report/charts';
import type { FileRow } from '../../core/report/model';
import type { SvgNode } from '../../core/report/svg';
import type { Alert } from '../../core/trends';
import { ALERT_TITLES, groups, headline, plural, RANGE_LABELS, topRules, type GroupRow } from './model';
import type { FromWebviewMessage, InitialState, PageState, Range, Report, ToWebviewMessage } from './protocol';
import { svgElement } from './svg-dom';

const api = vscodeApi<FromWebviewMessage, PageState>();
const root = document.getElementById('app') as HTMLElement;
/** Announces updates to screen readers. */
const live = liveRegion();

/** The range choices, in order (the protocol's `RANGES`, without importing its zod schemas). */
const RANGE_ORDER: Range[] = ['30d', '90d', '365d', 'all'];
/** Rows of the worst-files table before "Show all". */
const FILE_ROWS = 15;

let state: PageState;

// ───────────────────────── State ─────────────────────────

function boot(): PageState {
  const initial = JSON.parse(root.dataset.state ?? '{}') as Partial<InitialState>;
  const saved = api.getState() as PageState | undefined;
  if (saved?.v === 1 && RANGE_ORDER.includes(saved.range)) return saved;
  return { v: 1, range: initial.range && RANGE_ORDER.includes(initial.range) ? initial.range : '90d', report: null, loading: true, error: null, allFiles: false };
}

function update(next: Partial<PageState>): void {
  state = { ...state, ...next };
  api.setState(state);
  render();
}

function announce(text: string): void {
  // Cleared first, so the same text twice is announced twice.
  live.textContent = '';
  requestAnimationFrame(() => (live.textContent = text));
}

// ───────────────────────── Messages from the host ─────────────────────────

function onMessage(message: ToWebviewMessage): void {
  switch (message.type) {
    case 'loading':
      update({ range: message.range, loading: true });
      break;
    case 'report': {
      update({ range: message.range, report: message.report, loading: false, error: null });
      const h = headline(message.report);
      announce(h.now ? `Quality report updated: workspace score ${h.now.score}.` : 'Quality report updated: no commit changed a prompt file in this range.');
      break;
    }
    case 'error':
      update({ range: message.range, report: null, loading: false, error: message.message });
      announce(`No quality report: ${message.message}`);
      break;
    default:
      assertNever(message);
  }
}

// ───────────────────────── Actions ─────────────────────────

function post(message: FromWebviewMessage): void {
  api.postMessage(message);
}

function setRange(range: Range): void {
  if (range === state.range && !state.error) return;
  update({ range, loading: true });
  post({ type: 'setRange', range });
}

function refresh(): void {
  update({ loading: true });
  post({ type: 'refresh' });
}

// ───────────────────────── Rendering ─────────────────────────

function button(label: Children, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const el = h('button', { type: 'button', ...attrs }, label);
  el.addEventListener('click', onClick);
  return el;
}

/** A link-looking button: it asks the host, it navigates nowhere. */
function linkButton(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  return button(label, onClick, { class: `link ${attrs.class ?? ''}`.trim(), ...omit(attrs, 'class') });
}

function fileLink(rel: string): HTMLButtonElement {
  return linkButton(rel, () => post({ type: 'openFile', path: rel }), { class: 'file-link', 'data-path': rel, title: `Open ${rel}` });
}

function commitLink(sha: string, label = sha.slice(0, 7)): HTMLButtonElement {
  return linkButton(label, () => post({ type: 'openCommit', sha }), { class: 'sha', 'data-sha': sha, title: `Show commit ${sha.slice(0, 10)}` });
}

function ruleLink(id: string, count?: number): HTMLButtonElement {
  return linkButton(count === undefined ? id : `${id} ×${count}`, () => post({ type: 'openRule', id }), { class: 'rule-link', 'data-rule': id, title: `Explain ${id}` });
}

function omit(attrs: Attrs, key: string): Attrs {
  const { [key]: _, ...rest } = attrs;
  return rest;
}

function section(id: string, title: string, ...children: Children[]): HTMLElement {
  return h('section', { id, class: 'card', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);
}

function render(): void {
  const focusId = document.activeElement?.id;
  const scroll = window.scrollY;
  const report = state.report;
  root.replaceChildren(
    ...nodes([
      renderHeader(report),
      state.error ? renderError(state.error) : null,
      !report && !state.error ? h('p', { class: 'progress', id: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Building the quality report from the git history…') : null,
      report ? renderReport(report) : null,
    ]),
  );
  if (state.loading) root.setAttribute('aria-busy', 'true');
  else root.removeAttribute('aria-busy');
  root.classList.toggle('refreshing', state.loading && report !== null);
  if (focusId) document.getElementById(focusId)?.focus({ preventScroll: true });
  window.scrollTo(0, scroll);
}

function renderHeader(report: Report | null): HTMLElement {
  const radios = RANGE_ORDER.map((range) => {
    const input = h('input', { type: 'radio', name: 'range', id: `range-${range}`, value: range, checked: range === state.range });
    input.addEventListener('change', () => {
      if (input.checked) setRange(range);
    });
    return h('label', { class: 'segment', for: `range-${range}` }, input, h('span', {}, RANGE_LABELS[range]));
  });
  const generated = report ? new Date(report.generatedAt) : undefined;
  return h(
    'header',
    { class: 'top' },
    h('h1', {}, 'Prompt quality', report ? h('span', { class: 'repo' }, ` · ${report.repository}`) : null),
    h(
      'div',
      { class: 'toolbar' },
      h('fieldset', { class: 'segments' }, h('legend', { class: 'visually-hidden' }, 'Range'), radios),
      button([h('span', { 'aria-hidden': 'true' }, '↻'), ' Refresh'], refresh, { id: 'refresh', class: 'secondary', disabled: state.loading && !report }),
      state.loading && report ? h('span', { class: 'progress inline', id: 'refreshing' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Refreshing…') : null,
    ),
    report && generated
      ? h(
          'p',
          { class: 'muted meta' },
          `${RANGE_LABELS[state.range]} · ${plural(report.snapshots.length, 'commit')} changed prompt files · ${plural(report.analysedVersions, 'file version')} analysed · generated ${generated.toLocaleString()}`,
        )
      : null,
  );
}

function renderError(message: string): HTMLElement {
  return h(
    'section',
    { id: 'error', class: 'card error-card', role: 'alert' },
    h('h2', {}, 'No quality report'),
    h('p', { class: 'error-message' }, message),
    button('Try again', refresh, { id: 'retry', class: 'primary' }),
  );
}

function renderReport(report: Report): Node[] {
  return nodes([
    renderAlerts(report.alerts),
    renderHeadline(report),
    h(
      'div',
      { class: 'charts' },
      chartFigure('score', scoreChart(report)),
      chartFigure('findings', findingsChart(report)),
      chartFigure('rules', rulesChart(report)),
    ),
    renderFiles(report.files),
    renderGroups(report),
    renderInspections(report),
  ]);
}

// ── Alerts ──

function renderAlerts(alerts: Alert[]): HTMLElement {
  if (!alerts.length) {
    return h('section', { id: 'alerts', class: 'card ok-card', 'aria-labelledby': 'alerts-title' }, h('h2', { id: 'alerts-title' }, h('span', { class: 'icon ok', 'aria-hidden': 'true' }, '✓ '), 'No alerts'), h('p', { class: 'muted' }, 'Nothing degraded beyond the thresholds in this range.'));
  }
  return section(
    'alerts',
    plural(alerts.length, 'alert'),
    h(
      'ul',
      { class: 'alerts' },
      alerts.map((a, i) =>
        h(
          'li',
          { class: `alert alert-${a.kind}`, id: `alert-${i}` },
          h('p', { class: 'alert-head' }, h('span', { class: 'badge' }, ALERT_TITLES[a.kind] ?? a.kind), ' ', h('span', { class: 'alert-message' }, a.message)),
          a.movers.length
            ? h(
                'div',
                { class: 'evidence' },
                h('p', { class: 'muted' }, 'Commits that lowered the score most:'),
                h(
                  'ul',
                  { class: 'movers' },
                  a.movers.map((m) =>
                    // The working tree (no sha) can be a mover too: uncommitted edits, nothing to show as a commit.
                    m.sha
                      ? h('li', { class: 'mover' }, commitLink(m.sha), ' ', h('span', { class: 'delta down' }, formatDelta(m.delta)), ' ', h('span', { class: 'subject' }, m.subject), h('span', { class: 'muted' }, ` — ${m.author}`))
                      : h('li', { class: 'mover working-tree' }, h('span', { class: 'delta down' }, formatDelta(m.delta)), ' ', h('span', { class: 'subject' }, 'Uncommitted changes'), h('span', { class: 'muted' }, ' (working tree)')),
                  ),
                ),
              )
            : null,
          a.files?.length
            ? h(
                'div',
                { class: 'evidence' },
                h('p', { class: 'muted' }, 'Files:'),
                h(
                  'ul',
                  { class: 'alert-files' },
                  a.files.map((f) =>
                    h(
                      'li',
                      {},
                      fileLink(f.path),
                      f.score !== undefined ? h('span', { class: 'muted' }, f.before !== undefined ? ` ${f.before} → ${f.score}` : ` ${f.score}`) : null,
                    ),
                  ),
                ),
              )
            : null,
        ),
      ),
    ),
  );
}

// ── Headline ──

function renderHeadline(report: Report): HTMLElement {
  const { now, start, change, commits, uncommitted } = headline(report);
  if (!now) {
    const when = state.range === 'all' ? 'in the history' : `in the last ${RANGE_LABELS[state.range].toLowerCase()}`;
    return section('headline', 'Workspace score', h('p', { id: 'no-commits' }, `No commit changed a prompt or context file ${when}. Choose a longer range, or commit a prompt file.`));
  }
  const direction = change === undefined || Math.abs(change) < 0.05 ? 'flat' : change > 0 ? 'up' : 'down';
  return section(
    'headline',
    'Workspace score',
    h(
      'div',
      { class: 'headline' },
      h('p', { class: 'score' }, h('span', { class: 'score-value', id: 'score-value' }, String(now.score)), h('span', { class: 'muted' }, ' / 100')),
      change !== undefined && start
        ? h('p', { class: `change ${direction}`, id: 'score-change' }, h('span', { class: 'delta' }, formatDelta(change)), h('span', { class: 'muted' }, ` since ${formatDay(start.time)}`))
        : null,
      h(
        'p',
        { class: 'muted facts' },
        `${plural(now.files, 'prompt file')} · ${plural(commits, 'commit')} in range`,
        uncommitted ? ` · includes uncommitted changes to ${plural(uncommitted, 'file')}` : '',
      ),
    ),
  );
}

// ── Charts ──

const CHART_TITLES: Record<string, string> = {
  score: 'Score over time',
  findings: 'Findings by category',
  rules: 'Rules with the most findings',
  inspections: 'Inspections per week',
  items: 'Checklist items that fail most',
};
const CHART_HINTS: Record<string, string> = {
  score: 'Each point is a commit: click it (or Enter) to see what it changed. Arrow keys move between points.',
  findings: 'Click a commit’s column to see what it changed.',
  rules: 'Click a rule to read why it matters and how to fix it.',
};

function chartFigure(name: string, node: SvgNode): HTMLElement {
  const svg = svgElement(node) as SVGSVGElement;
  const interactive = makeInteractive(svg);
  return h(
    'figure',
    { class: `chart-box chart-${name}`, id: `chart-${name}` },
    h('figcaption', {}, h('h3', {}, CHART_TITLES[name] ?? name), interactive && CHART_HINTS[name] ? h('span', { class: 'muted hint' }, CHART_HINTS[name]) : null),
    svg,
  );
}

/**
 * Makes the chart's commits and rules usable with mouse and keyboard: one tab stop per chart (the
 * latest point, or the first bar), arrow keys between the others, Enter or Space to open. The
 * chart becomes a group of buttons (an `img` hides its children from screen readers).
 */
function makeInteractive(svg: SVGSVGElement): boolean {
  const targets = [...svg.querySelectorAll<SVGElement>('[data-sha], [data-rule]')];
  if (!targets.length) return false;
  svg.setAttribute('role', 'group');
  const start = targets[0]?.hasAttribute('data-sha') ? targets.length - 1 : 0;
  targets.forEach((t, i) => {
    t.setAttribute('tabindex', i === start ? '0' : '-1');
    t.setAttribute('role', 'button');
    const title = t.querySelector('title')?.textContent ?? t.getAttribute('data-rule') ?? '';
    t.setAttribute('aria-label', title.replace(/\n/g, ' · '));
    t.classList.add('interactive');
  });
  const activate = (t: Element): void => {
    const sha = t.getAttribute('data-sha');
    const rule = t.getAttribute('data-rule');
    if (sha) post({ type: 'openCommit', sha });
    else if (rule) post({ type: 'openRule', id: rule });
  };
  svg.addEventListener('click', (e) => {
    const t = (e.target as Element).closest('[data-sha], [data-rule]');
    if (t) activate(t);
  });
  svg.addEventListener('keydown', (e) => {
    const current = (e.target as Element).closest<SVGElement>('[data-sha], [data-rule]');
    if (!current) return;
    const index = targets.indexOf(current);
    let next: number | undefined;
    switch (e.key) {
      case 'Enter':
      case ' ':
        e.preventDefault();
        activate(current);
        return;
      case 'ArrowRight':
      case 'ArrowDown':
        next = Math.min(targets.length - 1, index + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        next = Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = targets.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    const target = targets[next];
    if (!target || target === current) return;
    current.setAttribute('tabindex', '-1');
    target.setAttribute('tabindex', '0');
    target.focus();
  });
  return true;
}

// ── Files ──

const CATEGORY_COLUMNS = ['direction', 'context', 'safety', 'format'] as const;

function renderFiles(files: FileRow[]): HTMLElement {
  if (!files.length) return section('files', 'Files', h('p', { class: 'muted' }, 'No prompt or context files.'));
  const shown = state.allFiles ? files : files.slice(0, FILE_ROWS);
  const table = h(
    'table',
    { class: 'files' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col', class: 'num' }, 'Score'), CATEGORY_COLUMNS.map((c) => h('th', { scope: 'col', class: 'num' }, capitalise(c))), h('th', { scope: 'col' }, 'Most findings')),
    ),
    h(
      'tbody',
      {},
      shown.map((f) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, fileLink(f.path)),
          h('td', { class: 'kind' }, f.kind),
          h('td', { class: `num score ${band(f.score)}` }, String(f.score)),
          CATEGORY_COLUMNS.map((c) => h('td', { class: `num ${band(f.categories[c])}` }, String(f.categories[c]))),
          h('td', { class: 'rules' }, topRules(f.findingsByRule).flatMap(([id, n], i) => [i ? ' ' : null, ruleLink(id, n)])),
        ),
      ),
    ),
  );
  return section(
    'files',
    state.allFiles || files.length <= FILE_ROWS ? `Files, lowest score first (${files.length})` : `Lowest-scoring files (${FILE_ROWS} of ${files.length})`,
    h('div', { class: 'table-wrap' }, table),
    files.length > FILE_ROWS ? button(state.allFiles ? `Show the ${FILE_ROWS} lowest only` : `Show all ${files.length} files`, () => update({ allFiles: !state.allFiles }), { id: 'files-toggle', class: 'secondary' }) : null,
  );
}

/** Score bands for colour: below 60 poor, below 80 fair. */
function band(score: number): string {
  return score < 60 ? 'poor' : score < 80 ? 'fair' : 'good';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ── Kinds and folders ──

function renderGroups(report: Report): HTMLElement {
  const { byKind, byFolder } = groups(report);
  const table = (id: string, caption: string, rows: GroupRow[]) =>
    h(
      'table',
      { class: 'groups', id },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, caption === 'By kind' ? 'Kind' : 'Folder'), h('th', { scope: 'col', class: 'num' }, 'Score'), h('th', { scope: 'col', class: 'num' }, 'Files'))),
      h(
        'tbody',
        {},
        rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.name), h('td', { class: `num ${band(r.score)}` }, String(r.score)), h('td', { class: 'num' }, String(r.files)))),
      ),
    );
  if (!byKind.length && !byFolder.length) return section('groups', 'By kind and folder', h('p', { class: 'muted' }, 'No files to group.'));
  return section('groups', 'By kind and folder', h('div', { class: 'two-columns' }, table('by-kind', 'By kind', byKind), table('by-folder', 'By folder', byFolder)));
}

// ── Inspections ──

function renderInspections(report: Report): HTMLElement {
  const i = report.inspections;
  const total = i.accepted + i.rejected;
  return section(
    'inspections',
    'Inspections',
    total
      ? h(
          'p',
          { class: 'facts' },
          h('strong', {}, plural(total, 'inspection')),
          ` in range: ${i.accepted} accepted, ${i.rejected} rejected`,
          i.acceptRate === null ? '' : ` (${Math.round(i.acceptRate * 100)}% accepted)`,
          '.',
        )
      : h('p', { class: 'muted' }, 'No inspection recorded in this range. Reviewers record them with “Prompt Coach: Inspect Output…”.'),
    i.invalidLines ? h('p', { class: 'warning' }, `${plural(i.invalidLines, 'line')} of the records are not valid records: run \`prompt-coach inspections verify\`.`) : null,
    total ? h('div', { class: 'charts' }, chartFigure('inspections', inspectionsChart(report)), chartFigure('items', itemsChart(report))) : null,
  );
}

function assertNever(value: never): never {
  throw new Error(`Unexpected message ${JSON.stringify(value)}`);
}

// ───────────────────────── Start ─────────────────────────

try {
  state = boot();
} catch (err) {
  root.replaceChildren(h('p', { class: 'error' }, `The dashboard could not start: ${(err as Error).message}`));
  throw err;
}
window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => onMessage(event.data));
render();
post({ type: 'ready' });
