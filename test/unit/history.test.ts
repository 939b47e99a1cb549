import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigResolver } from '../../src/core/config/load';
import { RULES } from '../../src/core/rules';
import { nodeHost } from '../../src/node/host';
import { buildHistory, readCommits } from '../../src/node/history';

/** A real repository whose commits carry fixed dates and authors. */
function repository(): { dir: string; commit(files: Record<string, string | null>, message: string, author: string, day: number): void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-history-')));
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env }, stdio: 'pipe' });
  run(['init', '-q', '-b', 'main']);
  return {
    dir,
    commit(files, message, author, day) {
      for (const [rel, content] of Object.entries(files)) {
        const abs = path.join(dir, rel);
        if (content === null) fs.rmSync(abs);
        else {
          fs.mkdirSync(path.dirname(abs), { recursive: true });
          fs.writeFileSync(abs, content);
        }
      }
      run(['add', '-A']);
      const date = new Date(Date.UTC(2026, 0, day, 12)).toISOString();
      run(['-c', `user.name=${author}`, '-c', `user.email=${author.toLowerCase()}@example.com`, 'commit', '-q', '-m', message], {
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      });
    },
  };
}

const GOOD = 'Summarize the incident in five bullet points.\n';
const BAD = 'Summarize [INSERT INCIDENT] in five bullet points.\n';

describe('history from git', () => {
  let repo: ReturnType<typeof repository>;
  before(() => {
    repo = repository();
    // Only unresolved-placeholder counts, so the expected scores do not move as rules are tuned.
    const rules = Object.fromEntries(RULES.map((r) => [r.meta.id, 'off']));
    rules['unresolved-placeholder'] = 'warning';
    repo.commit({ '.promptcoach.json': JSON.stringify({ rules }), 'prompts/a.md': GOOD }, 'Add the incident prompt', 'Ada', 1);
    repo.commit({ 'src/app.ts': 'export {};\n' }, 'Code only', 'Ada', 2);
    repo.commit({ 'prompts/b.md': BAD }, 'Add a draft', 'Bob', 3);
    repo.commit({ 'prompts/a.md': BAD }, 'Make the incident prompt generic', 'Bob', 4);
    repo.commit({ 'prompts/a.md': GOOD, 'prompts/b.md': null }, 'Restore and drop the draft', 'Ada', 5);
  });
  after(() => fs.rmSync(repo.dir, { recursive: true, force: true }));

  it('reads every commit oldest first with its author, time and changed paths', async () => {
    const commits = await readCommits(repo.dir);
    assert.deepEqual(
      commits.map((c) => [c.subject, c.author, new Date(c.time * 1000).toISOString().slice(0, 10), c.changes.map((ch) => `${ch.path}${ch.blob ? '' : ' (deleted)'}`)]),
      [
        ['Add the incident prompt', 'Ada', '2026-01-01', ['.promptcoach.json', 'prompts/a.md']],
        ['Code only', 'Ada', '2026-01-02', ['src/app.ts']],
        ['Add a draft', 'Bob', '2026-01-03', ['prompts/b.md']],
        ['Make the incident prompt generic', 'Bob', '2026-01-04', ['prompts/a.md']],
        ['Restore and drop the draft', 'Ada', '2026-01-05', ['prompts/a.md', 'prompts/b.md (deleted)']],
      ],
    );
    assert.equal((await readCommits(repo.dir, '2026-01-03T00:00:00Z')).length, 3);
  });

  it('gives a snapshot per commit that changed a prompt file, analysing each version once', async () => {
    const resolver = new ConfigResolver({ host: nodeHost, rootDir: repo.dir });
    const { snapshots, analysed } = await buildHistory({ repo: repo.dir, configFor: (p) => resolver.forFile(p), host: nodeHost });
    // One warning: 100 × e^(−5/25) = 81.9.
    assert.deepEqual(
      snapshots.map((s) => [s.subject, s.score, s.files, s.added, s.removed, s.findingsByRule['unresolved-placeholder'] ?? 0]),
      [
        ['Add the incident prompt', 100, 1, ['prompts/a.md'], [], 0],
        ['Add a draft', 91, 2, ['prompts/b.md'], [], 1],
        ['Make the incident prompt generic', 81.9, 2, [], [], 2],
        ['Restore and drop the draft', 100, 1, [], ['prompts/b.md'], 0],
      ],
    );
    assert.deepEqual(snapshots[2]?.moved, [{ path: 'prompts/a.md', before: 100, after: 81.9 }]);
    assert.equal(snapshots[2]?.author, 'Bob');
    assert.equal(snapshots[1]?.byKind['prompt'], 91);
    // a.md GOOD, b.md BAD, a.md BAD: the restored GOOD blob of a.md is the first one again.
    assert.equal(analysed, 3);
  });
});

describe('prompt-coach report', () => {
  const CLI = path.resolve(__dirname, '../../dist/cli.cjs');
  let repo: ReturnType<typeof repository>;
  before(() => {
    repo = repository();
    const rules = Object.fromEntries(RULES.map((r) => [r.meta.id, 'off']));
    rules['unresolved-placeholder'] = 'warning';
    repo.commit({ '.promptcoach.json': JSON.stringify({ rules }), 'prompts/a.md': GOOD, 'prompts/b.md': GOOD }, 'Two good prompts', 'Ada', 1);
    repo.commit({ 'prompts/a.md': BAD }, 'Template the first', 'Bob', 10);
    repo.commit({ 'prompts/b.md': BAD }, 'Template the second', 'Cy', 12);
  });
  after(() => fs.rmSync(repo.dir, { recursive: true, force: true }));

  const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'report', ...args], { cwd: repo.dir, encoding: 'utf8' });

  it('raises a score-drop alert naming the commits and authors that lowered the score', () => {
    const r = run(['--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { alerts: { kind: string; message: string; movers: { author: string; delta: number }[] }[]; snapshots: { score: number }[] };
    assert.deepEqual(report.snapshots.map((s) => s.score), [100, 91, 81.9]);
    assert.equal(report.alerts[0]?.kind, 'score-drop');
    assert.match(report.alerts[0]?.message ?? '', /fell 18\.1 points in 30 days, from 100 to 81\.9/);
    assert.deepEqual(report.alerts[0]?.movers.map((m) => [m.author, m.delta]), [['Cy', -9.1], ['Bob', -9]]);
  });

  it('exits 1 with --fail-on-degradation, and writes Markdown a lead can forward', () => {
    const r = run(['--fail-on-degradation', '--out', 'quality.md']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /1 degradation alert\(s\); see quality\.md/);
    const md = fs.readFileSync(path.join(repo.dir, 'quality.md'), 'utf8');
    assert.match(md, /^# Prompt quality report/);
    assert.match(md, /Score \*\*81\.9\*\* over 2 files on 2026-01-12 \(100 on 2026-01-01, -18\.1\)/);
    assert.match(md, /- \*\*score-drop\*\*: Workspace score fell 18\.1 points/);
    assert.match(md, /\| 2026-01-10 \| [0-9a-f]{8} \| Bob \| 91 \| 2 \| prompts\/a\.md 100→81\.9 \|/);
  });

  it('writes one self-contained HTML file with --format html', () => {
    const r = run(['--format', 'html', '--out', 'out/quality.html']);
    assert.equal(r.status, 0, r.stderr);
    const html = fs.readFileSync(path.join(repo.dir, 'out/quality.html'), 'utf8');
    assert.match(html, /^<!doctype html>/i);
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;/);
    assert.match(html, /Workspace score fell 18\.1 points/);
    assert.doesNotMatch(html, /<script|<link|https?:\/\/(?!www\.w3\.org)/);
    const bad = run(['--format', 'htm']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown format 'htm', expected markdown, html or json\. Did you mean 'html'\?/);
  });

  it('takes the alert thresholds from trends in .promptcoach.json', () => {
    const configFile = path.join(repo.dir, '.promptcoach.json');
    const original = fs.readFileSync(configFile, 'utf8');
    try {
      fs.writeFileSync(configFile, JSON.stringify({ ...JSON.parse(original), trends: { scoreDrop: 20 } }));
      const r = run(['--fail-on-degradation', '--format', 'json']);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual((JSON.parse(r.stdout) as { alerts: unknown[] }).alerts, []);
    } finally {
      fs.writeFileSync(configFile, original);
    }
  });

  it('starts after a commit given to --since, and refuses what is neither days, a date nor a commit', () => {
    const first = execFileSync('git', ['rev-list', '--max-parents=0', 'HEAD'], { cwd: repo.dir, encoding: 'utf8' }).trim();
    const r = run(['--since', first, '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    // The starting point (the commit given, both files good), then the two commits after it.
    const snapshots = (JSON.parse(r.stdout) as { snapshots: { sha: string; score: number; files: number }[] }).snapshots;
    assert.deepEqual(snapshots.map((s) => [s.sha === first, s.score, s.files]), [[true, 100, 2], [false, 91, 2], [false, 81.9, 2]]);
    for (const since of ['no-such-ref', '--output=x', '2026-13-45']) {
      const bad = run([`--since=${since}`]);
      assert.equal(bad.status, 2, since);
      assert.match(bad.stderr, /Unexpected --since '.*', expected a number of days \(90d\), a date \(2026-01-31\) or a commit/);
    }
    assert.ok(!fs.existsSync(path.join(repo.dir, 'x')), '--output=x is never an option to git');
  });
});
