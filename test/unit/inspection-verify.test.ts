import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../../package.json';
import { ConfigResolver } from '../../src/core/config/load';
import type { Checklist } from '../../src/core/config/types';
import type { Decision, InspectionRecord } from '../../src/core/inspection/record';
import { nodeHost } from '../../src/node/host';
import { GitError, gitRoot, gitUser } from '../../src/node/inspection/git';
import { newRecord } from '../../src/node/inspection/record';
import { appendRecord, recordsDir } from '../../src/node/inspection/records';
import { verifyInspections } from '../../src/node/inspection/verify';
import { commitAll, git, gitEnv, gitRepo, tempDir, writeFiles } from '../helpers/inspection';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.cjs');

const CONFIG = JSON.stringify({ inspection: { required: ['src/**', 'docs/*.md'] } }, null, 2);
const FILES = {
  '.promptcoach.json': CONFIG,
  'src/a.ts': 'export const a = 1;\n',
  'src/b.ts': 'export const b = 2;\n',
  'docs/guide.md': '# Guide\n\nHow to use it.\n',
  'README.md': '# Project\n',
};

/** Records a decision on files of `repo` against its config's output-review checklist. */
async function inspect(repo: string, files: string[], decision: Decision, over: { reason?: string; time?: string } = {}): Promise<InspectionRecord> {
  const resolver = new ConfigResolver({ host: nodeHost, rootDir: repo });
  const checklist = resolver.forFile(path.join(repo, files[0] as string)).checklists?.find((c) => c.id === 'output-review') as Checklist;
  const record = newRecord({
    root: repo,
    checklist,
    outputs: files.map((f) => path.join(repo, f)),
    items: checklist.items.map((i) => ({ id: i.id, verdict: decision === 'accepted' ? 'pass' : 'fail', note: decision === 'accepted' ? '' : 'not yet' })),
    decision,
    reason: over.reason ?? (decision === 'rejected' ? 'Handles no errors.' : ''),
    reviewer: await gitUser(repo),
    auto: [],
    toolVersion: version,
    ...(over.time ? { time: new Date(over.time) } : {}),
  });
  await appendRecord(repo, record);
  return record;
}

async function verify(repo: string, since?: string) {
  const resolver = new ConfigResolver({ host: nodeHost, rootDir: repo });
  const report = await verifyInspections({ root: repo, config: (p) => resolver.forFile(p), ...(since ? { since } : {}) });
  return { report, status: Object.fromEntries(report.files.map((f) => [f.path, f.status])) };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...gitEnv(), NO_COLOR: '1' }, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('inspection: verify with a real git repository', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const repo = (files: Record<string, string> = FILES) => {
    const d = gitRepo(files);
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('reads the reviewer and the root from git', async () => {
    const r = repo();
    assert.deepEqual(await gitUser(r), { name: 'Ada Reviewer', email: 'ada@example.com' });
    fs.mkdirSync(path.join(r, 'deep/er'), { recursive: true });
    assert.equal(await gitRoot(path.join(r, 'deep/er')), r);
    const outside = tempDir();
    dirs.push(outside);
    assert.equal(await gitRoot(outside), undefined);
  });

  it('none, ok, rejected, stale: the latest record naming a file decides', async () => {
    const r = repo();
    let { status } = await verify(r);
    assert.deepEqual(status, { 'docs/guide.md': 'none', 'src/a.ts': 'none', 'src/b.ts': 'none' }, 'README.md and the config are not required');

    await inspect(r, ['src/a.ts', 'docs/guide.md'], 'accepted');
    await inspect(r, ['src/b.ts'], 'rejected');
    let report;
    ({ report, status } = await verify(r));
    assert.deepEqual(status, { 'docs/guide.md': 'ok', 'src/a.ts': 'ok', 'src/b.ts': 'rejected' });
    const rejected = report.files.find((f) => f.path === 'src/b.ts');
    assert.match(rejected?.message ?? '', /^Rejected by Ada Reviewer on \d{4}-\d\d-\d\d \(checklist output-review v1\): Handles no errors\.$/);
    assert.equal(rejected?.record?.decision, 'rejected');

    fs.appendFileSync(path.join(r, 'src/a.ts'), 'export const c = 3;\n');
    ({ report, status } = await verify(r));
    assert.equal(status['src/a.ts'], 'stale');
    assert.match(report.files.find((f) => f.path === 'src/a.ts')?.message ?? '', /but the file changed since \(sha256 [0-9a-f]{12}… then, [0-9a-f]{12}… now\)/);

    await inspect(r, ['src/a.ts'], 'accepted');
    await inspect(r, ['src/b.ts'], 'accepted');
    ({ status } = await verify(r));
    assert.deepEqual(status, { 'docs/guide.md': 'ok', 'src/a.ts': 'ok', 'src/b.ts': 'ok' }, 'a new acceptance covers the new content');

    await inspect(r, ['docs/guide.md'], 'rejected', { reason: 'Second look: the steps are out of date.' });
    ({ status } = await verify(r));
    assert.equal(status['docs/guide.md'], 'rejected', 'a later rejection of the same content wins');
  });

  it('orders records by their time, not by where they are in the files', async () => {
    const r = repo();
    await inspect(r, ['src/a.ts'], 'accepted', { time: '2025-06-02T00:00:00Z' });
    await inspect(r, ['src/a.ts'], 'rejected', { time: '2025-06-01T00:00:00Z' });
    await inspect(r, ['src/b.ts'], 'rejected', { time: '2025-05-31T00:00:00Z' });
    await inspect(r, ['src/b.ts'], 'accepted', { time: '2025-07-01T00:00:00Z' });
    const { status } = await verify(r);
    assert.equal(status['src/a.ts'], 'ok');
    assert.equal(status['src/b.ts'], 'ok');
  });

  it('reports malformed lines without letting them decide anything', async () => {
    const r = repo();
    await inspect(r, ['src/a.ts'], 'accepted', { time: '2025-06-01T00:00:00Z' });
    fs.appendFileSync(path.join(recordsDir(r), '2025-06.jsonl'), '{"decision":"accepted","outputs":[{"path":"src/b.ts"\n');
    const { report, status } = await verify(r);
    assert.equal(status['src/a.ts'], 'ok');
    assert.equal(status['src/b.ts'], 'none');
    assert.deepEqual(report.problems.map((p) => [p.file, p.line]), [['.promptcoach/inspections/2025-06.jsonl', 2]]);
  });

  it('--since REF: files changed on the branch since REF, staged, unstaged and untracked; deleted ones skipped', async () => {
    const r = repo({ ...FILES, 'src/gone.ts': 'x\n', 'src/same.ts': 'same\n' });
    git(r, 'checkout', '-q', '-b', 'feature');
    writeFiles(r, { 'src/b.ts': 'export const b = 22;\n' });
    fs.rmSync(path.join(r, 'src/gone.ts'));
    commitAll(r, 'change b, delete gone');
    git(r, 'checkout', '-q', 'main');
    writeFiles(r, { 'src/same.ts': 'changed on main after the branch\n' });
    commitAll(r, 'main moves on');
    git(r, 'checkout', '-q', 'feature');
    writeFiles(r, { 'docs/guide.md': '# Guide\n\nEdited, not staged.\n', 'src/new.ts': 'untracked\n', 'src/staged.ts': 'staged\n', 'notes.txt': 'not required\n' });
    git(r, 'add', 'src/staged.ts');
    fs.writeFileSync(path.join(r, '.gitignore'), 'src/ignored.ts\n');
    writeFiles(r, { 'src/ignored.ts': 'ignored\n' });

    let { status } = await verify(r, 'main');
    assert.deepEqual(status, { 'docs/guide.md': 'none', 'src/b.ts': 'none', 'src/new.ts': 'none', 'src/staged.ts': 'none' }, 'not src/same.ts: main changed it, not this branch');

    await inspect(r, ['src/b.ts', 'src/new.ts', 'src/staged.ts', 'docs/guide.md'], 'accepted');
    ({ status } = await verify(r, 'main'));
    assert.deepEqual(Object.values(status), ['ok', 'ok', 'ok', 'ok']);
    ({ status } = await verify(r, 'HEAD'));
    assert.deepEqual(Object.keys(status), ['docs/guide.md', 'src/new.ts', 'src/staged.ts'], 'since HEAD: only what is not committed');
    ({ status } = await verify(r));
    assert.equal(status['src/a.ts'], 'none', 'without --since every required file counts');
    assert.equal(status['src/ignored.ts'], undefined, 'ignored files are not part of the repository');

    await assert.rejects(verify(r, 'no-such-branch'), (e: unknown) => e instanceof GitError && /unknown revision 'no-such-branch'/.test(e.message));
    await assert.rejects(verify(r, '--output=x'), GitError);
  });

  describe('the CLI (built)', () => {
    before(() => {
      execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'pipe' });
    });

    it('verify: exit 1 naming each file and why, exit 0 once everything is accepted', async () => {
      const r = repo();
      await inspect(r, ['src/b.ts'], 'rejected');
      let run = cli(['inspections', 'verify'], path.join(r, 'src'));
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^✖ docs\/guide\.md  none      No inspection record names this file\.\n✖ src\/a\.ts       none      No inspection record names this file\.\n✖ src\/b\.ts       rejected  Rejected by Ada Reviewer on .*: Handles no errors\.\n\n3 of 3 required files lack an accepted inspection of their current content \(2 none, 1 rejected\)\.\n/);
      await inspect(r, ['src/a.ts', 'src/b.ts', 'docs/guide.md'], 'accepted');
      run = cli(['inspections', 'verify'], r);
      assert.deepEqual([run.code, run.stdout, run.stderr], [0, '✔ 3 required files carry an accepted inspection of their current content.\n', '']);
      fs.appendFileSync(path.join(r, 'src/a.ts'), '// more\n');
      commitAll(r, 'edit a');
      run = cli(['inspections', 'verify', '--since', 'HEAD~1'], r);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^✖ src\/a\.ts  stale  Accepted by Ada Reviewer/);
      assert.match(run.stdout, /1 of 1 required file changed since HEAD~1 lacks an accepted inspection of its current content \(1 stale\)/);
    });

    it('verify --format json, sarif and github', async () => {
      const r = repo();
      await inspect(r, ['src/a.ts'], 'accepted');
      await inspect(r, ['src/b.ts'], 'rejected');
      fs.appendFileSync(path.join(recordsDir(r), fs.readdirSync(recordsDir(r)).find((n) => n.endsWith('.jsonl')) as string), 'not json\n');
      fs.writeFileSync(path.join(r, 'docs/guide.md'), '# Guide\n\nChanged.\n');

      const json = cli(['inspections', 'verify', '--format', 'json'], r);
      assert.equal(json.code, 1);
      const report = JSON.parse(json.stdout) as { ok: boolean; since: null; summary: Record<string, number>; files: { path: string; status: string }[]; problems: { line: number }[] };
      assert.equal(report.ok, false);
      assert.equal(report.since, null);
      assert.deepEqual(report.summary, { required: 3, ok: 1, none: 1, rejected: 1, stale: 0 });
      assert.deepEqual(report.files.map((f) => [f.path, f.status]), [['docs/guide.md', 'none'], ['src/a.ts', 'ok'], ['src/b.ts', 'rejected']]);
      assert.deepEqual(report.problems.map((p) => p.line), [3]);

      const sarif = cli(['inspections', 'verify', '-f', 'sarif'], r);
      assert.equal(sarif.code, 1);
      const log = JSON.parse(sarif.stdout) as { version: string; runs: { tool: { driver: { name: string; version: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[] }[] }[] };
      assert.equal(log.version, '2.1.0');
      const run = log.runs[0];
      assert.equal(run?.tool.driver.name, 'Prompt Coach');
      assert.equal(run?.tool.driver.version, version);
      assert.deepEqual(run?.tool.driver.rules.map((x) => x.id), ['inspection-missing', 'inspection-rejected', 'inspection-stale', 'inspection-record-invalid']);
      assert.deepEqual(
        run?.results.map((x) => [x.ruleId, run.tool.driver.rules[x.ruleIndex]?.id, x.level, x.locations[0]?.physicalLocation.artifactLocation.uri, x.locations[0]?.physicalLocation.region.startLine]),
        [
          ['inspection-missing', 'inspection-missing', 'error', 'docs/guide.md', 1],
          ['inspection-rejected', 'inspection-rejected', 'error', 'src/b.ts', 1],
          ['inspection-record-invalid', 'inspection-record-invalid', 'warning', '.promptcoach/inspections/' + fs.readdirSync(recordsDir(r)).find((n) => n.endsWith('.jsonl')), 3],
        ],
      );
      assert.equal(run?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');

      const gh = cli(['inspections', 'verify', '--format', 'github'], r);
      assert.equal(gh.code, 1);
      const lines = gh.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 3);
      assert.equal(lines[0], '::error file=docs/guide.md,line=1,title=inspection-missing::No inspection record names this file.');
      assert.match(lines[1] ?? '', /^::error file=src\/b\.ts,line=1,title=inspection-rejected::Rejected by Ada Reviewer on [\d-]+ \(checklist output-review v1\): Handles no errors\.$/);
      assert.match(lines[2] ?? '', /^::warning file=\.promptcoach\/inspections\/\d{4}-\d\d\.jsonl,line=3,title=inspection-record-invalid::Unexpected text 'not json'/);
    });

    it('list: a table oldest first, or json; malformed lines on stderr', async () => {
      const r = repo();
      await inspect(r, ['src/b.ts'], 'rejected', { time: '2025-06-02T10:05:00Z' });
      await inspect(r, ['src/a.ts', 'src/b.ts', 'docs/guide.md'], 'accepted', { time: '2025-06-01T09:30:00Z' });
      fs.appendFileSync(path.join(recordsDir(r), '2025-06.jsonl'), '{"torn');
      const table = cli(['inspections', 'list'], r);
      assert.equal(table.code, 0);
      assert.equal(
        table.stdout,
        [
          'TIME                  DECISION  REVIEWER                        CHECKLIST         FILES',
          '2025-06-01 09:30 UTC  accepted  Ada Reviewer <ada@example.com>  output-review v1  src/a.ts (+2 more)',
          '2025-06-02 10:05 UTC  rejected  Ada Reviewer <ada@example.com>  output-review v1  src/b.ts',
          '',
        ].join('\n'),
      );
      assert.match(table.stderr, /^prompt-coach: warning: \.promptcoach\/inspections\/2025-06\.jsonl:3: Unexpected end of the file inside a record/);
      const json = cli(['inspections', 'list', '--format', 'json'], r);
      const parsed = JSON.parse(json.stdout) as { records: InspectionRecord[]; problems: unknown[] };
      assert.deepEqual(parsed.records.map((x) => x.decision), ['accepted', 'rejected']);
      assert.equal(parsed.problems.length, 1);
      assert.equal(json.stderr, '');
    });

    it('exit 2 for usage, git and config errors', async () => {
      const r = repo();
      const usage = (args: string[], pattern: RegExp) => {
        const run = cli(args, r);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}`);
        assert.match(run.stderr, pattern);
      };
      usage(['inspections'], /which subcommand\? verify or list/);
      usage(['inspections', 'verfy'], /unknown subcommand 'verfy', expected verify or list\. Did you mean 'verify'\?/i);
      usage(['inspections', 'verify', '--format', 'table'], /unknown format 'table', expected one of text, json, sarif, github/);
      usage(['inspections', 'list', '--format', 'sarif'], /unknown format 'sarif', expected table or json/);
      usage(['inspections', 'list', '--since', 'main'], /--since applies to verify, not list/);
      usage(['inspections', 'verify', '--since', 'nope'], /git: unknown revision 'nope'/);
      usage(['inspections', 'verify', 'extra'], /unexpected argument 'extra'/);
      const outside = tempDir();
      dirs.push(outside);
      const run = cli(['inspections', 'verify'], outside);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /is not in a git repository/);
      assert.equal(cli(['inspections', 'list'], outside).code, 0, 'list works outside git (no records)');
      fs.writeFileSync(path.join(r, '.promptcoach.json'), '{ "inspection": { "required": "src/**" } }');
      const broken = cli(['inspections', 'verify'], r);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /^prompt-coach: \.promptcoach\.json:1:31: Unexpected 'src\/\*\*', expected an array\n.*config has errors/m);
      const help = cli(['inspections', '--help'], r);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: prompt-coach inspections verify \[--since REF\]/);
      assert.match(cli(['--help'], r).stdout, /inspections verify {3}Check that required outputs carry an accepted inspection/);
    });
  });
});
