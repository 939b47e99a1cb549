import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { hungRulesFile } from '../../src/server/watchdog';
import { RULES } from '../../src/core/rules';
import type { LintWorkspaceResult, PromptCoachSettings, RuleDocsResult, StatusParams } from '../../src/server/protocol';

/**
 * The built language server (`dist/server.cjs --stdio`) driven over real JSON-RPC, as an editor
 * drives it. Every built-in rule but `unresolved-placeholder` and `broken-reference` is off, and
 * the fixable findings come from custom rules in the config, so rules being added meanwhile do not
 * move the expectations. Waits are on the server's messages, with timeouts, never on a clock.
 */
interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist', 'server.cjs');
const WAIT_MS = 10_000;

const KEPT = ['unresolved-placeholder', 'broken-reference'];
const rulesOff = () => Object.fromEntries(RULES.filter((r) => !KEPT.includes(r.meta.id)).map((r) => [r.meta.id, 'off']));
const SAY_USE = { id: 'say-use', type: 'substitution', swap: { utilize: 'use' }, severity: 'warning' };
const NO_XXX = { id: 'no-xxx', type: 'existence', pattern: 'XXX', severity: 'error', scope: 'text' };

function configText(extraRules: Record<string, string> = {}): string {
  return JSON.stringify({ rules: { ...rulesOff(), ...extraRules }, customRules: [SAY_USE, NO_XXX] }, null, 2) + '\n';
}

const TASK = [
  '---',
  'description: Summarize the release notes',
  'mode: agent',
  '---',
  '# Objective',
  '',
  'Write release notes for [INSERT product name].',
  'Then utilize the changelog and utilize short sentences.',
  '',
  '## Context',
  '',
  'Read [the style guide](docs/style.md) first.',
  '',
].join('\n');

const OTHER = '# Objective\n\nSummarize the thread.\n\nTODO: name the audience.\n';

/** What the fake editor saw from the server. */
class Client {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publication, in order. */
  readonly publications: PublishDiagnosticsParams[] = [];
  readonly statuses: StatusParams[] = [];
  readonly requests: string[] = [];
  readonly progress: unknown[] = [];
  readonly logs: string[] = [];
  settings: PromptCoachSettings = { enable: true, run: 'onType', debounceMs: 30, rules: {}, codeLens: true, maxFileSize: 1024 * 1024, ruleTimeBudgetMs: 1000 };
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  constructor(readonly connection: MessageConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.publications.push(p);
      this.wake();
    });
    connection.onNotification('promptcoach/status', (p: StatusParams) => {
      this.statuses.push(p);
      this.wake();
    });
    connection.onNotification('$/progress', (p: unknown) => {
      this.progress.push(p);
      this.wake();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.requests.push('workspace/configuration');
      return p.items.map((i) => (i.section === 'promptcoach' ? this.settings : null));
    });
    connection.onRequest('window/workDoneProgress/create', () => {
      this.requests.push('window/workDoneProgress/create');
      return null;
    });
    connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      for (const r of p.registrations) this.requests.push(`register:${r.method}`);
      return null;
    });
    connection.onRequest('workspace/codeLens/refresh', () => null);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `check` returns a value (it is tried now and after each message), or fails after a timeout. */
  until<T>(what: string, check: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          reject(error as Error);
          return;
        }
        if (value === undefined) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}\nserver log:\n${this.logs.join('\n')}`));
      }, WAIT_MS);
      this.waiters.add(waiter);
      waiter();
    });
  }

  /** The latest diagnostics of `uri` once they satisfy `ok`. */
  diagnosticsOf(uri: string, what: string, ok: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean): Promise<Diagnostic[]> {
    return this.until(`diagnostics of ${path.basename(uri)}: ${what}`, () => {
      const p = this.diagnostics.get(uri);
      return p && ok(p.diagnostics, p) ? p.diagnostics : undefined;
    });
  }

  open(uri: string, text: string, languageId = 'markdown'): void {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Applies edits for `uri` the way the editor would, and sends the change. */
  applyEdits(uri: string, edits: TextEdit[]): string {
    const before = TextDocument.create(uri, 'markdown', 0, this.texts.get(uri) ?? '');
    const after = TextDocument.applyEdits(before, edits);
    this.change(uri, after);
    return after;
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }
}

const byCode = (code: string) => (d: Diagnostic) => d.code === code;

/** A fresh folder holding `files` (path → content). */
function makeWorkspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-lsp-')));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/** What VS Code's client announces, roughly. */
const FULL_CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    codeLens: { refreshSupport: true },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] }, versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: false } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

interface InitializeResult {
  capabilities: Record<string, unknown>;
  serverInfo: { name: string };
}

/** Starts the built server on `dir` and completes the handshake. */
async function launch(dir: string, capabilities: object, initializationOptions: object = { trusted: true }) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: dir });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const client = new Client(connection);
  connection.listen();
  const init = await client.request<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: URI.file(dir).toString(),
    workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'ws' }],
    initializationOptions,
    capabilities,
  });
  await client.connection.sendNotification('initialized', {});
  return { child, client, init };
}

describe('language server over JSON-RPC (dist/server.cjs --stdio)', function () {
  this.timeout(30_000);
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let client: Client;
  let stderr = '';
  const uri = (rel: string) => URI.file(path.join(dir, rel)).toString();

  before(async function () {
    this.timeout(120_000);
    execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
    dir = makeWorkspace({
      '.promptcoach.json': configText(),
      'task.prompt.md': TASK,
      'other.prompt.md': OTHER,
      'docs/readme.txt': 'not a prompt file\n',
    });
    let init: InitializeResult;
    ({ child, client, init } = await launch(dir, FULL_CAPABILITIES));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    assert.equal(init.serverInfo.name, 'Prompt Coach');
    const caps = init.capabilities;
    assert.ok(caps.hoverProvider && caps.codeLensProvider && caps.documentSymbolProvider && caps.completionProvider && caps.codeActionProvider);
  });

  after(async () => {
    if (child && child.exitCode === null) child.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scans the workspace on start, with progress, and publishes for files never opened', async () => {
    const diagnostics = await client.diagnosticsOf(uri('other.prompt.md'), 'the TODO', (d) => d.some(byCode('unresolved-placeholder')));
    assert.equal(diagnostics.length, 1);
    assert.ok(client.requests.includes('workspace/configuration'), 'settings are pulled');
    assert.ok(client.requests.includes('register:workspace/didChangeWatchedFiles'), 'file watching is registered');
    assert.ok(client.requests.includes('window/workDoneProgress/create'), 'progress is created by the server');
    await client.until('progress to end', () => (client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end') ? true : undefined));
    assert.ok(!client.diagnostics.has(uri('docs/readme.txt')), 'files of no kind get nothing');
  });

  it('publishes diagnostics on open: source, code, docs link, severity, range, data', async () => {
    client.open(uri('task.prompt.md'), TASK);
    const diagnostics = await client.diagnosticsOf(uri('task.prompt.md'), 'placeholder, reference and say-use', (d, p) =>
      p.version === 1 && d.some(byCode('unresolved-placeholder')) && d.some(byCode('broken-reference')) && d.filter(byCode('say-use')).length === 2,
    );
    const placeholder = diagnostics.find(byCode('unresolved-placeholder')) as Diagnostic;
    assert.equal(placeholder.source, 'Prompt Coach');
    assert.equal(placeholder.severity, 2);
    assert.deepEqual(placeholder.codeDescription, { href: 'promptcoach-docs:/rules/unresolved-placeholder.md' });
    assert.deepEqual(placeholder.range, { start: { line: 6, character: 24 }, end: { line: 6, character: 45 } });
    assert.deepEqual(placeholder.data, { ruleId: 'unresolved-placeholder', fixes: [] });
    const link = diagnostics.find(byCode('broken-reference')) as Diagnostic;
    assert.equal(link.range.start.line, 11);
    const sayUse = diagnostics.filter(byCode('say-use'));
    assert.equal(sayUse[0]?.range.start.line, 7);
    assert.equal((sayUse[0]?.data as { fixes: unknown[] }).fixes.length, 1);
    const status = await client.until('a status for task.prompt.md', () => client.statuses.findLast((s) => s.uri === uri('task.prompt.md')));
    assert.equal(status.kind, 'prompt');
    assert.equal(status.checked, true);
    assert.equal(status.warnings, 4);
  });

  it('hovers over a finding with the rule\'s coaching', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uri('task.prompt.md') }, position: { line: 6, character: 30 } });
    const value = (hover.contents as MarkupContent).value;
    const rule = RULES.find((r) => r.meta.id === 'unresolved-placeholder');
    assert.ok(value.includes(rule?.meta.docs.rationale.slice(0, 60) ?? '?'), value);
    assert.match(value, /Configure in `\.promptcoach\.json`/);
    assert.match(value, /here: `warning`/);
    const key = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uri('task.prompt.md') }, position: { line: 2, character: 1 } });
    assert.match((key.contents as MarkupContent).value, /`ask`, `edit` or `agent`/);
  });

  it('lists the sections as document symbols, and a code lens with tokens and counts', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri('task.prompt.md') } });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children?.map((c) => c.name)]),
      [
        ['Frontmatter', ['description', 'mode']],
        ['Objective', ['Context']],
      ],
    );
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('task.prompt.md') } });
    assert.equal(lenses.length, 1);
    assert.match(lenses[0]?.command?.title ?? '', /^≈ \d+ tokens · 0 errors, 4 warnings$/);
    assert.equal(lenses[0]?.command?.command, 'promptcoach.showProblems');
  });

  it('completes frontmatter keys the file lacks, and values', async () => {
    const draft = uri('draft.prompt.md');
    client.open(draft, '---\n\nmode: \n---\n# Objective\n\n');
    const keys = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: draft }, position: { line: 1, character: 0 } });
    const labels = (Array.isArray(keys) ? keys : keys.items).map((i) => i.label);
    assert.ok(labels.includes('description'), labels.join());
    assert.ok(!labels.includes('mode'), 'keys already present are not offered');
    const values = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: draft }, position: { line: 2, character: 6 } });
    assert.deepEqual(values.map((i) => i.label), ['ask', 'edit', 'agent']);
  });

  it('offers a quick fix from diagnostic.data; applying it clears the diagnostic', async () => {
    const u = uri('task.prompt.md');
    const diagnostics = client.diagnostics.get(u)?.diagnostics ?? [];
    const target = diagnostics.filter(byCode('say-use'))[0] as Diagnostic;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: target.range,
      context: { diagnostics: [target] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Fix all 'say-use' problems in this file"), titles.join(' | '));
    assert.ok(titles.includes('Disable say-use for this line'));
    assert.ok(titles.includes('Disable say-use in this file'));
    const docs = actions.find((a) => a.title === 'Show documentation for say-use');
    assert.deepEqual(docs?.command, { title: 'Show documentation for say-use', command: 'promptcoach.explainRule', arguments: ['say-use'] });
    const fix = actions[0] as CodeAction;
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind, 'quickfix');
    client.applyEdits(u, fix.edit?.changes?.[u] ?? []);
    assert.match(client.text(u), /Then use the changelog and utilize/);
    const version = client.version(u);
    const after = await client.diagnosticsOf(u, 'one say-use left', (d, p) => p.version === version && d.filter(byCode('say-use')).length === 1);
    assert.equal(after.filter(byCode('say-use'))[0]?.range.start.character, 27);
  });

  it('disables a rule for one line with a comment above it', async () => {
    const u = uri('task.prompt.md');
    const target = (client.diagnostics.get(u)?.diagnostics ?? []).find(byCode('unresolved-placeholder')) as Diagnostic;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: target.range, context: { diagnostics: [target] } });
    const disable = actions.find((a) => a.title === 'Disable unresolved-placeholder for this line');
    assert.deepEqual(disable?.edit?.changes?.[u], [
      { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: '<!-- promptcoach-disable-next-line unresolved-placeholder -- reason -->\n' },
    ]);
    client.applyEdits(u, disable?.edit?.changes?.[u] ?? []);
    const version = client.version(u);
    const after = await client.diagnosticsOf(u, 'placeholder suppressed', (d, p) => p.version === version);
    assert.ok(!after.some(byCode('unresolved-placeholder')));
    assert.ok(!after.some(byCode('unused-suppression')));
  });

  it('fixes everything with source.fixAll.promptcoach', async () => {
    const u = uri('task.prompt.md');
    const quick = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.ok(!quick.some((a) => a.kind === 'source.fixAll.promptcoach'), 'no source action unless asked for');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'], triggerKind: 2 },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0]?.kind, 'source.fixAll.promptcoach');
    const text = client.applyEdits(u, actions[0]?.edit?.changes?.[u] ?? []);
    assert.ok(!/utilize/.test(text), text);
    const version = client.version(u);
    const after = await client.diagnosticsOf(u, 'no say-use left', (d, p) => p.version === version);
    assert.ok(!after.some(byCode('say-use')));
  });

  it('re-checks the files that reference a file when it is created', async () => {
    const u = uri('task.prompt.md');
    fs.writeFileSync(path.join(dir, 'docs/style.md'), '# Style\n');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('docs/style.md'), type: 1 }] });
    await client.diagnosticsOf(u, 'the link resolves', (d) => !d.some(byCode('broken-reference')));
  });

  it('sees a referenced file created right after a check that found it missing', async () => {
    // The server remembers for a moment which paths exist; a created file must not wait that out.
    const u = uri('fresh.prompt.md');
    client.open(u, '# Objective\n\nRead [the notes](notes/fresh.md) first.\n');
    await client.diagnosticsOf(u, 'the link is broken', (d) => d.some(byCode('broken-reference')));
    fs.mkdirSync(path.join(dir, 'notes'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'notes/fresh.md'), '# Notes\n');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('notes/fresh.md'), type: 1 }] });
    await client.diagnosticsOf(u, 'the link resolves', (d) => !d.some(byCode('broken-reference')));
  });

  it('answers promptcoach/ruleDocs with Markdown for built-in, custom and unknown rules', async () => {
    const builtIn = await client.request<RuleDocsResult>('promptcoach/ruleDocs', { ruleId: 'unresolved-placeholder' });
    assert.equal(builtIn.found, true);
    assert.match(builtIn.markdown, /^# `unresolved-placeholder`/);
    assert.match(builtIn.markdown, /### Why it matters/);
    assert.match(builtIn.markdown, /### Bad\n\n```markdown/);
    const custom = await client.request<RuleDocsResult>('promptcoach/ruleDocs', { ruleId: 'say-use' });
    assert.equal(custom.found, true);
    assert.match(custom.markdown, /custom rule from \.promptcoach\.json/);
    const unknown = await client.request<RuleDocsResult>('promptcoach/ruleDocs', { ruleId: 'no-such-rule' });
    assert.equal(unknown.found, false);
  });

  it('applies the editor setting promptcoach.rules after the config', async () => {
    const u = uri('other.prompt.md');
    client.settings = { ...client.settings, rules: { 'unresolved-placeholder': 'error' } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(u, 'the TODO as an error', (d) => d.some((x) => x.code === 'unresolved-placeholder' && x.severity === 1));
    client.settings = { ...client.settings, rules: {} };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(u, 'the TODO as a warning again', (d) => d.some((x) => x.code === 'unresolved-placeholder' && x.severity === 2));
  });

  it('pauses a rule that goes over promptcoach.ruleTimeBudgetMs on a file until it is opened again', async () => {
    const u = uri('long.prompt.md');
    // Long enough that some rules take more than a millisecond on it.
    const text = TASK + Array.from({ length: 4000 }, (_, i) => `Write the notes for part ${i} of the release, then check them.\n\n`).join('');
    // Rules that read every sentence, on (the workspace config turns most rules off): they take milliseconds here.
    client.settings = { ...client.settings, ruleTimeBudgetMs: 1, rules: { 'duplicate-instruction': 'warning', 'weak-instruction': 'warning' } };
    const pulled = client.requests.filter((r) => r === 'workspace/configuration').length;
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    try {
      // Opened once the server has read the setting: its first, whole check is under the budget.
      await client.until('the settings pulled', () => client.requests.filter((r) => r === 'workspace/configuration').length > pulled || undefined);
      client.open(u, text);
      await client.diagnosticsOf(u, 'the first check', (_d, p) => p.version === 1);
      const v2 = client.change(u, `${text}More.\n`);
      const diagnostics = await client.diagnosticsOf(u, 'the check after an edit', (_d, p) => p.version === v2);
      const paused = diagnostics.filter((d) => d.code === 'internal-error').map((d) => /^Rule '([\w-]+)' took \d+ ms on this file, over the 1 ms one rule may take, and is paused/.exec(typeof d.message === 'string' ? d.message : d.message.value)?.[1]);
      assert.ok(paused.length > 0, `some rule took over a millisecond: ${JSON.stringify([...new Set(diagnostics.map((d) => d.code))])}`);
      for (const id of paused) {
        assert.ok(id, 'each internal finding names a paused rule');
        assert.ok(!diagnostics.some((d) => d.code === id), `${id} is paused: none of its findings`);
      }
      // Opened again, under the default budget: every rule runs, none is paused.
      client.settings = { ...client.settings, ruleTimeBudgetMs: 1000, rules: {} };
      const pulledAgain = client.requests.filter((r) => r === 'workspace/configuration').length;
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.until('the settings pulled again', () => client.requests.filter((r) => r === 'workspace/configuration').length > pulledAgain || undefined);
      void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
      client.open(u, text);
      const again = await client.diagnosticsOf(u, 'a check with no rule paused', (d, p) => p.version === 1 && d.some((x) => x.code === 'say-use'));
      assert.ok(!again.some((d) => d.code === 'internal-error'), JSON.stringify(again.filter((d) => d.code === 'internal-error')));
      for (const id of paused) assert.ok(RULES.some((r) => r.meta.id === id) || id === 'say-use', `${id} is a rule`);
    } finally {
      client.settings = { ...client.settings, ruleTimeBudgetMs: 1000, rules: {} };
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
    }
  });

  it('re-checks everything on promptcoach/lintWorkspace and returns counts', async () => {
    const result = await client.request<LintWorkspaceResult>('promptcoach/lintWorkspace', {});
    assert.ok(result.files >= 3, JSON.stringify(result));
    assert.ok(result.warnings >= 1, JSON.stringify(result));
  });

  it('shows a config syntax error at its line, keeps the last good config, and re-checks on config edits', async () => {
    const config = uri('.promptcoach.json');
    const good = configText();
    const broken = good.replace('"rules": {', '"rules": {,');
    const line = broken.split('\n').findIndex((l) => l.includes('{,'));
    client.open(config, broken, 'json');
    const problems = await client.diagnosticsOf(config, 'a syntax error', (d) => d.length > 0);
    assert.equal(problems[0]?.source, 'Prompt Coach');
    assert.equal(problems[0]?.code, 'config-error');
    assert.equal(problems[0]?.severity, 1);
    assert.equal(problems[0]?.range.start.line, line);
    // The last good config still checks the prompt files.
    const other = uri('other.prompt.md');
    assert.ok(client.diagnostics.get(other)?.diagnostics.some(byCode('unresolved-placeholder')));

    client.change(config, configText({ 'unresolved-placeholder': 'off' }));
    await client.diagnosticsOf(config, 'no problems', (d) => d.length === 0);
    await client.diagnosticsOf(other, 'the placeholder rule off', (d) => !d.some(byCode('unresolved-placeholder')));
  });

  it('keeps a closed file\'s problems, re-checked from disk', async () => {
    const u = uri('task.prompt.md');
    client.change(u, TASK);
    await client.diagnosticsOf(u, 'say-use back', (d) => d.filter(byCode('say-use')).length === 2);
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
    // On disk, the file still has both words to replace.
    await client.diagnosticsOf(u, 'from disk, without a version', (d, p) => p.version === undefined && d.filter(byCode('say-use')).length === 2);
  });

  it('serves files by path whatever their language, and nothing else', async () => {
    const rules = uri('.cursorrules');
    // The placeholder rule is off by now (the config test turned it off).
    client.open(rules, 'Always answer in English.\n\nXXX add the tone.\n', 'plaintext');
    await client.diagnosticsOf(rules, 'the XXX', (d) => d.some((x) => x.code === 'no-xxx' && x.severity === 1));
    const notes = uri('notes.md');
    client.open(notes, 'TODO: not a prompt file\n');
    const status = await client.until('a status for notes.md', () => client.statuses.find((s) => s.uri === notes));
    assert.equal(status.checked, false);
    assert.ok(!client.diagnostics.has(notes));
  });

  it('skips huge files with one info diagnostic', async () => {
    const big = uri('big.prompt.md');
    client.open(big, `# Objective\n\n${'TODO: x\n'.repeat(140_000)}`);
    const diagnostics = await client.diagnosticsOf(big, 'the skip', (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['file-skipped', 3]],
    );
  });

  it('survives a handler that throws', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri('task.prompt.md') }, range: null, context: null });
    assert.deepEqual(actions, []);
    const docs = await client.request<RuleDocsResult>('promptcoach/ruleDocs', { ruleId: 'broken-reference' });
    assert.equal(docs.found, true);
  });

  it('shuts down and exits cleanly', async () => {
    await client.request('shutdown', null);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    void client.connection.sendNotification('exit');
    assert.equal(await exited, 0, stderr);
    client.connection.dispose();
  });
});

describe('language server started again after its watchdog stopped a rule that never returned', function () {
  this.timeout(30_000);
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let client: Client;
  let marker: string;
  const uri = (rel: string) => URI.file(path.join(dir, rel)).toString();

  before(async function () {
    this.timeout(120_000);
    if (!fs.existsSync(SERVER)) execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
    dir = makeWorkspace({ '.promptcoach.json': configText(), 'a.prompt.md': 'XXX one\n' });
    // What the watchdog of the server before this one wrote as it stopped 'no-xxx' on a.prompt.md
    // (the watchdog itself is tested in real processes in watchdog.test.ts).
    marker = hungRulesFile([dir]);
    fs.mkdirSync(path.dirname(marker), { recursive: true });
    fs.writeFileSync(marker, JSON.stringify([{ path: path.join(dir, 'a.prompt.md'), ruleId: 'no-xxx', ms: 10_400 }]));
    ({ child, client } = await launch(dir, FULL_CAPABILITIES));
  });

  after(() => {
    if (child && child.exitCode === null) child.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (marker) fs.rmSync(marker, { force: true });
  });

  it('starts with that rule paused for that file, until the file is closed', async () => {
    const a = uri('a.prompt.md');
    client.open(a, 'XXX one\nXXX two\n');
    const paused = await client.diagnosticsOf(a, 'the paused rule', (d, p) => p.version === 1 && d.some(byCode('internal-error')));
    assert.ok(!paused.some(byCode('no-xxx')), 'no finding of the paused rule');
    assert.match(String(paused.find(byCode('internal-error'))?.message), /^Rule 'no-xxx' took 10400 ms on this file, over the 1000 ms one rule may take, and is paused/);
    assert.ok(!fs.existsSync(marker), 'the marker is taken: the server after this one starts clean');
    assert.ok(client.logs.some((l) => l.includes("rule 'no-xxx' ran for 10400 ms") && l.includes('a.prompt.md')), client.logs.join('\n'));
    const v2 = client.change(a, 'XXX one\n');
    await client.diagnosticsOf(a, 'still paused after an edit', (d, p) => p.version === v2 && d.some(byCode('internal-error')) && !d.some(byCode('no-xxx')));
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: a } });
    client.open(a, 'XXX one\n');
    await client.diagnosticsOf(a, 'the rule back once the file was closed', (d, p) => p.version === 1 && d.some(byCode('no-xxx')) && !d.some(byCode('internal-error')));
  });
});

describe('language server with a minimal client (settings pushed, no progress, no watcher registration)', function () {
  this.timeout(30_000);
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let client: Client;
  const uri = (rel: string) => URI.file(path.join(dir, rel)).toString();
  const push = (settings: Partial<PromptCoachSettings>) =>
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { promptcoach: settings } });

  before(async function () {
    this.timeout(120_000);
    if (!fs.existsSync(SERVER)) execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
    dir = makeWorkspace({ '.promptcoach.json': configText(), 'a.prompt.md': 'XXX one\n', 'b.prompt.md': 'XXX two\n' });
    ({ child, client } = await launch(dir, {}));
  });

  after(() => {
    if (child && child.exitCode === null) child.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scans without asking for progress or registrations', async () => {
    await client.diagnosticsOf(uri('b.prompt.md'), 'the XXX', (d) => d.some(byCode('no-xxx')));
    assert.deepEqual(client.requests, []);
  });

  it('with run: onSave, checks on open and save, not on each change', async () => {
    push({ run: 'onSave', debounceMs: 0 });
    const a = uri('a.prompt.md');
    client.open(a, 'XXX one\n');
    await client.diagnosticsOf(a, 'v1', (d, p) => p.version === 1 && d.length === 1);
    const v2 = client.change(a, 'clean now\n');
    void client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: a } });
    await client.diagnosticsOf(a, 'v2 after save', (d, p) => p.version === v2 && d.length === 0);
    assert.equal(client.publications.filter((p) => p.uri === a && p.version === v2).length, 1);
  });

  it('clears a deleted file and everything when disabled', async () => {
    const b = uri('b.prompt.md');
    fs.rmSync(path.join(dir, 'b.prompt.md'));
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: b, type: 3 }] });
    await client.diagnosticsOf(b, 'cleared', (d) => d.length === 0);

    const a = uri('a.prompt.md');
    client.change(a, 'XXX again\n');
    void client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: a } });
    await client.diagnosticsOf(a, 'the XXX again', (d) => d.length === 1);
    push({ enable: false });
    await client.diagnosticsOf(a, 'cleared when disabled', (d) => d.length === 0);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: a } });
    assert.deepEqual(lenses, []);
    push({ enable: true });
    await client.diagnosticsOf(a, 'back when enabled', (d) => d.length === 1);
  });
});

describe('prompt-coach lsp (the CLI starts the same server)', function () {
  this.timeout(30_000);
  const CLI = path.join(ROOT, 'dist', 'cli.cjs');

  before(function () {
    this.timeout(120_000);
    if (!fs.existsSync(CLI) || !fs.existsSync(SERVER)) execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
  });

  it('answers initialize over --stdio and exits on exit', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-lsp-cli-')));
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: dir });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
        serverInfo: { name: string };
        capabilities: { completionProvider: { triggerCharacters: string[] } };
      };
      assert.equal(init.serverInfo.name, 'Prompt Coach');
      assert.deepEqual(init.capabilities.completionProvider.triggerCharacters, [':', '/', '(', '#', '{']);
      await connection.sendRequest('shutdown', null);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      void connection.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks for a transport', () => {
    const r = spawnSync(process.execPath, [CLI, 'lsp'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /lsp needs a transport: --stdio/);
  });
});
