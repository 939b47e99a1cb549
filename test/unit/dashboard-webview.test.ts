import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { dashboardHtml, newNonce } from '../../src/extension/dashboard/html';
import type { FromWebviewMessage, PageState, Range, Report } from '../../src/webview/dashboard/protocol';
import { bundleWebviewPage, CHROMIUM, CHROMIUM_FLAGS } from '../helpers/chromium';
import { fixtureReport, historyRepo, HOSTILE, HOSTILE_SCRIPT } from './dashboard-fixture';

/**
 * The dashboard page (src/webview/dashboard/main.ts) in a real headless Chromium, served with the
 * panel's own HTML shell and CSP (`dashboardHtml`) from a fake origin answered by `page.route` (no
 * network). The report is the real `buildQualityReport` of a real git repository
 * (dashboard-fixture.ts). A stub `acquireVsCodeApi` records what the page posts, keeps its state in
 * sessionStorage (so it survives a reload, like a webview's) and answers like the host does. The
 * theme's colours are set as VS Code sets them (CSS variables on the root element), so the
 * screenshots in test/output/dashboard/ show the page as it looks in a light and a dark theme.
 */
const ROOT = path.resolve(__dirname, '../..');
const ORIGIN = 'https://dashboard.test';
const OUTPUT = path.join(ROOT, 'test/output/dashboard');
const WAIT_MS = 10_000;

/** Colours of VS Code's Light Modern and Dark Modern themes, as the webview gets them. */
const THEMES: Record<'light' | 'dark', { kind: string; vars: Record<string, string> }> = {
  light: {
    kind: 'vscode-light',
    vars: {
      foreground: '#3b3b3b',
      'editor-background': '#ffffff',
      'sideBar-background': '#f8f8f8',
      'panel-border': '#e5e5e5',
      'widget-border': '#e5e5e5',
      'editorWidget-border': '#e5e5e5',
      descriptionForeground: '#717171',
      'charts-foreground': '#616161',
      'charts-lines': '#61616180',
      'charts-red': '#e51400',
      'charts-blue': '#1a85ff',
      'charts-yellow': '#bf8803',
      'charts-orange': '#d18616',
      'charts-green': '#388a34',
      'charts-purple': '#652d90',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'textLink-foreground': '#005fb8',
      'textLink-activeForeground': '#005fb8',
      focusBorder: '#005fb8',
      'badge-background': '#cccccc',
      'badge-foreground': '#3b3b3b',
      errorForeground: '#f85149',
      'editorWarning-foreground': '#bf8803',
      'input-background': '#ffffff',
      'checkbox-border': '#cecece',
      'progressBar-background': '#005fb8',
      'list-hoverBackground': '#f2f2f2',
    },
  },
  dark: {
    kind: 'vscode-dark',
    vars: {
      foreground: '#cccccc',
      'editor-background': '#1f1f1f',
      'sideBar-background': '#181818',
      'panel-border': '#2b2b2b',
      'widget-border': '#313131',
      'editorWidget-border': '#313131',
      descriptionForeground: '#9d9d9d',
      'charts-foreground': '#cccccc',
      'charts-lines': '#cccccc80',
      'charts-red': '#f14c4c',
      'charts-blue': '#3794ff',
      'charts-yellow': '#cca700',
      'charts-orange': '#d18616',
      'charts-green': '#89d185',
      'charts-purple': '#b180d7',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'textLink-foreground': '#4daafc',
      'textLink-activeForeground': '#4daafc',
      focusBorder: '#0078d4',
      'badge-background': '#616161',
      'badge-foreground': '#f8f8f8',
      errorForeground: '#f85149',
      'editorWarning-foreground': '#cca700',
      'input-background': '#313131',
      'checkbox-border': '#3c3c3c',
      'progressBar-background': '#0078d4',
      'list-hoverBackground': '#2a2d2e',
    },
  },
};
const FONTS = {
  'font-family': 'system-ui, "Segoe UI", "Ubuntu", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"DejaVu Sans Mono", monospace',
  'editor-font-size': '12px',
};

interface FakeHostConfig {
  /** The report per range; a range without one is answered with `error`. */
  reports: Partial<Record<Range, Report>>;
  error: string;
  /** Keep the answers until `window.__release()`. */
  hold: boolean;
  theme: { kind: string; vars: Record<string, string> };
}

/** Runs in the page before its scripts: the theme, the stub webview API and a fake host. Self-contained. */
function fakeHost(config: FakeHostConfig): void {
  const w = window as unknown as Record<string, unknown>;
  const posted: unknown[] = [];
  const violations: string[] = [];
  w.__posted = posted;
  w.__violations = violations;
  document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  // As VS Code does: the theme's colours as variables on <html> (CSSOM, which the CSP allows), its kind as a body class.
  // (The document has no element yet when this runs.)
  document.addEventListener('DOMContentLoaded', () => {
    for (const [name, value] of Object.entries(config.theme.vars)) document.documentElement.style.setProperty(`--vscode-${name}`, value);
    document.body.classList.add(config.theme.kind);
  });
  const reply = (message: unknown): void => window.postMessage(message, '*');
  let held: (() => void)[] = [];
  w.__release = () => {
    const all = held;
    held = [];
    for (const f of all) f();
  };
  let range = (JSON.parse(sessionStorage.getItem('hostRange') ?? 'null') as string | null) ?? '90d';
  const answer = (): void => {
    const r = range as keyof typeof config.reports;
    const send = (): void => {
      const report = config.reports[r];
      reply(report ? { type: 'report', range: r, report } : { type: 'error', range: r, message: config.error });
    };
    reply({ type: 'loading', range: r });
    if (config.hold) held.push(send);
    else setTimeout(send, 0);
  };
  w.acquireVsCodeApi = () => ({
    getState: () => {
      const saved = sessionStorage.getItem('state');
      return saved ? JSON.parse(saved) : undefined;
    },
    setState: (state: unknown) => sessionStorage.setItem('state', JSON.stringify(state)),
    postMessage: (message: { type: string; range?: string }) => {
      posted.push(JSON.parse(JSON.stringify(message)));
      if (message.type === 'ready' || message.type === 'refresh') answer();
      else if (message.type === 'setRange' && message.range) {
        range = message.range;
        sessionStorage.setItem('hostRange', JSON.stringify(range));
        answer();
      }
    },
  });
}

let bundle = '';
let css = '';
let context: BrowserContext | undefined;
let userDataDir = '';
let page: Page | undefined;
let consoleMessages: string[] = [];
let dialogs: string[] = [];
let repos: string[] = [];
let report: Report;
let report30: Report;
let hostileReport: Report;

async function openPage(overrides: Partial<FakeHostConfig> = {}, viewport = { width: 1100, height: 900 }): Promise<Page> {
  if (!context) throw new Error('no browser');
  const config: FakeHostConfig = { reports: { '90d': report, '30d': report30 }, error: 'unused', hold: false, theme: THEMES.dark, ...overrides };
  const p = await context.newPage();
  await p.setViewportSize(viewport);
  consoleMessages = [];
  dialogs = [];
  p.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  p.on('pageerror', (e) => consoleMessages.push(`pageerror: ${e.message}`));
  p.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const html = dashboardHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dashboard.js`, styleUri: `${ORIGIN}/dashboard.css`, nonce: newNonce() }, { range: '90d' });
  await p.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    const body = url.pathname === '/' ? html : url.pathname === '/dashboard.js' ? bundle : url.pathname === '/dashboard.css' ? css : undefined;
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    const type = url.pathname.endsWith('.js') ? 'text/javascript' : url.pathname.endsWith('.css') ? 'text/css' : 'text/html';
    return route.fulfill({ status: 200, contentType: type, body });
  });
  // tsx compiles this file with esbuild's keepNames, whose `__name` helper the serialized
  // functions call: give the page a no-op one.
  await p.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await p.addInitScript(fakeHost, { ...config, theme: { kind: config.theme.kind, vars: { ...FONTS, ...config.theme.vars } } });
  await p.goto(`${ORIGIN}/`);
  page = p;
  return p;
}

async function posted(p: Page): Promise<FromWebviewMessage[]> {
  return p.evaluate(() => (window as unknown as { __posted: FromWebviewMessage[] }).__posted);
}

async function lastPosted(p: Page, type: FromWebviewMessage['type']): Promise<FromWebviewMessage | undefined> {
  return (await posted(p)).filter((m) => m.type === type).at(-1);
}

async function waitForReport(p: Page): Promise<void> {
  await p.locator('#score-value').waitFor({ timeout: WAIT_MS }).catch((err: Error) => {
    throw new Error(`${err.message}\nconsole: ${JSON.stringify(consoleMessages)}`);
  });
  await p.waitForFunction(() => !document.getElementById('app')?.hasAttribute('aria-busy'), undefined, { timeout: WAIT_MS });
}

/** Nothing of ours logged, violated the CSP, or opened a dialog. */
async function assertQuiet(p: Page): Promise<void> {
  const violations = await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  assert.deepEqual(violations, [], 'CSP violations');
  assert.deepEqual(consoleMessages.filter((m) => /^(error|warning|pageerror)/.test(m)), [], 'console errors or warnings');
  assert.deepEqual(dialogs, [], 'dialogs opened');
}

describe('dashboard page (headless Chromium)', function () {
  this.timeout(60_000);

  before(async function () {
    if (!fs.existsSync(CHROMIUM) && !process.env.CI) {
      console.warn(`  (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`);
      this.skip();
    }
    bundle = await bundleWebviewPage(path.join(ROOT, 'src/webview/dashboard/main.ts'));
    css = fs.readFileSync(path.join(ROOT, 'media/dashboard.css'), 'utf8');
    const plain = historyRepo();
    const hostile = historyRepo({ hostile: true });
    repos = [plain.dir, hostile.dir];
    report = await fixtureReport(plain.dir, '90d');
    report30 = await fixtureReport(plain.dir, '30d');
    hostileReport = await fixtureReport(hostile.dir, '90d');
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      env: { ...process.env, HOME: userDataDir, XDG_CONFIG_HOME: userDataDir, XDG_CACHE_HOME: userDataDir },
    });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    for (const dir of repos) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  it('renders the report: alerts, headline, charts with drawn paths, files, groups and inspections', async () => {
    const p = await openPage();
    await waitForReport(p);
    const now = report.workingTree ?? report.snapshots.at(-1);
    assert.ok(now);
    assert.equal(await p.locator('#score-value').textContent(), String(now.score));
    assert.match((await p.locator('#score-change').textContent()) ?? '', /^[+−±]/);
    assert.match((await p.locator('#headline').innerText()), /includes uncommitted changes to 1 file/);

    // Every chart is drawn: a step line per series, stacked areas, bars.
    const d = (selector: string) => p.locator(selector).first().getAttribute('d');
    assert.ok(((await d('#chart-score path.line.workspace')) ?? '').length > 20, 'the workspace score line has a path');
    assert.ok(((await d('#chart-score path.line.working-tree')) ?? '').length > 5, 'the working tree is a dashed last step');
    assert.ok(((await d('#chart-findings path.area')) ?? '').length > 20, 'the findings are stacked areas');
    assert.equal(await p.locator('#chart-score circle.point[data-sha]').count(), report.snapshots.length);
    assert.ok((await p.locator('#chart-rules g.row[data-rule]').count()) >= 3);
    assert.ok((await p.locator('#chart-inspections rect.bar.accepted').count()) >= 3);
    assert.ok((await p.locator('#chart-items rect.bar').count()) >= 1);
    // Theme colours reach the shapes: the stylesheet overrides the charts' default attributes.
    const stroke = await p.locator('#chart-score path.line.workspace').evaluate((el) => getComputedStyle(el).stroke);
    assert.equal(stroke, 'rgb(55, 148, 255)', 'the workspace line takes --vscode-charts-blue');

    assert.equal(await p.locator('.alert').count(), report.alerts.length);
    assert.ok(report.alerts.some((a) => a.kind === 'score-drop'));
    assert.equal(await p.locator('.alert-score-drop .mover').count(), report.alerts.find((a) => a.kind === 'score-drop')?.movers.length);
    assert.equal(await p.locator('#files tbody tr').count(), report.files.length);
    assert.equal(await p.locator('#files tbody tr').first().locator('.file-link').textContent(), report.files[0]?.path);
    assert.deepEqual(await p.locator('#by-kind tbody th').allTextContents(), ['prompt', 'context', 'instructions'].filter((k) => k in (now.byKind ?? {})).sort((a, b) => (now.byKind[a] ?? 0) - (now.byKind[b] ?? 0)));
    assert.match(await p.locator('#inspections .facts').innerText(), /inspections in range: \d+ accepted, \d+ rejected/);
    const messages = await posted(p);
    assert.equal(messages[0]?.type, 'ready');
    await assertQuiet(p);
  });

  it('opens what is clicked: a commit point, a mover, a file, a rule bar and a rule link', async () => {
    const p = await openPage();
    await waitForReport(p);
    const point = p.locator('#chart-score circle.point[data-sha]').nth(2);
    const sha = await point.getAttribute('data-sha');
    assert.equal(sha, report.snapshots[2]?.sha);
    await point.click({ force: true });
    assert.deepEqual(await lastPosted(p, 'openCommit'), { type: 'openCommit', sha });

    const mover = p.locator('.alert-score-drop .mover .sha').first();
    const moverSha = report.alerts.find((a) => a.kind === 'score-drop')?.movers[0]?.sha;
    assert.equal(await mover.textContent(), moverSha?.slice(0, 7));
    await mover.click();
    assert.deepEqual(await lastPosted(p, 'openCommit'), { type: 'openCommit', sha: moverSha });

    await p.locator('#files tbody .file-link').first().click();
    assert.deepEqual(await lastPosted(p, 'openFile'), { type: 'openFile', path: report.files[0]?.path });
    await p.locator('.alert-files .file-link').first().click();
    assert.deepEqual(await lastPosted(p, 'openFile'), { type: 'openFile', path: report.alerts[0]?.files?.[0]?.path });

    const bar = p.locator('#chart-rules g.row[data-rule]').first();
    const rule = await bar.getAttribute('data-rule');
    await bar.locator('rect.bar').click();
    assert.deepEqual(await lastPosted(p, 'openRule'), { type: 'openRule', id: rule });
    await p.locator('#files .rule-link').first().click();
    assert.equal((await lastPosted(p, 'openRule'))?.type, 'openRule');

    // A column of the findings chart is a commit too.
    const column = p.locator('#chart-findings rect.hit[data-sha]').first();
    await column.click({ force: true });
    assert.deepEqual(await lastPosted(p, 'openCommit'), { type: 'openCommit', sha: await column.getAttribute('data-sha') });
    await assertQuiet(p);
  });

  it('works with the keyboard: one tab stop per chart, arrow keys between points, Enter opens', async () => {
    const p = await openPage();
    await waitForReport(p);
    /** What the focused element of a chart opens (buttons outside the charts carry data-sha too). */
    const focused = () =>
      p.evaluate(() => {
        const el = document.activeElement;
        const inChart = !!el?.closest('svg');
        return { sha: inChart ? el?.getAttribute('data-sha') ?? null : null, rule: inChart ? el?.getAttribute('data-rule') ?? null : null };
      });
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await p.keyboard.press('Tab');
      reached = (await focused()).sha !== null;
    }
    assert.ok(reached, 'Tab reaches the score chart');
    assert.equal((await focused()).sha, report.snapshots.at(-1)?.sha, 'the latest commit first');
    await p.keyboard.press('ArrowLeft');
    await p.keyboard.press('ArrowLeft');
    assert.equal((await focused()).sha, report.snapshots.at(-3)?.sha);
    await p.keyboard.press('Enter');
    assert.deepEqual(await lastPosted(p, 'openCommit'), { type: 'openCommit', sha: report.snapshots.at(-3)?.sha });
    assert.equal(await p.locator('#chart-score [tabindex="0"]').count(), 1, 'one tab stop in the chart');
    assert.match((await p.locator('#chart-score [tabindex="0"]').getAttribute('aria-label')) ?? '', /Score \d/);
    const outline = await p.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    assert.equal(outline, 'solid', 'the focused point shows the focus outline');

    // Tab leaves the chart for the next one; the rules chart starts at its first bar.
    for (let i = 0; i < 10 && (await focused()).rule === null; i++) await p.keyboard.press('Tab');
    assert.equal((await focused()).rule, await p.locator('#chart-rules g.row[data-rule]').first().getAttribute('data-rule'));
    await p.keyboard.press(' ');
    assert.equal((await lastPosted(p, 'openRule'))?.type, 'openRule');

    // The range is a radio group: arrow keys move the choice.
    await p.locator('#range-90d').focus();
    await p.keyboard.press('ArrowLeft');
    assert.deepEqual(await lastPosted(p, 'setRange'), { type: 'setRange', range: '30d' });
    await p.locator('#score-value').waitFor();
    await p.waitForFunction(() => document.querySelector<HTMLInputElement>('#range-30d')?.checked === true);
    await assertQuiet(p);
  });

  it('shows uncommitted changes among the movers as such, with nothing to open', async () => {
    // findAlerts counts the working tree as a point: when the edits lower the score, it is a mover without a sha.
    const alerts = report.alerts.map((a) =>
      a.kind === 'score-drop' ? { ...a, movers: [...a.movers, { sha: '', author: '', subject: 'Working tree (not committed)', delta: -1.9 }] } : a,
    );
    const p = await openPage({ reports: { '90d': { ...report, alerts } } });
    await waitForReport(p);
    assert.equal(await p.locator('.mover.working-tree').innerText(), '−1.9 Uncommitted changes (working tree)');
    assert.equal(await p.locator('.mover.working-tree button').count(), 0);
    assert.deepEqual((await p.locator('.mover .sha').allTextContents()).filter((t) => t.length !== 7), [], 'every commit link names a commit');
    await assertQuiet(p);
  });

  it('shows hostile file names, commit subjects and authors as text', async () => {
    const p = await openPage({ reports: { '90d': hostileReport } });
    await waitForReport(p);
    const file = p.locator(`.file-link[data-path="${`.github/prompts/${HOSTILE}.prompt.md`.replace(/"/g, '\\"')}"]`).first();
    assert.equal(await file.textContent(), `.github/prompts/${HOSTILE}.prompt.md`);
    await file.click();
    assert.deepEqual(await lastPosted(p, 'openFile'), { type: 'openFile', path: `.github/prompts/${HOSTILE}.prompt.md` });
    const mover = p.locator('.mover', { hasText: 'quick fix' });
    assert.equal(await mover.locator('.subject').textContent(), `${HOSTILE} quick fix`);
    assert.match((await mover.textContent()) ?? '', /Mallory/);
    const hostileSnapshot = hostileReport.snapshots.find((s) => s.subject.includes(HOSTILE));
    assert.ok(hostileSnapshot);
    const tooltip = await p.locator(`#chart-score circle[data-sha="${hostileSnapshot.sha}"] title`).textContent();
    assert.match(tooltip ?? '', new RegExp(`${HOSTILE.replace(/[()]/g, '\\$&')} quick fix`));
    assert.equal(await p.locator('img').count(), 0, 'no <img> element');
    assert.equal(await p.locator('script').count(), 1, 'only the page script');
    assert.ok(!(await p.content()).includes(HOSTILE_SCRIPT), 'no script tag from the data');
    await assertQuiet(p);
  });

  it('shows a spinner while the first report builds, then keeps the last report while refreshing', async () => {
    const p = await openPage({ hold: true });
    await p.locator('#loading .spinner').waitFor({ timeout: WAIT_MS });
    assert.equal(await p.locator('#app').getAttribute('aria-busy'), 'true');
    assert.equal(await p.locator('#refresh').isDisabled(), true);
    await p.evaluate(() => (window as unknown as { __release: () => void }).__release());
    await waitForReport(p);
    await p.locator('#refresh').click();
    await p.locator('#refreshing').waitFor({ timeout: WAIT_MS });
    assert.equal(await p.locator('#app.refreshing #score-value').count(), 1, 'the last report stays, dimmed');
    assert.equal((await lastPosted(p, 'refresh'))?.type, 'refresh');
    await p.evaluate(() => (window as unknown as { __release: () => void }).__release());
    await p.locator('#refreshing').waitFor({ state: 'detached', timeout: WAIT_MS });
    await p.locator('[role="status"]', { hasText: 'Quality report updated' }).waitFor({ state: 'attached', timeout: WAIT_MS });
    await assertQuiet(p);
  });

  it('shows why there is no report (not a git repository), and tries again', async () => {
    const message = 'Unexpected folder without git history, expected a git repository: the dashboard draws quality over commits';
    const p = await openPage({ reports: {}, error: message });
    await p.locator('#error').waitFor({ timeout: WAIT_MS });
    assert.equal(await p.locator('#error .error-message').textContent(), message);
    assert.equal(await p.locator('#error').getAttribute('role'), 'alert');
    await p.locator('#retry').click();
    assert.equal((await lastPosted(p, 'refresh'))?.type, 'refresh');
    await assertQuiet(p);
  });

  it('keeps its state across a reload: the range, the report, the expanded table', async () => {
    let p = await openPage();
    await waitForReport(p);
    await p.locator('#range-30d').check();
    await p.waitForFunction(() => document.querySelector('.meta')?.textContent?.startsWith('30 days'), undefined, { timeout: WAIT_MS });
    await waitForReport(p);
    const saved = await p.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null') as PageState);
    assert.equal(saved.range, '30d');
    assert.equal(saved.report?.since, '30d');
    await p.reload();
    p = page as Page;
    await p.locator('#score-value').waitFor({ timeout: WAIT_MS });
    assert.equal(await p.locator('#range-30d').isChecked(), true);
    await assertQuiet(p);
  });

  it('builds charts with the DOM and refuses what could run code (svg-dom.ts)', async () => {
    const built = await esbuild.build({
      entryPoints: [path.join(ROOT, 'src/webview/dashboard/svg-dom.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      globalName: '__svgDom',
      target: 'chrome120',
      logLevel: 'silent',
    });
    if (!context) throw new Error('no browser');
    const p = await context.newPage();
    page = p;
    await p.setContent('<!DOCTYPE html><html><body></body></html>');
    await p.addScriptTag({ content: 'globalThis.__name = (f) => f;' }); // tsx's keepNames helper, as in openPage
    await p.addScriptTag({ content: built.outputFiles[0]?.text ?? '' });
    const outcome = await p.evaluate((hostile) => {
      const { svgElement } = (window as unknown as { __svgDom: typeof import('../../src/webview/dashboard/svg-dom') }).__svgDom;
      const tryBuild = (node: unknown): string => {
        try {
          svgElement(node as never);
          return 'built';
        } catch (error) {
          return (error as Error).message;
        }
      };
      const chart = svgElement({
        tag: 'svg',
        attrs: { viewBox: '0 0 10 10', role: 'img', 'data-sha': hostile, xmlns: 'http://www.w3.org/2000/svg' },
        children: [{ tag: 'circle', attrs: { cx: 1.23456, cy: -0, r: 2 }, children: [{ tag: 'title', attrs: {}, text: hostile }] }],
      });
      document.body.append(chart);
      return {
        namespace: chart.namespaceURI,
        circle: chart.querySelector('circle')?.getAttribute('cx'),
        cy: chart.querySelector('circle')?.getAttribute('cy'),
        title: chart.querySelector('title')?.textContent,
        sha: chart.getAttribute('data-sha'),
        images: document.querySelectorAll('img').length,
        refused: [
          tryBuild({ tag: 'svg', attrs: { onload: 'alert(1)' } }),
          tryBuild({ tag: 'svg', attrs: { ONCLICK: 'alert(1)' } }),
          tryBuild({ tag: 'rect', attrs: { style: 'fill:red' } }),
          tryBuild({ tag: 'text', attrs: { href: 'javascript:alert(1)' } }),
          tryBuild({ tag: 'text', attrs: { 'xlink:href': 'javascript:alert(1)' } }),
          tryBuild({ tag: 'g', attrs: { '"><img': 'x' } }),
          tryBuild({ tag: 'foreignObject', attrs: {} }),
          tryBuild({ tag: 'script', attrs: {} }),
          tryBuild({ tag: 'g', attrs: {}, children: [{ tag: 'a', attrs: {} }] }),
        ],
      };
    }, HOSTILE);
    assert.equal(outcome.namespace, 'http://www.w3.org/2000/svg');
    assert.equal(outcome.circle, '1.23');
    assert.equal(outcome.cy, '0');
    assert.equal(outcome.title, HOSTILE);
    assert.equal(outcome.sha, HOSTILE);
    assert.equal(outcome.images, 0);
    assert.deepEqual(
      outcome.refused.map((m) => m.replace(/, expected .*/, '')),
      [
        "Unexpected attribute 'onload' on <svg>",
        "Unexpected attribute 'ONCLICK' on <svg>",
        "Unexpected attribute 'style' on <rect>",
        "Unexpected attribute 'href' on <text>",
        "Unexpected attribute 'xlink:href' on <text>",
        `Unexpected attribute '"><img' on <g>`,
        "Unexpected SVG element 'foreignObject'",
        "Unexpected SVG element 'script'",
        "Unexpected SVG element 'a'",
      ],
    );
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`looks right in a ${theme} theme (screenshot: test/output/dashboard/dashboard-${theme}.png)`, async () => {
      const p = await openPage({ theme: THEMES[theme] }, { width: 1100, height: 900 });
      await waitForReport(p);
      fs.mkdirSync(OUTPUT, { recursive: true });
      await p.screenshot({ path: path.join(OUTPUT, `dashboard-${theme}.png`), fullPage: true, animations: 'disabled' });
      // Text is readable on the background: the theme's foreground, not the browser's black.
      const colours = await p.evaluate(() => ({ text: getComputedStyle(document.body).color, background: getComputedStyle(document.body).backgroundColor }));
      assert.deepEqual(colours, theme === 'dark' ? { text: 'rgb(204, 204, 204)', background: 'rgb(31, 31, 31)' } : { text: 'rgb(59, 59, 59)', background: 'rgb(255, 255, 255)' });
      await assertQuiet(p);
    });
  }
});
