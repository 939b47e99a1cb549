import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigResolver } from '../../src/core/config/load';
import type { InspectionRecord } from '../../src/core/inspection/record';
import { RULES } from '../../src/core/rules';
import { nodeHost } from '../../src/node/host';
import { appendRecord } from '../../src/node/inspection/records';
import { scoreInPool, workerScript } from '../../src/node/history-pool';
import { buildQualityReport, type QualityReportOptions } from '../../src/node/report';
import { git, sampleRecord, tempDir, writeFiles } from '../helpers/inspection';

/**
 * `buildQualityReport` on real repositories: the range's starting point, merges, the working tree,
 * inspection outcomes and their alerts, folders that fall behind.
 */
const GOOD = 'Summarize the incident in five bullet points.\n';
const BAD = 'Summarize [INSERT INCIDENT] in five bullet points.\n';
/** Only unresolved-placeholder counts, so the expected scores do not move as rules are tuned. */
const CONFIG = JSON.stringify({ rules: { ...Object.fromEntries(RULES.map((r) => [r.meta.id, 'off'])), 'unresolved-placeholder': 'warning' } });

const at = (day: number) => new Date(Date.UTC(2026, 0, day, 12)).toISOString();

function commit(dir: string, files: Record<string, string | null>, message: string, day: number, author = 'Ada'): void {
  for (const [rel, content] of Object.entries(files)) {
    if (content === null) fs.rmSync(path.join(dir, rel));
    else writeFiles(dir, { [rel]: content });
  }
  git(dir, 'add', '-A');
  spawnSync('git', ['-c', `user.name=${author}`, '-c', 'user.email=x@example.com', 'commit', '-q', '-m', message], {
    cwd: dir,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: at(day), GIT_COMMITTER_DATE: at(day) },
  });
}

function repo(): string {
  const dir = tempDir({}, 'prompt-coach-report-');
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

function options(dir: string, over: Partial<QualityReportOptions> = {}): QualityReportOptions {
  const resolver = new ConfigResolver({ host: nodeHost, rootDir: dir, trusted: true });
  return { repo: dir, configFor: (p) => resolver.forFile(p), host: nodeHost, now: new Date(at(40)), ...over };
}

describe('the quality report', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = repo();
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('starts a range from the files as they stood before it, not from an empty workspace', async () => {
    const dir = fresh();
    commit(dir, { '.promptcoach.json': CONFIG, 'prompts/old.md': BAD, 'prompts/a.md': GOOD }, 'Start', 1);
    commit(dir, { 'prompts/a.md': BAD }, 'Template a', 20);
    const report = await buildQualityReport(options(dir, { since: '2026-01-10' }));
    // old.md was last changed before the range and still counts.
    assert.deepEqual(report.snapshots.map((s) => [s.subject, s.files, s.score]), [['Start', 2, 91], ['Template a', 2, 81.9]]);
    assert.deepEqual(report.files.map((f) => f.path).sort(), ['prompts/a.md', 'prompts/old.md']);
  });

  it('follows the main line: a merged branch counts once, at its merge, and the end matches HEAD', async () => {
    const dir = fresh();
    commit(dir, { '.promptcoach.json': CONFIG, 'prompts/a.md': GOOD }, 'Start', 1);
    git(dir, 'checkout', '-q', '-b', 'feature');
    commit(dir, { 'prompts/b.md': BAD }, 'Branch: draft b', 2, 'Bob');
    commit(dir, { 'prompts/b.md': GOOD }, 'Branch: fix b', 4, 'Bob');
    git(dir, 'checkout', '-q', 'main');
    commit(dir, { 'prompts/a.md': BAD }, 'Main: template a', 3);
    spawnSync('git', ['-c', 'user.name=Cy', '-c', 'user.email=c@example.com', 'merge', '-q', '--no-ff', '-m', 'Merge feature', 'feature'], {
      cwd: dir,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: at(5), GIT_COMMITTER_DATE: at(5) },
    });
    const report = await buildQualityReport(options(dir));
    assert.deepEqual(
      report.snapshots.map((s) => [s.subject, s.files, s.added]),
      [['Start', 1, ['prompts/a.md']], ['Main: template a', 1, []], ['Merge feature', 2, ['prompts/b.md']]],
    );
    assert.deepEqual(report.files.map((f) => [f.path, f.score]), [['prompts/a.md', 81.9], ['prompts/b.md', 100]]);
  });

  it('adds the working tree as a last point only when it differs from HEAD, reusing HEAD’s analysis', async () => {
    const dir = fresh();
    commit(dir, { '.promptcoach.json': CONFIG, 'prompts/a.md': GOOD, 'prompts/b.md': GOOD }, 'Start', 1);
    const cache = new Map();
    const clean = await buildQualityReport(options(dir, { workingTree: true, cache }));
    assert.equal(clean.workingTree, undefined);
    assert.equal(cache.size, 2, 'one analysis per path and version');

    writeFiles(dir, { 'prompts/a.md': BAD, 'prompts/new.prompt.md': GOOD, 'notes.txt': 'not a prompt' });
    fs.rmSync(path.join(dir, 'prompts/b.md'));
    const dirty = await buildQualityReport(options(dir, { workingTree: true, cache }));
    const tree = dirty.workingTree;
    assert.ok(tree);
    assert.equal(tree.sha, '');
    assert.equal(tree.subject, 'Working tree (not committed)');
    assert.deepEqual(tree.added, ['prompts/new.prompt.md']);
    assert.deepEqual(tree.removed, ['prompts/b.md']);
    assert.deepEqual(
      [...tree.moved].sort((x, y) => (x.path < y.path ? -1 : 1)),
      [
        { path: 'prompts/a.md', before: 100, after: 81.9 },
        { path: 'prompts/b.md', before: 100 },
        { path: 'prompts/new.prompt.md', after: 100 },
      ],
    );
    assert.deepEqual(dirty.files.map((f) => f.path), ['prompts/a.md', 'prompts/new.prompt.md']);
    assert.equal(dirty.snapshots.length, 1, 'the commits are the same');
    assert.equal(cache.size, 4, 'only the two new versions were analysed');
  });

  it('counts a CRLF checkout of an LF blob as unchanged', async () => {
    const dir = fresh();
    commit(dir, { '.promptcoach.json': CONFIG, 'prompts/a.md': 'Line one.\nLine two.\n' }, 'Start', 1);
    writeFiles(dir, { 'prompts/a.md': 'Line one.\r\nLine two.\r\n' });
    assert.equal((await buildQualityReport(options(dir, { workingTree: true }))).workingTree, undefined);
  });

  it('raises folder-behind with the folder’s lowest files, and score-drop with the files that fell', async () => {
    const dir = fresh();
    commit(dir, { '.promptcoach.json': CONFIG, 'team-a/x.prompt.md': GOOD, 'team-a/y.prompt.md': GOOD, 'team-b/z.prompt.md': GOOD, 'team-b/w.prompt.md': GOOD }, 'Start', 20);
    commit(dir, { 'team-b/z.prompt.md': BAD, 'team-b/w.prompt.md': `${BAD}Also [TODO] and {{name}} and <placeholder>.\n` }, 'Template team b', 30, 'Bob');
    const report = await buildQualityReport(options(dir, { configFor: withTrends(dir, { folderGap: 5, scoreDrop: 5 }) }));
    const folder = report.alerts.find((a) => a.kind === 'folder-behind');
    assert.ok(folder, JSON.stringify(report.alerts));
    assert.equal(folder.message, "Prompt files in 'team-b/' score 76.6, 11.7 points below the workspace's 88.3");
    assert.deepEqual(folder.files, [{ path: 'team-b/w.prompt.md', score: 71.3 }, { path: 'team-b/z.prompt.md', score: 81.9 }]);
    const drop = report.alerts.find((a) => a.kind === 'score-drop');
    assert.ok(drop);
    assert.deepEqual(drop.files, [
      { path: 'team-b/w.prompt.md', before: 100, score: 71.3 },
      { path: 'team-b/z.prompt.md', before: 100, score: 81.9 },
    ]);
    assert.equal(drop.movers[0]?.author, 'Bob');
  });

  it('turns inspection records into weekly outcomes, item fail rates, and alerts with the reasons', async () => {
    const dir = fresh();
    commit(dir, { '.promptcoach.json': CONFIG, 'prompts/a.md': GOOD }, 'Start', 1);
    const record = (day: number, decision: 'accepted' | 'rejected', testsFail: boolean): InspectionRecord =>
      sampleRecord({
        time: new Date(Date.UTC(2026, 0, day, 9)).toISOString(),
        decision,
        reason: decision === 'rejected' ? `Day ${day}: the tests do not run` : '',
        items: [
          { id: 'tests-pass', verdict: testsFail ? 'fail' : 'pass', note: testsFail ? `broken on day ${day}` : '' },
          { id: 'style', verdict: 'na', note: 'no style guide' },
        ],
      });
    // Days −20…9 before the window (now is day 40, window 30 days): 6 accepted. Days 11…39: 3 of 6 rejected.
    for (const day of [-20, -15, -10, 0, 5, 9]) await appendRecord(dir, record(day, 'accepted', false));
    for (const [day, rejected] of [[12, false], [15, true], [20, false], [25, true], [30, false], [38, true]] as const) {
      await appendRecord(dir, record(day, rejected ? 'rejected' : 'accepted', rejected));
    }
    fs.appendFileSync(path.join(dir, '.promptcoach/inspections/2026-01.jsonl'), '{"torn":\n');
    const report = await buildQualityReport(options(dir));
    const ins = report.inspections;
    assert.deepEqual([ins.accepted, ins.rejected, ins.acceptRate, ins.invalidLines], [9, 3, 0.75, 1]);
    assert.deepEqual(
      ins.items.map((i) => [i.item, i.total, i.failed, i.na, i.failRate]),
      [['tests-pass', 12, 3, 0, 0.25], ['style', 12, 0, 12, 0]],
    );
    // Weeks start on Mondays; the weeks without a decision are there, empty.
    assert.ok(ins.weeks.every((w) => new Date(w.start * 1000).getUTCDay() === 1));
    assert.ok(ins.weeks.every((w, i) => i === 0 || w.start - (ins.weeks[i - 1]?.start ?? 0) === 7 * 86_400));
    assert.equal(ins.weeks.reduce((n, w) => n + w.accepted + w.rejected, 0), 12);
    assert.equal(ins.weeks.reduce((n, w) => n + (w.itemFails['output-review/tests-pass'] ?? 0), 0), 3);

    const rejections = report.alerts.find((a) => a.kind === 'rejections-rising');
    assert.ok(rejections, JSON.stringify(report.alerts));
    assert.equal(rejections.message, 'Inspections rejected 50 % of agent output in the last 30 days (3 of 6), up from 0 % in the 30 days before');
    assert.deepEqual(rejections.evidence, [
      '2026-02-07 Ada Reviewer rejected src/a.ts: Day 38: the tests do not run',
      '2026-01-25 Ada Reviewer rejected src/a.ts: Day 25: the tests do not run',
      '2026-01-15 Ada Reviewer rejected src/a.ts: Day 15: the tests do not run',
    ]);
    const item = report.alerts.find((a) => a.kind === 'item-failing');
    assert.ok(item);
    assert.match(item.message, /^Checklist item 'output-review\/tests-pass' failed 50 % of inspections in the last 30 days \(3 of 6\), up from 0 % before$/);
    assert.equal(item.evidence?.[0], '2026-02-07 Ada Reviewer: broken on day 38');
    assert.equal(report.alerts.filter((a) => a.kind === 'item-failing').length, 1, "'na' verdicts are not failures");

    // Too few decisions on either side: no comparison.
    const few = await buildQualityReport(options(dir, { configFor: withTrends(dir, { minInspections: 7 }) }));
    assert.deepEqual(few.alerts.filter((a) => a.kind === 'rejections-rising' || a.kind === 'item-failing'), []);
  });
});

/** The repository's config with `trends` set, without touching the file on disk. */
function withTrends(dir: string, trends: Record<string, number>): QualityReportOptions['configFor'] {
  const resolver = new ConfigResolver({ host: nodeHost, rootDir: dir, trusted: true });
  return (p) => {
    const config = resolver.forFile(p);
    return { ...config, trends: { ...config.trends, ...trends } };
  };
}

describe('the quality report in worker threads', () => {
  let dir = '';
  before(() => {
    dir = repo();
    // 60 commits of 3 files each: well over the versions a pool starts for.
    const rows = ['Summarize the incident.', 'Write the [INSERT THING] report.', 'Do it well and try to be brief.', 'List the risks, etc.'];
    commit(dir, { '.promptcoach.json': CONFIG }, 'Config', 1);
    for (let i = 0; i < 60; i++) {
      const files: Record<string, string> = {};
      for (let f = 0; f < 3; f++) files[`prompts/p${(i * 3 + f) % 40}.prompt.md`] = `# Task ${i}\n\n${rows[(i + f) % rows.length]}\n${'More context. '.repeat(i % 7)}\n`;
      commit(dir, files, `Change ${i}`, 2 + (i % 25), i % 2 ? 'Ada' : 'Bob');
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the same report as one thread', async () => {
    assert.ok(workerScript(), 'dist/cli.cjs is built (npm run build)');
    const single = await buildQualityReport(options(dir));
    const pooled = await buildQualityReport(options(dir, { pool: { repo: dir, rootDir: dir, trusted: true }, workers: 2 }));
    assert.ok(single.analysedVersions >= 48, `${single.analysedVersions} versions`);
    assert.deepEqual(pooled, single);
  });

  it('runs its workers from the server bundle as from the CLI bundle', async () => {
    const dist = path.resolve(__dirname, '../../dist');
    const jobs = Array.from({ length: 50 }, (_, i) => ({ rel: `prompts/p${i}.prompt.md`, blob: `b${i}`, content: Buffer.from(`Write the [INSERT ${i}] report, etc.\n`) }));
    const setup = { repo: dir, rootDir: dir, trusted: true };
    const fromCli = await scoreInPool(setup, jobs, 2, path.join(dist, 'cli.cjs'));
    const fromServer = await scoreInPool(setup, jobs, 2, path.join(dist, 'server.cjs'));
    assert.equal(fromCli?.length, 50);
    assert.ok(fromCli?.every((e) => e && e.rules.get('unresolved-placeholder') === 1));
    assert.deepEqual(fromServer, fromCli);
  });

  it('rejects, instead of hanging, when a worker dies or fails', async () => {
    const jobs = Array.from({ length: 64 }, (_, i) => ({ rel: `p${i}.prompt.md`, blob: String(i), content: Buffer.from('Text.') }));
    const setup = { repo: dir, rootDir: dir, trusted: true };
    const script = (name: string, code: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, code);
      return file;
    };
    await assert.rejects(scoreInPool(setup, jobs, 2, script('dies.cjs', 'process.exit(3);')), /Unexpected exit 3 of a history worker/);
    const fails = script('fails.cjs', "require('node:worker_threads').parentPort.on('message', (r) => require('node:worker_threads').parentPort.postMessage({ id: r.id, entries: [], error: 'Error: boom' }));");
    await assert.rejects(scoreInPool(setup, jobs, 2, fails), /Unexpected failure in a history worker: Error: boom/);
  });
});
