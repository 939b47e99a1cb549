import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPORT_SCHEMA_VERSION, type FileRow, type QualityReport, type Snapshot } from '../../src/core/report/model';
import { DEFAULT_SCORING } from '../../src/core/score';
import { DEFAULT_THRESHOLDS } from '../../src/core/trends';
import { CATEGORIES, type Category } from '../../src/core/types';
import { reportHtml } from '../../src/node/report-html';
import { CHROMIUM, CHROMIUM_FLAGS } from '../helpers/chromium';

/**
 * The HTML report (`reportHtml`) opened from a file in a real headless Chromium: every request that
 * is not the file itself is refused and counted, the page's own CSP is in force, and the assertions
 * read the DOM the browser built. Screenshots (light and dark) go to test/output/report/ for a person
 * to look at.
 */
const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test/output/report');
const HOSTILE_PATH = 'prompts/<img src=x onerror=alert(1)>.prompt.md';
const HOSTILE_AUTHOR = '<script>alert("author")</script>';
const DAY = 86_400;
const END = Date.UTC(2025, 2, 28, 15, 0) / 1000;

/** Deterministic noise: the report must be the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

const AUTHORS = ['Ada Lovelace', 'Grace Hopper', 'Linus Pauling', HOSTILE_AUTHOR, 'Margaret Hamilton'];
const SUBJECTS = [
  'Tighten the review prompt',
  'Add onboarding instructions for the billing agent',
  'Split AGENTS.md into per-folder files',
  'Paste the API conventions into the context file',
  'Quick fix for the release prompt',
  'Rewrite the test-writing prompt',
  'Add a prompt for changelog entries',
];
const RULES = ['vague-quantifier', 'missing-output-format', 'unbounded-task', 'broken-reference', 'secret-in-prompt', 'hedging-language', 'missing-role', 'long-line'];

/** Three months of history: steady, then a slide in the last month. */
function buildReport(): QualityReport {
  const random = lcg(7);
  const count = 36;
  const snapshots: Snapshot[] = [];
  let score = 84;
  for (let i = 0; i < count; i++) {
    const time = Math.round(END - 90 * DAY + (i / (count - 1)) * 90 * DAY - random() * DAY);
    const late = i > 24;
    score = round1(Math.min(96, Math.max(40, score + (late ? -1.6 : 0.3) + (random() - 0.5) * 3)));
    const files = 14 + Math.floor(i / 4);
    const rules: Record<string, number> = {};
    RULES.forEach((rule, r) => {
      const n = Math.max(0, Math.round((8 - r) * 0.9 + (late ? (i - 24) * (r === 0 ? 0.9 : 0.25) : 0) + random() * 2 - 1));
      if (n) rules[rule] = n;
    });
    const findingsByCategory = {
      direction: (rules['vague-quantifier'] ?? 0) + (rules['unbounded-task'] ?? 0) + (rules['missing-role'] ?? 0),
      context: (rules['broken-reference'] ?? 0) + (rules['missing-output-format'] ?? 0),
      safety: rules['secret-in-prompt'] ?? 0,
      format: (rules['hedging-language'] ?? 0) + (rules['long-line'] ?? 0),
    };
    snapshots.push({
      sha: (i * 2654435761 + 0x9e3779b9).toString(16).padStart(8, '0').repeat(5).slice(0, 40),
      time,
      author: AUTHORS[i % AUTHORS.length] as string,
      subject: SUBJECTS[i % SUBJECTS.length] as string,
      score,
      files,
      byKind: {
        prompt: round1(score + 3 - (late ? (i - 24) * 0.4 : 0)),
        instructions: round1(score + 6),
        ...(i >= 8 ? { agent: round1(score - 18 - random() * 3) } : {}),
        context: round1(score - 4),
      },
      findingsByRule: rules,
      byCategory: { direction: round1(score - 5), context: round1(score + 2), safety: 97, format: round1(score + 8) },
      findingsByCategory,
      byFolder: { '.github': round1(score + 4), prompts: round1(score - 6), docs: round1(score + 9), '.': round1(score - 2) },
      added: i === 0 ? ['AGENTS.md'] : [],
      removed: [],
      moved: [{ path: 'prompts/review.prompt.md', before: 80, after: 78 }],
    });
  }
  const last = snapshots[count - 1] as Snapshot;
  const cats = (base: number): Record<Category, number> =>
    Object.fromEntries(CATEGORIES.map((c, i) => [c, Math.min(100, round1(base + i * 7))])) as Record<Category, number>;
  const paths: [string, string, number][] = [
    [HOSTILE_PATH, 'prompt', 31.4],
    ['.github/agents/release-manager.agent.md', 'agent', 38.9],
    ['prompts/billing/refund-customer-with-partial-credit-and-audit-trail.prompt.md', 'prompt', 47.2],
    ['prompts/write-tests.prompt.md', 'prompt', 55],
    ['.github/agents/triage.agent.md', 'agent', 58.6],
    ['AGENTS.md', 'context', 61.3],
    ['prompts/review.prompt.md', 'prompt', 66.8],
    ['docs/CLAUDE.md', 'context', 71.5],
    ['.github/instructions/typescript.instructions.md', 'instructions', 74],
    ['prompts/changelog.prompt.md', 'prompt', 77.7],
    ['.github/copilot-instructions.md', 'instructions', 81.9],
    ['prompts/explain.prompt.md', 'prompt', 84.2],
    ['docs/skills/deploy/SKILL.md', 'skill', 88.8],
    ['.github/instructions/python.instructions.md', 'instructions', 90.1],
    ['prompts/summarise.prompt.md', 'prompt', 92.5],
    ['prompts/rename.prompt.md', 'prompt', 95],
    ['prompts/commit-message.prompt.md', 'prompt', 100],
    ['CLAUDE.md', 'context', 100],
  ];
  const files: FileRow[] = paths.map(([p, kind, s], i) => ({
    path: p,
    kind,
    score: s,
    categories: cats(s),
    findingsByRule: s === 100 ? {} : { [RULES[i % RULES.length] as string]: 1 + (i % 4), [RULES[(i + 3) % RULES.length] as string]: 1, ...(i === 0 ? { [HOSTILE_AUTHOR]: 2 } : {}) },
  }));
  const mover = (i: number) => {
    const s = snapshots[i] as Snapshot;
    return { sha: s.sha, author: s.author, subject: s.subject, delta: round1(s.score - (snapshots[i - 1] as Snapshot).score) };
  };
  const weeks = Array.from({ length: 13 }, (_, w) => ({
    start: Date.UTC(2024, 11, 30) / 1000 + w * 7 * DAY,
    accepted: w === 5 ? 0 : 3 + (w % 4),
    rejected: w === 5 ? 0 : w > 8 ? 3 + (w % 2) : w % 3 === 0 ? 1 : 0,
    itemFails: {},
  })).filter((w) => w.start !== Date.UTC(2024, 11, 30) / 1000 + 5 * 7 * DAY);
  const accepted = weeks.reduce((n, w) => n + w.accepted, 0);
  const rejected = weeks.reduce((n, w) => n + w.rejected, 0);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    repository: 'acme-platform',
    generatedAt: '2025-03-28T16:04:00.000Z',
    since: '90d',
    analysedVersions: 212,
    snapshots,
    files,
    inspections: {
      accepted,
      rejected,
      acceptRate: accepted / (accepted + rejected),
      weeks,
      items: [
        { checklist: 'agent-output', item: 'does-task', total: 40, failed: 11, na: 0, failRate: 11 / 40 },
        { checklist: 'agent-output', item: 'tests', total: 36, failed: 14, na: 4, failRate: 14 / 36 },
        { checklist: 'agent-output', item: 'no-placeholders', total: 40, failed: 3, na: 0, failRate: 3 / 40 },
        { checklist: 'migration-review', item: 'rollback-plan-documented-and-tested', total: 9, failed: 5, na: 1, failRate: 5 / 9 },
        { checklist: 'agent-output', item: 'style', total: 30, failed: 0, na: 10, failRate: 0 },
      ],
      invalidLines: 1,
    },
    scoring: { ...DEFAULT_SCORING },
    thresholds: { ...DEFAULT_THRESHOLDS },
    alerts: [
      {
        kind: 'score-drop',
        message: `Workspace score fell ${round1(Math.max(...snapshots.slice(-12).map((s) => s.score)) - last.score)} points in 30 days, to ${last.score}`,
        movers: [mover(30), mover(27), mover(33)].sort((a, b) => a.delta - b.delta),
      },
      { kind: 'rule-rising', message: "'vague-quantifier' findings rose from 7 to 18 in 30 days, 0.32 to 0.78 a file", movers: [] },
      {
        kind: 'kind-behind',
        message: `Files of kind 'agent' score ${last.byKind.agent}, ${round1(last.score - (last.byKind.agent ?? 0))} points below the workspace's ${last.score}`,
        movers: [],
        files: [
          { path: '.github/agents/release-manager.agent.md', score: 38.9, before: 52 },
          { path: HOSTILE_PATH, score: 31.4 },
        ],
      },
    ],
  };
}

describe('HTML report in Chromium', function () {
  this.timeout(60_000);
  const report = buildReport();
  let context: BrowserContext | undefined;
  let userDataDir = '';
  let page: Page;
  let file = '';
  const requests: string[] = [];
  const refused: string[] = [];
  const consoleMessages: string[] = [];

  before(async function () {
    if (!fs.existsSync(CHROMIUM) && !process.env.CI) {
      console.warn(`  (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`);
      this.skip();
    }
    fs.mkdirSync(OUT, { recursive: true });
    file = path.join(OUT, 'report.html');
    fs.writeFileSync(file, reportHtml(report));
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      env: { ...process.env, HOME: userDataDir, XDG_CONFIG_HOME: userDataDir, XDG_CACHE_HOME: userDataDir },
      viewport: { width: 1100, height: 900 },
    });
    const url = pathToFileURL(file).href;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleMessages.push(`pageerror: ${e.message}`));
    await context.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      refused.push(route.request().url());
      return route.abort();
    });
    // tsx's keepNames helper is called by serialized callbacks; the page needs a no-op one.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
    });
    await page.goto(url, { waitUntil: 'load' });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  it('loads the file and nothing else, with no CSP violation and no script', async () => {
    const url = pathToFileURL(file).href;
    assert.deepEqual([...new Set(requests)], [url], 'requests');
    assert.deepEqual(refused, [], 'requests refused');
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    assert.deepEqual(violations, [], 'CSP violations');
    assert.deepEqual(consoleMessages.filter((m) => /^(error|warning|pageerror)/.test(m)), [], 'console errors');
    assert.equal(await page.locator('script').count(), 0);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    // The stylesheet ran (its hash matched): the page has the report's background, not the default.
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(246, 247, 249)');
  });

  it('shows hostile names as text', async () => {
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('[onerror]').count(), 0);
    const cells = await page.locator('.worst-files .path').allTextContents();
    assert.ok(cells.includes(HOSTILE_PATH), `hostile path as text in ${cells.join(', ')}`);
    const movers = await page.locator('table.movers').first().textContent();
    assert.ok(movers?.includes(HOSTILE_AUTHOR) || !report.alerts[0]?.movers.some((m) => m.author === HOSTILE_AUTHOR));
    assert.ok((await page.locator('.worst-files code.rule').allTextContents()).includes(HOSTILE_AUTHOR));
    assert.equal(await page.locator('h1').textContent(), 'acme-platform');
  });

  it('puts the alerts, with their evidence, before the charts', async () => {
    const order = await page.evaluate(() => {
      const alerts = document.querySelector('section.alerts');
      const chart = document.querySelector('svg.chart');
      return alerts && chart ? alerts.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    assert.ok(order, 'alerts come before the first chart');
    assert.equal(await page.locator('article.alert').count(), report.alerts.length);
    const drop = report.alerts[0];
    assert.ok(drop);
    const shas = await page.locator('article.alert-score-drop code.sha').allTextContents();
    assert.deepEqual(shas, drop.movers.map((m) => m.sha.slice(0, 7)));
    const deltas = await page.locator('article.alert-score-drop table.movers td.num').allTextContents();
    assert.deepEqual(deltas, drop.movers.map((m) => `\u2212${-m.delta}`));
    const files = await page.locator('article.alert-kind-behind td.path').allTextContents();
    assert.deepEqual(files, ['.github/agents/release-manager.agent.md', HOSTILE_PATH]);
  });

  it('draws every chart with real shapes', async () => {
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('svg.chart')].map((svg) => ({
        name: svg.getAttribute('class'),
        shapes: [...svg.querySelectorAll('path, rect.bar, rect.area')].filter((e) => (e.getAttribute('d') ?? 'x') !== '' && (e as SVGGraphicsElement).getBBox().width > 0).length,
        title: svg.querySelector(':scope > title')?.textContent ?? '',
        label: svg.getAttribute('aria-label') ?? '',
      })),
    );
    assert.deepEqual(
      charts.map((c) => c.name),
      ['chart score-chart', 'chart findings-chart', 'chart rules-chart', 'chart inspections-chart', 'chart items-chart'],
    );
    for (const chart of charts) {
      assert.ok(chart.shapes > 0, `${chart.name} has shapes`);
      assert.ok(chart.title && chart.label.startsWith(chart.title), `${chart.name} is labelled`);
    }
    // The workspace line has one step per commit after the first, and a point per commit.
    const d = (await page.locator('svg.score-chart path.workspace').getAttribute('d')) ?? '';
    assert.equal(d.match(/V/g)?.length, report.snapshots.length - 1);
    const points = await page.locator('svg.score-chart circle[data-sha]').evaluateAll((els) => els.map((e) => e.getAttribute('data-sha')));
    assert.deepEqual(points, report.snapshots.map((s) => s.sha));
    // The y axis runs 0–100.
    assert.deepEqual(await page.locator('svg.score-chart .y-axis text').allTextContents(), ['0', '20', '40', '60', '80', '100']);
    // Kind lines and category areas take their colours from the stylesheet.
    const colours = await page.evaluate(() => ({
      workspace: getComputedStyle(document.querySelector('svg.score-chart path.workspace') as Element).stroke,
      safety: getComputedStyle(document.querySelector('svg.findings-chart .area.cat-safety') as Element).fill,
    }));
    assert.deepEqual(colours, { workspace: 'rgb(37, 99, 235)', safety: 'rgb(220, 38, 38)' });
  });

  it('has the tables: worst files, kinds, folders', async () => {
    const rows = await page.locator('table.worst-files tbody tr').count();
    assert.equal(rows, 15);
    const kinds = await page.locator('section.pair > div:first-child tbody td.path').allTextContents();
    assert.deepEqual(kinds.sort(), Object.keys(report.snapshots.at(-1)?.byKind ?? {}).sort());
    const folders = await page.locator('section.pair > div:last-child tbody td.path').allTextContents();
    assert.deepEqual(folders.sort(), ['.', '.github', 'docs', 'prompts']);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, 'no horizontal scroll');
  });

  it('renders in light and dark (screenshots for review)', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: path.join(OUT, 'report-light.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(13, 17, 23)');
    await page.screenshot({ path: path.join(OUT, 'report-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light', media: 'print' });
    await page.screenshot({ path: path.join(OUT, 'report-print.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark', media: 'print' });
    // Paper is white whatever the screen's scheme.
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
  });
});
