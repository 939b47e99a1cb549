import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import type { DashboardReport, QualityReportResult } from '../../src/server/protocol';
import { gitEnv, tempDir } from '../helpers/inspection';
import { fixtureReport, historyRepo, type HistoryRepo } from './dashboard-fixture';

/**
 * `promptcoach/qualityReport`, the dashboard's request, against the built server (`dist/server.cjs
 * --stdio`) over real JSON-RPC, in a real git repository (dashboard-fixture.ts) and in a folder
 * that is not one.
 */
const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist', 'server.cjs');

interface Server {
  child: ChildProcessWithoutNullStreams;
  connection: MessageConnection;
  request<R>(method: string, params: unknown): Promise<R>;
  stop(): void;
}

async function startServer(folder: string): Promise<Server> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: folder, env: gitEnv() });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('textDocument/publishDiagnostics', () => undefined);
  connection.onNotification('promptcoach/status', () => undefined);
  connection.listen();
  const request = <R>(method: string, params: unknown) => connection.sendRequest(method, params) as Promise<R>;
  await request('initialize', {
    processId: process.pid,
    rootUri: URI.file(folder).toString(),
    workspaceFolders: [{ uri: URI.file(folder).toString(), name: 'ws' }],
    initializationOptions: { trusted: true },
    capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await connection.sendNotification('initialized', {});
  return {
    child,
    connection,
    request,
    stop: () => {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

function isReport(result: QualityReportResult): result is DashboardReport {
  return !('error' in result);
}

/** The report without what differs from run to run (the time it was made, the working tree's clock). */
function comparable(report: DashboardReport): unknown {
  const { generatedAt: _, workingTree, ...rest } = report;
  return { ...rest, workingTree: workingTree ? { ...workingTree, time: 0 } : undefined };
}

describe('language server: the quality report request', function () {
  this.timeout(120_000);
  let repo: HistoryRepo;
  let server: Server;
  const servers: Server[] = [];
  const dirs: string[] = [];

  before(async function () {
    this.timeout(180_000);
    execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'pipe' });
    repo = historyRepo();
    dirs.push(repo.dir);
    server = await startServer(repo.dir);
    servers.push(server);
  });

  after(() => {
    for (const s of servers) s.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('answers with the report of the workspace folder’s repository, working tree included, and its root', async () => {
    const result = await server.request<QualityReportResult>('promptcoach/qualityReport', { since: '90d' });
    assert.ok(isReport(result), JSON.stringify(result).slice(0, 300));
    assert.equal(result.root, URI.file(repo.dir).toString());
    assert.equal(result.since, '90d');
    assert.ok(result.workingTree, 'the uncommitted edit is in');
    assert.deepEqual(result.workingTree.moved.map((m) => m.path), ['.github/prompts/review-pr.prompt.md']);
    // What the CLI's report says, with the repository's config: the server adds nothing of the editor's.
    assert.deepEqual(comparable(result), comparable(await fixtureReport(repo.dir, '90d')));
    const all = await server.request<QualityReportResult>('promptcoach/qualityReport', {});
    assert.ok(isReport(all));
    assert.equal(all.since, undefined);
    assert.ok(all.snapshots.length > result.snapshots.length, 'the whole history has the older commits too');
  });

  it('builds again after a save: the working tree as it is now, the committed part unchanged', async () => {
    const file = path.join(repo.dir, 'CLAUDE.md');
    const before = await server.request<DashboardReport>('promptcoach/qualityReport', { since: '90d' });
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `${original}\nMaybe try to do [TODO] various things etc.\n`);
    try {
      const after = await server.request<DashboardReport>('promptcoach/qualityReport', { since: '90d' });
      assert.deepEqual(after.snapshots, before.snapshots);
      const claude = after.files.find((f) => f.path === 'CLAUDE.md');
      assert.ok(claude && claude.score < 100, `CLAUDE.md scores ${claude?.score} after the edit`);
      assert.ok(after.workingTree?.moved.some((m) => m.path === 'CLAUDE.md'));
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('reads the config again when it changes (no stale analyses from before)', async () => {
    const before = await server.request<DashboardReport>('promptcoach/qualityReport', { since: '90d' });
    assert.ok((before.workingTree?.findingsByRule['vague-language'] ?? 0) > 0);
    const config = path.join(repo.dir, '.promptcoach.json');
    fs.writeFileSync(config, JSON.stringify({ extends: 'promptcoach:recommended', rules: { 'vague-language': 'off' } }));
    try {
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(config).toString(), type: 1 }] });
      const after = await server.request<DashboardReport>('promptcoach/qualityReport', { since: '90d' });
      assert.equal(after.workingTree?.findingsByRule['vague-language'], undefined, 'the rule is off now');
      assert.ok(after.snapshots.every((s) => !s.findingsByRule['vague-language']), 'in the history too');
    } finally {
      fs.rmSync(config);
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(config).toString(), type: 3 }] });
    }
  });

  it('answers what the user can act on as { error }: a since that names nothing', async () => {
    const result = await server.request<QualityReportResult>('promptcoach/qualityReport', { since: 'no-such-ref' });
    assert.deepEqual(result, { error: "Unexpected --since 'no-such-ref', expected a number of days (90d), a date (2026-01-31) or a commit" });
  });

  it('refuses a since that looks like an option', async () => {
    try {
      await server.request('promptcoach/qualityReport', { since: '--output=/tmp/x' });
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof ResponseError, String(error));
      assert.equal(error.code, -32602);
      assert.match(error.message, /^Invalid qualityReport request at since: expected a duration such as 90d/);
    }
  });

  it('answers a folder without git history with the message the dashboard shows', async () => {
    const plain = tempDir({ 'AGENTS.md': '# Agents\n' }, 'promptcoach-nogit-');
    dirs.push(plain);
    const other = await startServer(plain);
    servers.push(other);
    const result = await other.request<QualityReportResult>('promptcoach/qualityReport', {});
    assert.ok('error' in result);
    assert.match(result.error, /^Unexpected folder without git history, expected a git repository: the dashboard draws quality over commits/);

    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: plain, env: gitEnv() });
    const empty = await other.request<QualityReportResult>('promptcoach/qualityReport', {});
    assert.deepEqual(empty, { error: 'Unexpected repository without commits, expected at least one: the dashboard draws quality over commits' });
  });
});
