import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { version } from '../../package.json';
import { ConfigResolver } from '../../src/core/config/load';
import { checklistHash } from '../../src/core/inspection/checklists';
import { parseRecordLines, type InspectionRecord } from '../../src/core/inspection/record';
import { nodeHost } from '../../src/node/host';
import { recordsDir } from '../../src/node/inspection/records';
import type {
  InspectionChecklistsResult,
  InspectionListResult,
  InspectionRecordParams,
  InspectionRecordResult,
  InspectionRunChecksResult,
} from '../../src/server/protocol';
import { gitEnv, gitRepo } from '../helpers/inspection';

/**
 * The inspection requests the checklist panel sends, against the built server (`dist/server.cjs
 * --stdio`) in a real git repository, over real JSON-RPC.
 */
const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist', 'server.cjs');

const NODE = JSON.stringify(process.execPath);
// Counts its runs in a file, so a test can tell whether `record` ran the checks again.
const COUNTING_COMMAND = `${NODE} -e "const f='runs.txt';const fs=require('fs');const n=(fs.existsSync(f)?Number(fs.readFileSync(f,'utf8')):0)+1;fs.writeFileSync(f,String(n));console.log('run '+n)"`;

const CODE_REVIEW = {
  id: 'code-review',
  title: 'Code review',
  version: 3,
  files: 'src/**',
  items: [
    { id: 'done', text: 'Nothing left to do', help: 'Look for stubs.', auto: { type: 'no-placeholders' } },
    { id: 'tests', text: 'Tests pass', auto: { type: 'command', command: COUNTING_COMMAND } },
    { id: 'readable', text: 'A newcomer can read it', required: false },
  ],
};

const FILES = {
  '.promptcoach.json': JSON.stringify({ checklists: [CODE_REVIEW], inspection: { required: ['src/**'] } }, null, 2),
  '.gitignore': 'runs.txt\n',
  'src/a.ts': '// TODO: handle the empty case\nexport const a = 1;\n',
  'src/b.ts': 'export const b = 2;\n',
  'docs/guide.md': '# Guide\n',
  'task.prompt.md': '# Objective\n\nWrite a.ts.\n',
};

describe('language server: inspection requests', function () {
  this.timeout(60_000);
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let connection: MessageConnection;
  const uri = (rel: string) => URI.file(path.join(dir, rel)).toString();
  const request = <R>(method: string, params: unknown) => connection.sendRequest(method, params) as Promise<R>;
  const failure = async (method: string, params: unknown): Promise<ResponseError<unknown>> => {
    try {
      await connection.sendRequest(method, params);
    } catch (error) {
      assert.ok(error instanceof ResponseError, String(error));
      return error;
    }
    throw new Error(`${method} succeeded, expected an error`);
  };
  const recordParams = (over: Partial<InspectionRecordParams> = {}): InspectionRecordParams => ({
    checklistId: 'code-review',
    outputs: [uri('src/a.ts')],
    prompt: uri('task.prompt.md'),
    items: [
      { id: 'done', verdict: 'pass', note: 'The TODO is a follow-up ticket.' },
      { id: 'tests', verdict: 'pass', note: '' },
      { id: 'readable', verdict: 'fail', note: 'Terse names.' },
    ],
    decision: 'accepted',
    reason: 'Good enough for the spike.',
    ...over,
  });

  before(async function () {
    this.timeout(120_000);
    execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'pipe' });
    dir = gitRepo(FILES);
    child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: dir, env: gitEnv() });
    connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('textDocument/publishDiagnostics', () => undefined);
    connection.onNotification('promptcoach/status', () => undefined);
    connection.listen();
    await request('initialize', {
      processId: process.pid,
      rootUri: URI.file(dir).toString(),
      workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'ws' }],
      initializationOptions: { trusted: true },
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    });
    await connection.sendNotification('initialized', {});
  });

  after(() => {
    connection?.dispose();
    if (child && child.exitCode === null) child.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checklists: those that apply to any of the outputs, with their hash, items and which outputs', async () => {
    const result = await request<InspectionChecklistsResult>('promptcoach/inspection/checklists', { outputs: [uri('src/a.ts'), uri('docs/guide.md')] });
    assert.equal(result.trusted, true);
    assert.deepEqual(result.checklists.map((c) => [c.id, c.version, c.outputs]), [
      ['output-review', 1, [uri('src/a.ts'), uri('docs/guide.md')]],
      ['code-review', 3, [uri('src/a.ts')]],
    ]);
    const code = result.checklists[1];
    const expected = new ConfigResolver({ host: nodeHost, rootDir: dir }).forFile(path.join(dir, 'src/a.ts')).checklists?.find((c) => c.id === 'code-review');
    assert.ok(expected);
    assert.equal(code?.hash, checklistHash(expected));
    assert.deepEqual(code?.items, [
      { id: 'done', text: 'Nothing left to do', help: 'Look for stubs.', required: true, auto: { type: 'no-placeholders' } },
      { id: 'tests', text: 'Tests pass', required: true, auto: { type: 'command', command: COUNTING_COMMAND } },
      { id: 'readable', text: 'A newcomer can read it', required: false },
    ]);
  });

  it('runChecks: the automatic results, paths relative to the repository root', async () => {
    const { results, root } = await request<InspectionRunChecksResult>('promptcoach/inspection/runChecks', { checklistId: 'code-review', outputs: [uri('src/a.ts')] });
    assert.equal(root, URI.file(dir).toString());
    assert.deepEqual(results.map((r) => [r.itemId, r.status]), [
      ['done', 'fail'],
      ['tests', 'pass'],
    ]);
    assert.deepEqual(results[0]?.findings.map((f) => [f.path, f.line]), [['src/a.ts', 1]]);
    assert.equal(results[1]?.output, 'run 1\n');
  });

  it('record: validates the decision and names every problem', async () => {
    const missing = await failure('promptcoach/inspection/record', recordParams({ items: [{ id: 'done', verdict: 'fail', note: '' }] }));
    assert.equal(missing.code, -32602);
    assert.equal(
      missing.message,
      "Missing note on item 'done' marked 'fail', expected what is wrong; Unexpected 'fail' on required item 'done' in an acceptance, expected 'pass' or 'na': reject the output instead; " +
        "Missing verdict for item 'tests', expected 'pass', 'fail' or 'na'; Missing verdict for item 'readable', expected 'pass', 'fail' or 'na'",
    );
    const noReason = await failure('promptcoach/inspection/record', recordParams({ decision: 'rejected', reason: '' }));
    assert.match(noReason.message, /^Missing reason for the rejection/);
    const unknown = await failure('promptcoach/inspection/record', recordParams({ checklistId: 'nope' }));
    assert.equal(unknown.message, "Unknown checklist 'nope': the config of these files defines none with this id");
    const badParams = await failure('promptcoach/inspection/record', { ...recordParams(), decision: 'maybe' });
    assert.match(badParams.message, /^Invalid record request at decision/);
    assert.ok(!fs.existsSync(recordsDir(dir)), 'nothing was written');
  });

  it('record: hashes the saved files, signs with the git user, reuses the checks just run, appends one line', async () => {
    const result = await request<InspectionRecordResult>('promptcoach/inspection/record', recordParams());
    const record = result.record;
    assert.equal(fs.readFileSync(path.join(dir, 'runs.txt'), 'utf8'), '1', 'the checks were not run again');
    assert.deepEqual(record.reviewer, { name: 'Ada Reviewer', email: 'ada@example.com' });
    assert.deepEqual(record.checklist.id, 'code-review');
    assert.equal(record.checklist.version, 3);
    assert.deepEqual(record.outputs.map((o) => o.path), ['src/a.ts']);
    assert.equal(record.prompt?.path, 'task.prompt.md');
    assert.deepEqual(record.auto.map((a) => [a.itemId, a.status]), [['done', 'fail'], ['tests', 'pass']]);
    assert.deepEqual(record.tool, { name: 'prompt-coach', version });
    assert.equal(record.decision, 'accepted');
    const file = URI.parse(result.file).fsPath;
    assert.equal(path.dirname(file), recordsDir(dir));
    const parsed = parseRecordLines(fs.readFileSync(file, 'utf8'), 'x');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.records, [record]);
  });

  it('record: runs the checks itself when the content changed since, and takes a given reviewer', async () => {
    fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export const a = 1;\n');
    const { record } = await request<InspectionRecordResult>(
      'promptcoach/inspection/record',
      recordParams({ reviewer: { name: 'Grace Lead', email: 'grace@example.com' }, items: recordParams().items.map((i) => ({ ...i, note: i.verdict === 'fail' ? i.note : '' })) }),
    );
    assert.equal(fs.readFileSync(path.join(dir, 'runs.txt'), 'utf8'), '2');
    assert.deepEqual(record.auto.map((a) => [a.itemId, a.status]), [['done', 'pass'], ['tests', 'pass']]);
    assert.deepEqual(record.reviewer, { name: 'Grace Lead', email: 'grace@example.com' });
  });

  it('refuses a file with unsaved changes in the editor', async () => {
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('src/b.ts'), languageId: 'typescript', version: 1, text: 'export const b = 3; // unsaved\n' } });
    const error = await failure('promptcoach/inspection/runChecks', { checklistId: 'code-review', outputs: [uri('src/b.ts')] });
    assert.equal(error.message, 'Save b.ts first: inspections check and record the file as saved');
    connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('src/b.ts'), version: 2 }, contentChanges: [{ text: 'export const b = 2;\n' }] });
    const ok = await request<InspectionRunChecksResult>('promptcoach/inspection/runChecks', { checklistId: 'code-review', outputs: [uri('src/b.ts')], only: ['done'] });
    assert.deepEqual(ok.results.map((r) => [r.itemId, r.status]), [['done', 'pass']]);
  });

  it('list: the records oldest first, and malformed lines', async () => {
    const file = fs.readdirSync(recordsDir(dir)).find((n) => n.endsWith('.jsonl')) as string;
    fs.appendFileSync(path.join(recordsDir(dir), file), '{"torn\n');
    const result = await request<InspectionListResult>('promptcoach/inspection/list', {});
    assert.equal(result.root, URI.file(dir).toString());
    assert.deepEqual(result.records.map((r: InspectionRecord) => r.reviewer.name), ['Ada Reviewer', 'Grace Lead']);
    assert.deepEqual(result.problems.map((p) => [p.file, p.line]), [[`.promptcoach/inspections/${file}`, 3]]);
    const byUri = await request<InspectionListResult>('promptcoach/inspection/list', { uri: uri('src/a.ts') });
    assert.equal(byUri.records.length, 2);
  });

  it('skips command checks once the workspace is not trusted', async () => {
    await connection.sendNotification('promptcoach/setTrusted', { trusted: false });
    const { checklists, trusted } = await request<InspectionChecklistsResult>('promptcoach/inspection/checklists', { outputs: [uri('src/b.ts')] });
    assert.equal(trusted, false);
    assert.ok(checklists.some((c) => c.id === 'code-review'));
    const { results } = await request<InspectionRunChecksResult>('promptcoach/inspection/runChecks', { checklistId: 'code-review', outputs: [uri('src/b.ts')] });
    assert.deepEqual(results.map((r) => [r.itemId, r.status]), [['done', 'pass'], ['tests', 'skipped']]);
    assert.match(results[1]?.message ?? '', /^Not run: commands run only in a trusted workspace/);
    assert.equal(fs.readFileSync(path.join(dir, 'runs.txt'), 'utf8'), '2', 'the command did not run');
  });
});
