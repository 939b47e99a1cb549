import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inspectionHtml, newNonce } from '../../src/extension/inspection/html';
import type {
  Answers,
  CheckResult,
  Checklist,
  FromWebviewMessage,
  InitialState,
  InspectionContext,
  PageState,
} from '../../src/webview/inspection/protocol';
import { bundleWebviewPage, CHROMIUM, CHROMIUM_FLAGS } from '../helpers/chromium';

/**
 * The inspection page (src/webview/inspection/main.ts) in a real headless Chromium, served with the
 * panel's own HTML shell and CSP (`inspectionHtml`), from a fake origin answered by `page.route`
 * (no network). A stub `acquireVsCodeApi` records what the page posts, keeps its state in
 * sessionStorage (so it survives a reload, like a webview's) and answers like the host does.
 * Waits are on the page's DOM, with timeouts, never on a clock.
 */
const ROOT = path.resolve(__dirname, '../..');
const ORIGIN = 'https://inspection.test';
const WAIT_MS = 10_000;

const HOSTILE_SCRIPT = '<script>alert(1)</script>';
const HOSTILE_IMG = '<img src=x onerror=alert(1)>';

const CHECKLIST: Checklist = {
  id: 'agent-output',
  title: 'Agent output',
  version: 2,
  hash: 'h1',
  outputs: ['file:///ws/src/billing/invoice.ts'],
  items: [
    { id: 'no-placeholders', text: 'No placeholders left', required: true, auto: { type: 'no-placeholders' } },
    { id: 'references', text: 'Referenced files exist', required: true, auto: { type: 'references-exist' } },
    { id: 'tests', text: 'The project tests pass', required: false, auto: { type: 'command', command: 'npm test' } },
    {
      id: 'does-task',
      text: 'Does what the prompt asked',
      help: 'Read the prompt, then the output.',
      required: true,
      standard: { id: 'DIR-1', text: 'Every task prompt states its objective.' },
    },
    { id: 'style', text: 'Follows the style guide', required: false },
  ],
};

const PASSING: CheckResult[] = [
  { itemId: 'no-placeholders', type: 'no-placeholders', status: 'pass', message: 'No placeholders.', findings: [] },
  { itemId: 'references', type: 'references-exist', status: 'pass', message: 'Every reference exists.', findings: [] },
  { itemId: 'tests', type: 'command', status: 'skipped', message: 'Skipped: the workspace is not trusted.', findings: [] },
];

const CONTEXT: InspectionContext = {
  key: 'k1',
  targets: [{ uri: 'file:///ws/src/billing/invoice.ts', label: 'src/billing/invoice.ts' }],
  prompt: null,
  reviewer: 'Ada Lovelace <ada@example.com>',
};

interface FakeHostConfig {
  initial: InitialState;
  checklists: Checklist[];
  results: CheckResult[];
  /** Keep the check results until `window.__releaseChecks()`. */
  holdChecks: boolean;
  prompt: { uri: string; label: string };
}

/** Runs in the page before its scripts: the stub webview API and a fake host. Self-contained. */
function fakeHost(config: FakeHostConfig): void {
  const w = window as unknown as Record<string, unknown>;
  const posted: unknown[] = [];
  const violations: string[] = [];
  w.__posted = posted;
  w.__violations = violations;
  document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  const reply = (message: unknown): void => window.postMessage(message, '*');
  let held: (() => void) | undefined;
  w.__releaseChecks = () => held?.();
  w.acquireVsCodeApi = () => ({
    getState: () => {
      const saved = sessionStorage.getItem('state');
      return saved ? JSON.parse(saved) : undefined;
    },
    setState: (state: unknown) => sessionStorage.setItem('state', JSON.stringify(state)),
    postMessage: (message: { type: string; requestId?: string; decision?: string }) => {
      posted.push(JSON.parse(JSON.stringify(message)));
      switch (message.type) {
        case 'ready': {
          // The first ready of a "panel" is fresh; after a reload (hide/show) it is not, unless asked.
          const fresh = sessionStorage.getItem('readyOnce') === null || sessionStorage.getItem('freshNext') === '1';
          sessionStorage.setItem('readyOnce', '1');
          sessionStorage.removeItem('freshNext');
          const prompt = sessionStorage.getItem('prompt');
          reply({ type: 'init', context: { ...config.initial.context, prompt: prompt ? JSON.parse(prompt) : config.initial.context.prompt }, fresh });
          setTimeout(() => reply({ type: 'checklists', checklists: config.checklists, trusted: true }), 0);
          break;
        }
        case 'runChecks': {
          const send = (): void => reply({ type: 'checkResults', requestId: message.requestId, results: config.results });
          if (config.holdChecks) held = send;
          else setTimeout(send, 0);
          break;
        }
        case 'pickPrompt':
          sessionStorage.setItem('prompt', JSON.stringify(config.prompt));
          setTimeout(() => reply({ type: 'promptPicked', requestId: message.requestId, prompt: config.prompt, cancelled: false }), 0);
          break;
        case 'submit':
          setTimeout(() => reply({ type: 'submitted', requestId: message.requestId, file: '.promptcoach/inspections/2025-01.jsonl' }), 0);
          break;
        default:
          break;
      }
    },
  });
}

let bundle = '';
let css = '';
let context: BrowserContext | undefined;
let userDataDir = '';
let page: Page;
let consoleMessages: string[] = [];
let dialogs: string[] = [];

async function openPage(overrides: Partial<FakeHostConfig> = {}): Promise<Page> {
  if (!context) throw new Error('no browser');
  const config: FakeHostConfig = {
    initial: { context: CONTEXT, answers: { checklistId: null, items: {}, rejecting: false, rejectReason: '' } },
    checklists: [CHECKLIST],
    results: PASSING,
    holdChecks: false,
    prompt: { uri: 'file:///ws/.github/prompts/write-tests.prompt.md', label: '.github/prompts/write-tests.prompt.md' },
    ...overrides,
  };
  const p = await context.newPage();
  consoleMessages = [];
  dialogs = [];
  p.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  p.on('pageerror', (e) => consoleMessages.push(`pageerror: ${e.message}`));
  p.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const html = inspectionHtml(
    { cspSource: ORIGIN, scriptUri: `${ORIGIN}/inspection.js`, styleUri: `${ORIGIN}/inspection.css`, nonce: newNonce() },
    config.initial,
  );
  await p.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    const body = url.pathname === '/' ? html : url.pathname === '/inspection.js' ? bundle : url.pathname === '/inspection.css' ? css : undefined;
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    const type = url.pathname.endsWith('.js') ? 'text/javascript' : url.pathname.endsWith('.css') ? 'text/css' : 'text/html';
    return route.fulfill({ status: 200, contentType: type, body });
  });
  // tsx compiles this file with esbuild's keepNames, whose `__name` helper the serialized
  // functions (the fake host, `evaluate` callbacks) call: give the page a no-op one.
  await p.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await p.addInitScript(fakeHost, config);
  await p.goto(`${ORIGIN}/`);
  page = p;
  return p;
}

async function posted(p: Page): Promise<FromWebviewMessage[]> {
  return p.evaluate(() => (window as unknown as { __posted: FromWebviewMessage[] }).__posted);
}

async function savedState(p: Page): Promise<PageState> {
  return p.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null') as PageState);
}

async function lastSubmit(p: Page): Promise<Extract<FromWebviewMessage, { type: 'submit' }> | undefined> {
  return (await posted(p)).filter((m) => m.type === 'submit').at(-1) as Extract<FromWebviewMessage, { type: 'submit' }> | undefined;
}

/** The fieldset of an item, by the checklist item id. */
function item(p: Page, itemId: string) {
  return p.locator(`fieldset[data-item-id="${itemId}"]`);
}

async function waitForChecksDone(p: Page): Promise<void> {
  await p.locator('#checks-title ~ .summary').waitFor({ timeout: WAIT_MS });
}

async function mark(p: Page, itemId: string, verdict: 'pass' | 'fail' | 'na'): Promise<void> {
  await item(p, itemId).locator(`input[value="${verdict}"]`).check();
}

/** Nothing of ours logged, violated the CSP, or opened a dialog. */
async function assertQuiet(p: Page): Promise<void> {
  const violations = await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  assert.deepEqual(violations, [], 'CSP violations');
  assert.deepEqual(
    consoleMessages.filter((m) => /^(error|warning|pageerror)/.test(m)),
    [],
    'console errors or warnings',
  );
  assert.deepEqual(dialogs, [], 'dialogs opened');
}

describe('inspection page (headless Chromium)', function () {
  this.timeout(60_000);

  before(async function () {
    if (!fs.existsSync(CHROMIUM) && !process.env.CI) {
      console.warn(`  (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`);
      this.skip();
    }
    bundle = await bundleWebviewPage(path.join(ROOT, 'src/webview/inspection/main.ts'));
    css = fs.readFileSync(path.join(ROOT, 'media/inspection.css'), 'utf8');
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      env: { ...process.env, HOME: userDataDir, XDG_CONFIG_HOME: userDataDir, XDG_CACHE_HOME: userDataDir },
      viewport: { width: 900, height: 1200 },
    });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await page?.close();
  });

  it('renders the targets, the automatic checks and the manual items, and says ready', async () => {
    const p = await openPage({ holdChecks: true });
    await p.locator('#target-0', { hasText: 'src/billing/invoice.ts' }).waitFor({ timeout: WAIT_MS });
    // While the checks run: a progress indicator, and a polite live region that says so.
    await p.locator('.progress progress').waitFor({ timeout: WAIT_MS });
    await p.locator('[role="status"][aria-live="polite"]', { hasText: 'Running 3 automatic checks' }).waitFor({ state: 'attached', timeout: WAIT_MS });
    assert.equal(await p.locator('#accept').isDisabled(), true);
    assert.match(await p.locator('#accept-why').innerText(), /automatic checks have not finished/);
    await p.evaluate(() => (window as unknown as { __releaseChecks: () => void }).__releaseChecks());
    await waitForChecksDone(p);
    assert.equal(await p.locator('.summary').innerText(), '3 automatic checks: 2 passed, 0 failed, 1 skipped.');
    assert.equal(await p.locator('.check').count(), 3);
    assert.equal(await p.locator('fieldset.item').count(), 3, 'two manual items, and the skipped check for the reviewer');
    assert.equal(await item(p, 'does-task').locator('legend .item-text').innerText(), 'Does what the prompt asked');
    assert.equal(await item(p, 'does-task').locator('legend .tag').innerText(), 'Required');
    assert.equal(await item(p, 'does-task').locator('details summary').innerText(), 'How to check');
    // The clause of the team's standard the item checks, tied to it for screen readers.
    const clause = item(p, 'does-task').locator('.clause');
    assert.equal(await clause.innerText(), 'Team standard DIR-1: Every task prompt states its objective.');
    assert.equal(await item(p, 'does-task').getAttribute('aria-describedby'), await clause.getAttribute('id'));
    assert.equal(await item(p, 'style').locator('.clause').count(), 0);
    assert.equal(await p.locator('#app').getAttribute('aria-busy'), null);
    const messages = await posted(p);
    assert.equal(messages[0]?.type, 'ready');
    assert.ok(messages.some((m) => m.type === 'runChecks' && m.checklistId === 'agent-output'));
    await assertQuiet(p);
  });

  it('enables Accept only when every required item passes, and records the answers', async () => {
    const p = await openPage();
    await waitForChecksDone(p);
    const accept = p.locator('#accept');
    assert.equal(await accept.isDisabled(), true);
    const why = await p.locator('#accept-why').innerText();
    assert.match(why, /No verdict yet: The project tests pass, Does what the prompt asked, Follows the style guide\./);

    // Each item named is a link that takes the focus to it.
    await p.locator('#accept-why a', { hasText: 'Follows the style guide' }).click();
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'item-4-pass');
    await mark(p, 'does-task', 'pass');
    assert.equal(await accept.isDisabled(), true, 'two optional items still have no verdict');
    await mark(p, 'tests', 'na');
    await mark(p, 'style', 'na');
    assert.equal(await accept.isDisabled(), false);
    assert.match(await p.locator('#accept-why').innerText(), /Every required item passed/);

    // A required item may be not applicable, with a note saying why; it may not fail.
    await mark(p, 'does-task', 'na');
    assert.equal(await accept.isDisabled(), true);
    assert.match(await p.locator('#accept-why').innerText(), /Needs a note: Does what the prompt asked\./);
    assert.equal(await p.locator('#item-3-error').innerText(), 'A required item marked not applicable needs a note: say why it does not apply.');
    await p.locator('#item-3-note').fill('The prompt asked for nothing here.');
    assert.equal(await accept.isDisabled(), false);
    await mark(p, 'does-task', 'fail');
    assert.equal(await accept.isDisabled(), true);
    assert.match(await p.locator('#accept-why').innerText(), /Required, and failed: Does what the prompt asked\./);
    await p.locator('#item-3-note').fill('');
    await mark(p, 'does-task', 'pass');

    const state = await savedState(p);
    assert.deepEqual(state.answers.items['agent-output']?.['does-task'], { verdict: 'pass', note: '' });
    const drafts = (await posted(p)).filter((m) => m.type === 'saveDraft');
    assert.ok(drafts.length >= 4, 'every change is sent to the host as a draft');

    await accept.click();
    await p.locator('[role="status"]', { hasText: 'Inspection recorded' }).waitFor({ state: 'attached', timeout: WAIT_MS });
    const submit = await lastSubmit(p);
    assert.equal(submit?.decision, 'accepted');
    assert.equal(submit?.answers.items['agent-output']?.style?.verdict, 'na');
    await assertQuiet(p);
  });

  it('keeps Accept disabled while a required automatic check fails, with its findings as links', async () => {
    const results: CheckResult[] = [
      {
        itemId: 'no-placeholders',
        type: 'no-placeholders',
        status: 'fail',
        message: '1 placeholder left.',
        findings: [{ path: 'src/billing/invoice.ts', line: 7, message: 'Unresolved placeholder [TODO]' }],
      },
      PASSING[1] as CheckResult,
      { itemId: 'tests', type: 'command', status: 'pass', message: '`npm test` exited with 0.', findings: [] },
    ];
    const p = await openPage({ results });
    await waitForChecksDone(p);
    for (const id of ['does-task', 'style']) await mark(p, id, 'pass');
    assert.equal(await p.locator('#accept').isDisabled(), true);
    assert.match(await p.locator('#accept-why').innerText(), /Required, and failed: No placeholders left\./);
    const link = p.locator('#check-0-finding-0');
    assert.equal(await link.innerText(), 'src/billing/invoice.ts:7');
    await link.click();
    const open = (await posted(p)).find((m) => m.type === 'open');
    assert.deepEqual(open, { type: 'open', path: 'src/billing/invoice.ts', line: 7 });
    await assertQuiet(p);
  });

  it('blocks a fail without a note, with a visible message', async () => {
    const p = await openPage();
    await waitForChecksDone(p);
    await mark(p, 'does-task', 'pass');
    await mark(p, 'tests', 'pass');
    await mark(p, 'style', 'fail');
    const error = p.locator('#item-4-error');
    await error.waitFor({ timeout: WAIT_MS });
    assert.equal(await error.innerText(), 'A failed item needs a note: say what is wrong.');
    assert.equal(await p.locator('#item-4-note').getAttribute('aria-invalid'), 'true');
    assert.equal(await p.locator('#accept').isDisabled(), true);
    assert.match(await p.locator('#accept-why').innerText(), /Needs a note: Follows the style guide\./);

    await p.locator('#item-4-note').fill('Uses tabs; the guide says spaces.');
    await error.waitFor({ state: 'hidden', timeout: WAIT_MS });
    assert.equal(await p.locator('#item-4-note').getAttribute('aria-invalid'), null);
    assert.equal(await p.locator('#accept').isDisabled(), false, 'an optional item may fail, with a note');
  });

  it('asks for a reason before it rejects', async () => {
    const p = await openPage();
    await waitForChecksDone(p);
    await p.locator('#reject').click();
    assert.equal(await p.locator('#reject').getAttribute('aria-expanded'), 'true');
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'reject-reason', 'focus moves to the reason');
    await p.locator('#reject-confirm').click();
    await p.locator('#reject-error').waitFor({ timeout: WAIT_MS });
    assert.match(await p.locator('#reject-error').innerText(), /Say why the output is rejected/);
    assert.equal(await p.locator('#reject-reason').getAttribute('aria-invalid'), 'true');
    assert.equal(await lastSubmit(p), undefined, 'nothing is recorded without a reason');

    await p.locator('#reject-reason').fill('It rewrote the billing module instead of adding tests.');
    await p.locator('#reject-confirm').click();
    await p.locator('[role="status"]', { hasText: 'Inspection recorded' }).waitFor({ state: 'attached', timeout: WAIT_MS });
    const submit = await lastSubmit(p);
    assert.equal(submit?.decision, 'rejected');
    assert.equal(submit?.answers.rejectReason, 'It rewrote the billing module instead of adding tests.');
    await assertQuiet(p);
  });

  it('shows hostile file names, notes, excerpts, findings and output as text', async () => {
    const hostile = `${HOSTILE_SCRIPT}${HOSTILE_IMG}`;
    const initial: InitialState = {
      context: {
        key: 'k-hostile',
        targets: [
          {
            uri: `file:///ws/${encodeURIComponent(hostile)}.md`,
            label: `${hostile}.md`,
            excerpt: { startLine: 3, endLine: 4, text: `${HOSTILE_IMG}\n${HOSTILE_SCRIPT}` },
          },
        ],
        prompt: { uri: 'file:///ws/p.prompt.md', label: `"><img src=x onerror=alert(1)>.prompt.md` },
        reviewer: `${HOSTILE_SCRIPT} <x@example.com>`,
      },
      answers: {
        checklistId: 'agent-output',
        items: { 'agent-output': { style: { verdict: 'fail', note: `"></textarea>${HOSTILE_IMG}` } } },
        rejecting: true,
        rejectReason: `</textarea>${HOSTILE_SCRIPT}`,
      },
    };
    const checklist: Checklist = {
      ...CHECKLIST,
      title: HOSTILE_IMG,
      items: CHECKLIST.items.map((i) => (i.id === 'style' ? { ...i, text: HOSTILE_IMG, help: HOSTILE_SCRIPT } : i)),
    };
    const results: CheckResult[] = [
      {
        itemId: 'no-placeholders',
        type: 'no-placeholders',
        status: 'fail',
        message: HOSTILE_IMG,
        findings: [{ path: `${HOSTILE_IMG}.md`, line: 1, message: HOSTILE_SCRIPT }],
      },
      PASSING[1] as CheckResult,
      { itemId: 'tests', type: 'command', status: 'error', message: 'Exited with 1.', findings: [], output: `${HOSTILE_SCRIPT}\n${HOSTILE_IMG}` },
    ];
    const p = await openPage({ initial, checklists: [checklist, { ...CHECKLIST, id: 'other', title: HOSTILE_SCRIPT }], results });
    await waitForChecksDone(p);
    assert.equal(await p.locator('#target-0').textContent(), `${hostile}.md`);
    assert.equal(await p.locator('.excerpt').textContent(), `${HOSTILE_IMG}\n${HOSTILE_SCRIPT}`);
    assert.equal(await p.locator('#prompt-open').textContent(), `"><img src=x onerror=alert(1)>.prompt.md`);
    assert.equal(await p.locator('#check-0-finding-0').textContent(), `${HOSTILE_IMG}.md:1`);
    assert.equal(await p.locator('#check-0 .findings li span').textContent(), ` ${HOSTILE_SCRIPT}`);
    assert.equal(await p.locator('#check-2 .output').textContent(), `${HOSTILE_SCRIPT}\n${HOSTILE_IMG}`);
    assert.equal(await p.locator('#check-0 .check-message').textContent(), HOSTILE_IMG);
    assert.equal(await item(p, 'style').locator('legend .item-text').textContent(), HOSTILE_IMG);
    assert.equal(await item(p, 'style').locator('.help').textContent(), HOSTILE_SCRIPT);
    assert.equal(await p.locator('#item-4-note').inputValue(), `"></textarea>${HOSTILE_IMG}`);
    assert.equal(await p.locator('#reject-reason').inputValue(), `</textarea>${HOSTILE_SCRIPT}`);
    assert.deepEqual(await p.locator('#checklist option').allTextContents(), [HOSTILE_IMG, HOSTILE_SCRIPT]);
    assert.match(await p.locator('#decision-title ~ p.muted').first().textContent() ?? '', /<script>alert\(1\)<\/script> <x@example.com>/);
    assert.equal(await p.locator('img').count(), 0, 'no <img> element');
    assert.equal(await p.locator('script').count(), 1, 'only the page script');
    assert.equal(await p.locator('textarea').count(), 4, 'no textarea closed early: three notes and the reason');
    await assertQuiet(p);
  });

  it('restores from getState after a reload, and re-runs the checks only when the host says fresh', async () => {
    let p = await openPage();
    await waitForChecksDone(p);
    await mark(p, 'does-task', 'fail');
    await p.locator('#item-3-note').fill('Only half of the task.');
    await p.locator('#prompt-pick').click();
    await p.locator('#prompt-open', { hasText: 'write-tests.prompt.md' }).waitFor({ timeout: WAIT_MS });
    await item(p, 'does-task').locator('details summary').click();

    // Hide and show (the webview's page is reloaded; the host's `init` says not fresh).
    await p.reload();
    p = page;
    await p.locator('#item-3-note').waitFor({ timeout: WAIT_MS });
    assert.equal(await item(p, 'does-task').locator('input[value="fail"]').isChecked(), true);
    assert.equal(await p.locator('#item-3-note').inputValue(), 'Only half of the task.');
    assert.equal(await p.locator('#prompt-open').innerText(), '.github/prompts/write-tests.prompt.md');
    await waitForChecksDone(p);
    const runs = (await posted(p)).filter((m) => m.type === 'runChecks');
    assert.equal(runs.length, 0, 'after hide/show the results are kept');

    // A reload of the window (the host's `init` says fresh): answers kept, checks run again.
    await p.evaluate(() => sessionStorage.setItem('freshNext', '1'));
    await p.reload();
    await waitForChecksDone(p);
    assert.equal(await item(p, 'does-task').locator('input[value="fail"]').isChecked(), true);
    assert.equal((await posted(p)).filter((m) => m.type === 'runChecks').length, 1);
    await assertQuiet(p);
  });

  it('starts from the draft in the data-state attribute when it has no saved state', async () => {
    const answers: Answers = {
      checklistId: 'agent-output',
      items: { 'agent-output': { 'does-task': { verdict: 'pass', note: 'Checked against the prompt.' } } },
      rejecting: false,
      rejectReason: '',
    };
    const p = await openPage({ initial: { context: CONTEXT, answers } });
    await waitForChecksDone(p);
    assert.equal(await item(p, 'does-task').locator('input[value="pass"]').isChecked(), true);
    assert.equal(await p.locator('#item-3-note').inputValue(), 'Checked against the prompt.');
  });

  it('works with the keyboard alone: Tab, Space and arrow keys on a radio group, Enter on Accept', async () => {
    const p = await openPage();
    await waitForChecksDone(p);
    /** Presses Tab until `predicate` holds for the focused element; fails after 60 presses. */
    async function tabTo(describe: string, predicate: string): Promise<void> {
      for (let i = 0; i < 60; i++) {
        await p.keyboard.press('Tab');
        if (await p.evaluate(`(() => { const el = document.activeElement; return !!el && (${predicate}); })()`)) return;
      }
      assert.fail(`Tab never reached ${describe}`);
    }
    const verdictOf = (itemId: string): Promise<string | null> =>
      p.evaluate((id) => document.querySelector<HTMLInputElement>(`fieldset[data-item-id="${id}"] input:checked`)?.value ?? null, itemId);

    // The skipped automatic check, then the two manual items, in document order.
    await tabTo('the first radio of "tests"', `el.name === 'verdict-2'`);
    await p.keyboard.press('Space');
    assert.equal(await verdictOf('tests'), 'pass');
    await p.keyboard.press('ArrowRight');
    assert.equal(await verdictOf('tests'), 'fail', 'an arrow key moves the choice');
    assert.equal(await p.locator('#item-2-error').isVisible(), true);
    await p.keyboard.press('ArrowRight');
    assert.equal(await verdictOf('tests'), 'na');
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'item-2-note', 'Tab leaves the group for its note');

    await tabTo('the radios of "does-task"', `el.name === 'verdict-3'`);
    await p.keyboard.press('Space');
    await tabTo('the radios of "style"', `el.name === 'verdict-4'`);
    await p.keyboard.press('Space');
    await p.keyboard.press('ArrowRight');
    await p.keyboard.press('ArrowLeft');
    assert.equal(await verdictOf('does-task'), 'pass');
    assert.equal(await verdictOf('style'), 'pass');

    await tabTo('Accept', `el.id === 'accept'`);
    await p.keyboard.press('Enter');
    await p.locator('[role="status"]', { hasText: 'Inspection recorded' }).waitFor({ state: 'attached', timeout: WAIT_MS });
    assert.equal((await lastSubmit(p))?.decision, 'accepted');
    // Every control shows where the focus is (the theme's focus border).
    await assertQuiet(p);
  });
});
