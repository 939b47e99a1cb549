import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { preset } from '../../src/core/config/presets';
import { RULES } from '../../src/core/rules';
import type {
  InspectionChecklistsResult,
  PromptCoachSettings,
  RuleDocsResult,
  StatusParams,
  TemplatesResult,
} from '../../src/server/protocol';

/**
 * Packs in the editor, over real JSON-RPC with the built server (`dist/server.cjs --stdio`): a
 * workspace whose `.promptcoach.json` extends the recommended pack and a pack folder whose clause
 * cites `vague-language`. The citation in diagnostics, hovers, rule docs and checklists; the
 * `promptcoach.coachingLevel` setting over the config's level; the templates request. Waits are on
 * the server's messages, with timeouts, never on a clock.
 */
const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist', 'server.cjs');
const WAIT_MS = 10_000;

const CLAUSE = { id: 'ACME-1', text: 'Say exactly what you want: no vague words.' };
const TEMPLATE_TEXT = '---\ndescription: ${input:goal:What the agent does}\n---\n# ${input:name}\n\n${input:goal}\n';

const PACK = {
  name: '@acme/prompt-pack',
  version: '1.0.0',
  description: "Acme's practice for prompts.",
  rules: { 'vague-language': 'warning' },
  standard: { title: 'Acme prompt standard', clauses: [{ ...CLAUSE, rules: ['vague-language'], items: ['acme-review/plain-words'] }] },
  checklists: [{ id: 'acme-review', title: 'Acme review', version: 1, items: [{ id: 'plain-words', text: 'The output uses plain words' }] }],
  templates: [
    {
      id: 'acme-task',
      title: 'Acme task',
      description: 'A task prompt the Acme way.',
      kind: 'prompt',
      file: 'templates/acme.prompt.md',
      fileName: '${input:name}.prompt.md',
      folder: 'prompts',
      inputs: [{ id: 'name', description: 'File name' }],
    },
    {
      id: 'acme-gone',
      title: 'Gone',
      description: 'Its file was deleted.',
      kind: 'prompt',
      file: 'templates/gone.prompt.md',
      fileName: 'gone.prompt.md',
    },
  ],
};

/** Vague ('some'), and no success criteria: a finding at every level, and one more at `learn`. */
const TASK = '---\ndescription: Write tests for the parser\n---\n# Task\n\nWrite some tests for the parser module.\n';

const FILES: Record<string, string> = {
  '.promptcoach.json': JSON.stringify({ extends: ['promptcoach:recommended', './team-pack'] }, null, 2),
  'team-pack/promptcoach-pack.json': JSON.stringify(PACK, null, 2),
  'team-pack/templates/acme.prompt.md': TEMPLATE_TEXT,
  'task.prompt.md': TASK,
  // A nested config asks for strict: the setting wins over it, `default` leaves it.
  'strict/.promptcoach.json': JSON.stringify({ coachingLevel: 'strict' }),
  'strict/task.prompt.md': TASK,
};

interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

/** The editor's side of the connection: what the server published, and its settings. */
class Client {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  settings: PromptCoachSettings = { enable: true, run: 'onType', debounceMs: 30, rules: {}, codeLens: true, maxFileSize: 1024 * 1024, ruleTimeBudgetMs: 1000, coachingLevel: 'default' };
  private readonly waiters = new Set<() => void>();

  constructor(readonly connection: MessageConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.wake();
    });
    connection.onNotification('promptcoach/status', (p: StatusParams) => {
      this.statuses.push(p);
      this.wake();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'promptcoach' ? this.settings : null)),
    );
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `check` returns a value (tried now and after each message), or fails after a timeout. */
  until<T>(what: string, check: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter = () => {
        const value = check();
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

  diagnosticsOf(uri: string, what: string, ok: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return this.until(`diagnostics of ${uri}: ${what}`, () => {
      const p = this.diagnostics.get(uri);
      return p && ok(p.diagnostics) ? p.diagnostics : undefined;
    });
  }

  open(uri: string, text: string): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  }

  /** Changes a setting the way VS Code does: a push without payload, then the server pulls. */
  setCoachingLevel(level: NonNullable<PromptCoachSettings['coachingLevel']>): void {
    this.settings = { ...this.settings, coachingLevel: level };
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }
}

const rule = (id: string) => (d: Diagnostic) => d.code === id;
/** The server sends plain-text messages (LSP 3.18 would allow Markdown). */
const lines = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value).split('\n');

describe('language server: packs, coaching level and templates (dist/server.cjs --stdio)', function () {
  this.timeout(30_000);
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let client: Client;
  const uri = (rel: string) => URI.file(path.join(dir, rel)).toString();

  before(async function () {
    this.timeout(120_000);
    execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-lsp-packs-')));
    for (const [rel, content] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    }
    child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: dir });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    client = new Client(connection);
    connection.listen();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: URI.file(dir).toString(),
      workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'ws' }],
      initializationOptions: { trusted: true },
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { codeDescriptionSupport: true, dataSupport: true }, hover: { contentFormat: ['markdown'] } },
      },
    });
    await client.connection.sendNotification('initialized', {});
    client.open(uri('task.prompt.md'), TASK);
    client.open(uri('strict/task.prompt.md'), TASK);
  });

  after(() => {
    client?.connection.dispose();
    if (child && child.exitCode === null) child.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("cites the pack's clause on the second line of the rule's diagnostic, and keeps the docs link", async () => {
    const diagnostics = await client.diagnosticsOf(uri('task.prompt.md'), 'vague-language', (d) => d.some(rule('vague-language')));
    const vague = diagnostics.find(rule('vague-language')) as Diagnostic;
    const [first, second, ...rest] = lines(vague);
    assert.match(first ?? '', /^Unexpected vague 'some', expected /);
    assert.equal(second, `Team standard ${CLAUSE.id}: ${CLAUSE.text}`);
    assert.deepEqual(rest, []);
    assert.equal(vague.severity, 2, "the pack's rule setting applies");
    assert.deepEqual(vague.codeDescription, { href: 'promptcoach-docs:/rules/vague-language.md' });
  });

  it('shows the clause first in the hover, then the rule\'s coaching', async () => {
    const diagnostics = await client.diagnosticsOf(uri('task.prompt.md'), 'vague-language', (d) => d.some(rule('vague-language')));
    const vague = diagnostics.find(rule('vague-language')) as Diagnostic;
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uri('task.prompt.md') }, position: vague.range.start });
    const value = (hover.contents as MarkupContent).value;
    assert.ok(value.startsWith(`**Team standard ${CLAUSE.id}** — ${CLAUSE.text}\n\n**\`vague-language\`**`), value.slice(0, 300));
    const meta = RULES.find((r) => r.meta.id === 'vague-language')?.meta;
    assert.ok(meta && value.includes(meta.docs.rationale.split('\n')[0] as string), 'the coaching follows');
  });

  it('lists the clauses citing a rule on its docs page, by pack name', async () => {
    const vague = await client.request<RuleDocsResult>('promptcoach/ruleDocs', { ruleId: 'vague-language' });
    assert.ok(vague.found);
    assert.match(vague.markdown, /^# `vague-language`/);
    const section = `### In the team's standard\n\n- **${CLAUSE.id}** — ${CLAUSE.text} (@acme/prompt-pack)\n\n### Why it matters`;
    assert.ok(vague.markdown.includes(section), vague.markdown.slice(0, 800));
    const dir1 = preset('promptcoach:recommended').standard.clauses.find((c) => c.id === 'DIR-1');
    assert.ok(dir1);
    const objective = await client.request<RuleDocsResult>('promptcoach/ruleDocs', { ruleId: 'objective-missing', uri: uri('task.prompt.md') });
    assert.ok(objective.markdown.includes(`- **DIR-1** — ${dir1.text} (promptcoach:recommended)`), objective.markdown.slice(0, 800));
    const engine = await client.request<RuleDocsResult>('promptcoach/ruleDocs', { ruleId: 'config-error' });
    assert.doesNotMatch(engine.markdown, /In the team's standard/);
  });

  it("reports each file's coaching level in its status: the config's, else standard", async () => {
    const plain = await client.until('a status with the level of task.prompt.md', () =>
      client.statuses.findLast((s) => s.uri === uri('task.prompt.md') && s.coaching),
    );
    assert.deepEqual(plain.coaching, { level: 'standard', from: 'default' });
    const strict = await client.until('a status with the level of strict/task.prompt.md', () =>
      client.statuses.findLast((s) => s.uri === uri('strict/task.prompt.md') && s.coaching),
    );
    assert.deepEqual(strict.coaching, { level: 'strict', from: 'config' });
    const diagnostics = await client.diagnosticsOf(uri('strict/task.prompt.md'), 'vague-language', (d) => d.some(rule('vague-language')));
    assert.equal(diagnostics.find(rule('vague-language'))?.severity, 1, "the config's strict raises the warning to an error");
  });

  it('promptcoach.coachingLevel strict raises the warning to an error in every open file, and says so in the status', async () => {
    const before = client.statuses.length;
    client.setCoachingLevel('strict');
    const diagnostics = await client.diagnosticsOf(uri('task.prompt.md'), 'vague-language as an error', (d) => d.find(rule('vague-language'))?.severity === 1);
    assert.ok(!diagnostics.some((d) => d.severity === 2), 'no warning is left');
    const status = await client.until('a status at strict', () =>
      client.statuses.slice(before).findLast((s) => s.uri === uri('task.prompt.md') && s.coaching?.level === 'strict'),
    );
    assert.deepEqual(status.coaching, { level: 'strict', from: 'setting' });
    assert.equal(status.warnings, 0);
  });

  it('promptcoach.coachingLevel learn adds rules that are off by default as information, with their why; it wins over the config', async () => {
    const off = RULES.find((r) => r.meta.id === 'success-criteria-missing');
    assert.equal(off?.meta.defaultSeverity, 'off', 'the test needs a rule that is off by default');
    client.setCoachingLevel('learn');
    for (const file of ['task.prompt.md', 'strict/task.prompt.md']) {
      const diagnostics = await client.diagnosticsOf(uri(file), 'success-criteria-missing as information', (d) =>
        d.some((x) => x.code === 'success-criteria-missing' && x.severity === 3),
      );
      const vague = diagnostics.find(rule('vague-language')) as Diagnostic;
      assert.equal(vague.severity, 2, `${file}: back to the config's warning`);
      const [, second, third] = lines(vague);
      assert.equal(second, `Team standard ${CLAUSE.id}: ${CLAUSE.text}`, 'the clause, then the why');
      assert.match(third ?? '', /^Why: \S/);
    }
    const status = await client.until('a status at learn for strict/task.prompt.md', () =>
      client.statuses.findLast((s) => s.uri === uri('strict/task.prompt.md') && s.coaching?.level === 'learn'),
    );
    assert.deepEqual(status.coaching, { level: 'learn', from: 'setting' });
  });

  it('promptcoach.coachingLevel default gives the level back to the config', async () => {
    client.setCoachingLevel('default');
    await client.diagnosticsOf(uri('task.prompt.md'), 'no hint any more', (d) => !d.some(rule('success-criteria-missing')) && d.some(rule('vague-language')));
    await client.diagnosticsOf(uri('strict/task.prompt.md'), "the config's strict again", (d) => d.find(rule('vague-language'))?.severity === 1);
  });

  it("lists the templates in force: the pack's, then the built-in ones, with their inputs and text", async () => {
    const result = await client.request<TemplatesResult>('promptcoach/templates', { uri: URI.file(dir).toString() });
    assert.equal(result.folder, URI.file(dir).toString());
    const builtIn = preset('promptcoach:recommended').templates;
    assert.deepEqual(
      result.templates.map((t) => t.id),
      ['acme-task', ...builtIn.map((t) => t.id)],
    );
    const [acme] = result.templates;
    assert.deepEqual(acme, {
      id: 'acme-task',
      title: 'Acme task',
      description: 'A task prompt the Acme way.',
      kind: 'prompt',
      source: '@acme/prompt-pack',
      builtIn: false,
      fileName: '${input:name}.prompt.md',
      folder: 'prompts',
      inputs: [
        { id: 'name', description: 'File name' },
        { id: 'goal', description: 'What the agent does' },
      ],
      text: TEMPLATE_TEXT,
    });
    const task = result.templates.find((t) => t.id === 'task-prompt');
    assert.equal(task?.source, 'promptcoach:recommended');
    assert.equal(task?.builtIn, true);
    assert.equal(task?.text, builtIn.find((t) => t.id === 'task-prompt')?.text);
    assert.deepEqual(task?.inputs.map((i) => i.id), ['name', 'objective', 'context', 'output', 'done']);
    assert.deepEqual(result.problems, [`Cannot read template 'acme-gone' from ${path.join(dir, 'team-pack/templates/gone.prompt.md')}: it is left out`]);
  });

  it('answers templates for a file, and for no URI (the first folder); refuses a URI that is not a file', async () => {
    const forFile = await client.request<TemplatesResult>('promptcoach/templates', { uri: uri('strict/task.prompt.md') });
    assert.equal(forFile.templates[0]?.id, 'acme-task');
    const none = await client.request<TemplatesResult>('promptcoach/templates', {});
    assert.equal(none.folder, URI.file(dir).toString());
    await assert.rejects(client.request('promptcoach/templates', { uri: 'untitled:Untitled-1' }), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.message, "Unexpected URI 'untitled:Untitled-1', expected a file: URI");
      return true;
    });
  });

  it('gives each checklist item the clause it checks', async () => {
    const result = await client.request<InspectionChecklistsResult>('promptcoach/inspection/checklists', { outputs: [uri('task.prompt.md')] });
    const acme = result.checklists.find((c) => c.id === 'acme-review');
    assert.deepEqual(acme?.items, [{ id: 'plain-words', text: 'The output uses plain words', required: true, standard: CLAUSE }]);
    const review = result.checklists.find((c) => c.id === 'output-review');
    assert.equal(review?.items.find((i) => i.id === 'complete')?.standard?.id, 'DIR-2');
  });
});
