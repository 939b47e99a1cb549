import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandBraces } from '../../src/extension/inspection/globs';
import { contentSecurityPolicy, escapeHtml, inspectionHtml, newNonce } from '../../src/extension/inspection/html';
import { changedFiles } from '../../src/extension/inspection/porcelain';
import { InspectionStore, targetKey } from '../../src/extension/inspection/store';
import { assess, describeBlocker, emptyAnswers, NOT_REVIEWED_NOTE, recordItems, shortText, withAnswer } from '../../src/webview/inspection/model';
import { FromWebviewMessage, PersistedPageState, type Answers, type CheckResult, type Checklist, type InitialState } from '../../src/webview/inspection/protocol';

/**
 * The inspection panel's pure parts: the rules that enable Accept (shared by page and host), the
 * record's items, the validation of the page's messages, the HTML shell, and the helpers of the
 * command. The page itself runs in Chromium: inspection-webview.test.ts.
 */
const ROOT = path.resolve(__dirname, '../..');

const CHECKLIST: Checklist = {
  id: 'review',
  title: 'Review',
  version: 1,
  hash: 'a'.repeat(64),
  outputs: ['file:///ws/a.md'],
  items: [
    { id: 'clean', text: 'No placeholders', required: true, auto: { type: 'no-placeholders' } },
    { id: 'task', text: 'Does the task', required: true },
    { id: 'style', text: 'Follows the style', required: false },
  ],
};
const PASS: CheckResult = { itemId: 'clean', type: 'no-placeholders', status: 'pass', message: 'No placeholders.', findings: [] };
const FAIL: CheckResult = {
  itemId: 'clean',
  type: 'no-placeholders',
  status: 'fail',
  message: '1 placeholder left.',
  findings: [{ path: 'a.md', line: 2, message: 'TODO' }],
};

function answer(...entries: [string, 'pass' | 'fail' | 'na' | null, string?][]) {
  let answers: Answers = { ...emptyAnswers(), checklistId: 'review' };
  for (const [id, verdict, note = ''] of entries) answers = withAnswer(answers, 'review', id, { verdict, note });
  return answers;
}

describe('inspection panel: the rules for Accept and Reject', () => {
  it('waits for the automatic checks', () => {
    const a = assess(CHECKLIST, answer(['task', 'pass'], ['style', 'pass']), null);
    assert.equal(a.canAccept, false);
    assert.deepEqual(a.acceptBlockers.map(describeBlocker), ['The automatic checks have not finished.']);
  });

  it('accepts when every required item passes and every item has a verdict', () => {
    assert.equal(assess(CHECKLIST, answer(['task', 'pass'], ['style', 'na']), [PASS]).canAccept, true);
    assert.deepEqual(assess(CHECKLIST, answer(['task', 'pass']), [PASS]).acceptBlockers.map(describeBlocker), ['No verdict yet: “Follows the style”.']);
  });

  it('counts an automatic item by its result', () => {
    const a = assess(CHECKLIST, answer(['clean', 'pass'], ['task', 'pass'], ['style', 'pass']), [FAIL]);
    assert.deepEqual(a.acceptBlockers.map(describeBlocker), ['Required, and failed: “No placeholders”.'], 'the reviewer cannot overrule a failed check');
  });

  it('lets the reviewer judge an automatic item whose check errored or was skipped', () => {
    const skipped: CheckResult = { ...PASS, status: 'skipped', message: 'Not trusted.' };
    assert.deepEqual(assess(CHECKLIST, answer(['task', 'pass'], ['style', 'pass']), [skipped]).acceptBlockers.map(describeBlocker), ['No verdict yet: “No placeholders”.']);
    assert.equal(assess(CHECKLIST, answer(['clean', 'pass'], ['task', 'pass'], ['style', 'pass']), [skipped]).canAccept, true);
  });

  it('needs a note on a fail, and on a required item marked not applicable', () => {
    const a = assess(CHECKLIST, answer(['task', 'na'], ['style', 'fail']), [PASS]);
    assert.deepEqual(a.notesMissing, ['task', 'style']);
    assert.deepEqual(a.acceptBlockers.map(describeBlocker), ['Needs a note: “Does the task”, “Follows the style”.']);
    const b = assess(CHECKLIST, answer(['task', 'na', 'Docs only.'], ['style', 'fail', 'Tabs.']), [PASS]);
    assert.equal(b.canAccept, true, 'an optional item may fail; a required one may not apply, with a note');
    assert.deepEqual(assess(CHECKLIST, answer(['task', 'fail', 'Wrong.'], ['style', 'pass']), [PASS]).acceptBlockers.map(describeBlocker), [
      'Required, and failed: “Does the task”.',
    ]);
  });

  it('rejects with a reason, whatever is still unanswered', () => {
    const without = assess(CHECKLIST, answer(), null);
    assert.equal(without.canReject, false);
    assert.match(without.rejectBlockers.map(describeBlocker)[0] ?? '', /^Say why the output is rejected/);
    assert.equal(assess(CHECKLIST, { ...answer(), rejectReason: 'Wrong file.' }, null).canReject, true);
    assert.equal(assess(CHECKLIST, { ...answer(['style', 'fail']), rejectReason: 'Wrong file.' }, null).canReject, false, 'the fail still needs its note');
  });

  it('names items by the phrase before their colon', () => {
    assert.equal(shortText('Nothing is left unfinished: no placeholders, TODOs, stubs'), 'Nothing is left unfinished');
    assert.equal(shortText('Follows the style guide'), 'Follows the style guide');
    assert.equal(shortText(`${'x'.repeat(70)}: more`), `${'x'.repeat(59)}…`);
  });

  it('records one verdict per item, in order, with the check deciding its item', () => {
    const items = recordItems(CHECKLIST, answer(['task', 'fail', '  Half done. ']), [FAIL]);
    assert.deepEqual(items, [
      { id: 'clean', verdict: 'fail', note: 'Automatic check failed: 1 placeholder left.' },
      { id: 'task', verdict: 'fail', note: 'Half done.' },
      { id: 'style', verdict: 'na', note: NOT_REVIEWED_NOTE },
    ]);
  });
});

describe('inspection panel: messages from the page are validated', () => {
  it('accepts every message of the protocol', () => {
    const answers = answer(['task', 'pass', 'ok']);
    for (const m of [
      { type: 'ready' },
      { type: 'saveDraft', answers },
      { type: 'runChecks', requestId: 'r1', checklistId: 'review' },
      { type: 'pickPrompt', requestId: 'r2' },
      { type: 'open', path: 'src/a.ts', line: 3 },
      { type: 'open', path: 'file:///ws/a.md' },
      { type: 'submit', requestId: 'r3', decision: 'rejected', answers },
    ]) {
      assert.ok(FromWebviewMessage.safeParse(m).success, JSON.stringify(m));
    }
  });

  it('refuses anything else', () => {
    for (const m of [
      null,
      'ready',
      { type: 'eval', code: '1' },
      { type: 'ready', extra: 1 },
      { type: 'open', path: '' },
      { type: 'open', path: 'a', line: 0 },
      { type: 'open', path: 'a', line: 1.5 },
      { type: 'runChecks', checklistId: 'review' },
      { type: 'submit', requestId: 'r', decision: 'maybe', answers: emptyAnswers() },
      { type: 'saveDraft', answers: { ...emptyAnswers(), items: { review: { task: { verdict: 'great', note: '' } } } } },
      { type: 'saveDraft', answers: { ...emptyAnswers(), rejectReason: 'x'.repeat(20_001) } },
    ]) {
      assert.equal(FromWebviewMessage.safeParse(m).success, false, JSON.stringify(m)?.slice(0, 100));
    }
  });

  it('reads back a saved page state, and refuses one without targets', () => {
    const state = { v: 1, context: { key: 'k', targets: [{ uri: 'file:///ws/a.md', label: 'a.md' }], prompt: null }, answers: emptyAnswers(), extra: {} };
    assert.ok(PersistedPageState.safeParse(state).success);
    assert.equal(PersistedPageState.safeParse({ ...state, context: { targets: [] } }).success, false);
    assert.equal(PersistedPageState.safeParse(undefined).success, false);
  });
});

describe('inspection panel: the HTML shell', () => {
  const initial: InitialState = {
    context: { key: 'k', targets: [{ uri: 'file:///x', label: '"><script>alert(1)</script>' }], prompt: null, reviewer: null },
    answers: emptyAnswers(),
  };

  it('has a strict CSP with a fresh nonce each render, and only local resources', () => {
    const a = newNonce();
    const b = newNonce();
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9+/]{24}$/);
    const html = inspectionHtml({ cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/p.js', styleUri: 'vscode-resource:/p.css', nonce: a }, initial);
    const csp = contentSecurityPolicy({ cspSource: 'vscode-resource:', nonce: a });
    assert.equal(csp, `default-src 'none'; style-src vscode-resource:; script-src 'nonce-${a}'; img-src vscode-resource: data:; font-src vscode-resource:`);
    assert.ok(html.includes(`content="${escapeHtml(csp)}"`));
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
    assert.ok(html.includes(`<script nonce="${a}" src="vscode-resource:/p.js">`));
    assert.ok(!/\sstyle=|<style\b|\son\w+=/.test(html), 'no inline style or handler');
  });

  it('escapes the initial state in the data- attribute', () => {
    const html = inspectionHtml({ cspSource: 'x:', scriptUri: 'x:/a.js', styleUri: 'x:/a.css', nonce: 'n' }, initial);
    const attr = /data-state="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.ok(!attr.includes('<') && !attr.includes('>'));
    const decoded = attr.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
    assert.deepEqual(JSON.parse(decoded), initial);
  });
});

describe('inspection panel: command helpers', () => {
  it('lists changed files from git status --porcelain -z', () => {
    const out = [' M src/a.ts', 'A  new file.md', 'R  docs/new.md', 'docs/old.md', ' D gone.ts', 'D  staged-gone.ts', '?? notes/todo.txt', 'MM both.ts', ''].join('\0');
    assert.deepEqual(changedFiles(out), ['src/a.ts', 'new file.md', 'docs/new.md', 'notes/todo.txt', 'both.ts']);
    assert.deepEqual(changedFiles(''), []);
  });

  it('expands brace groups for findFiles', () => {
    assert.deepEqual(expandBraces('prompts/**/*.{md,txt}'), ['prompts/**/*.md', 'prompts/**/*.txt']);
    assert.deepEqual(expandBraces('**/.cursor/rules/**/*.{md,mdc}'), ['**/.cursor/rules/**/*.md', '**/.cursor/rules/**/*.mdc']);
    assert.deepEqual(expandBraces('**/AGENTS.md'), ['**/AGENTS.md']);
  });

  it('package.json contributes the command, its menus, the setting and the activation event', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const command = pkg.contributes.commands.find((c: { command: string }) => c.command === 'promptcoach.inspectOutput');
    assert.deepEqual({ title: command?.title, category: command?.category }, { title: 'Inspect Output…', category: 'Prompt Coach' });
    assert.ok(pkg.contributes.menus['explorer/context'].some((m: { command: string; when: string }) => m.command === 'promptcoach.inspectOutput' && m.when === '!explorerResourceIsFolder'));
    assert.ok(pkg.contributes.menus.commandPalette.some((m: { command: string }) => m.command === 'promptcoach.inspectOutput'));
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:promptcoach.inspection'));
    const setting = pkg.contributes.configuration.properties['promptcoach.inspection.reviewer'];
    assert.equal(setting.scope, 'application', 'a workspace must not sign in your name');
    assert.ok(setting.markdownDescription);
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!dist/webview/**'), 'the page bundle goes into the .vsix');
  });
});

describe('inspection panel: what it remembers per workspace', () => {
  /** An in-memory `vscode.Memento`. */
  function memento() {
    const values = new Map<string, unknown>();
    return {
      keys: () => [...values.keys()],
      get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
      update: async (key: string, value: unknown) => void values.set(key, JSON.parse(JSON.stringify(value ?? null))),
    };
  }
  const targets = [{ uri: 'file:///ws/a.md', label: 'a.md' }];

  it('keys a set of files whatever their order', () => {
    assert.equal(targetKey(['file:///b', 'file:///a']), targetKey(['file:///a', 'file:///b', 'file:///a']));
    assert.notEqual(targetKey(['file:///a']), targetKey(['file:///b']));
  });

  it('keeps a draft until it is cleared, and ignores one that does not fit', async () => {
    const m = memento();
    const store = new InspectionStore(m);
    const answers = answer(['task', 'fail', 'Half done.']);
    await store.saveDraft('k', targets, answers);
    assert.deepEqual(store.draft('k')?.answers, answers);
    assert.deepEqual(store.draft('k')?.targets, targets);
    await store.clearDraft('k');
    assert.equal(store.draft('k'), undefined);
    await m.update('promptcoach.inspection.drafts', { k: { targets, answers: { items: 'nope' }, updated: 1 } });
    assert.equal(store.draft('k'), undefined);
  });

  it('remembers the prompt per set of files, and the panels left open', async () => {
    const store = new InspectionStore(memento());
    await store.rememberPrompt('k', 'file:///ws/p.prompt.md');
    assert.equal(store.prompt('k'), 'file:///ws/p.prompt.md');
    await store.rememberPrompt('k', null);
    assert.equal(store.prompt('k'), undefined);
    await store.setOpen('a', true);
    await store.setOpen('b', true);
    assert.deepEqual(store.openKeys(), ['b', 'a']);
    await store.setOpen('b', false);
    assert.deepEqual(store.openKeys(), ['a']);
  });
});
