/**
 * The freshness rules (`review-overdue`, `stale-reference`) and the Node host's `lastChanged`
 * (src/node/file-times.ts) they read, on real files: real git repositories built in a temp folder
 * with fixed commit dates, linted through `analyze` with the real Node host.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import type { Finding, Host } from '../../src/core/types';
import { createFileTimes, findOnPath } from '../../src/node/file-times';
import { createNodeHost } from '../../src/node/host';
import { configWith, memoryHost } from '../helpers/config';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

/** The test's own environment without what would point git at another repository (a test run from a git hook). */
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^GIT_/.test(name)) delete env[name];
  return env;
};

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  temps.push(dir);
  return dir;
}
after(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A git repository in a temp folder: files written, committed on fixed dates, mtimes set. */
class Repo {
  readonly dir = tempDir('prompt-coach-git-');

  constructor() {
    this.git(['init', '-q', '-b', 'main']);
  }

  git(args: string[], date?: string): string {
    const env = cleanEnv();
    if (date) env['GIT_AUTHOR_DATE'] = env['GIT_COMMITTER_DATE'] = date;
    return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: this.dir,
      env,
      encoding: 'utf8',
    });
  }

  file(rel: string): string {
    return path.join(this.dir, rel);
  }

  write(rel: string, text: string, mtime?: string): this {
    fs.mkdirSync(path.dirname(this.file(rel)), { recursive: true });
    fs.writeFileSync(this.file(rel), text);
    if (mtime) this.touch(rel, mtime);
    return this;
  }

  touch(rel: string, iso: string): this {
    const t = new Date(iso);
    fs.utimesSync(this.file(rel), t, t);
    return this;
  }

  commit(date: string, ...rels: string[]): this {
    this.git(['add', '--', ...(rels.length ? rels : ['.'])]);
    this.git(['commit', '-q', '-m', `at ${date}`], date);
    return this;
  }
}

describe('file times (src/node/file-times.ts)', () => {
  it('gives a tracked, unmodified file the time of the last commit that touched it', () => {
    const repo = new Repo()
      .write('docs/a.md', 'A\n')
      .write('b.md', 'B\n')
      .commit('2024-01-10T12:00:00Z')
      .write('b.md', 'B2\n')
      .commit('2024-02-20T12:00:00Z');
    const times = createFileTimes();
    assert.deepEqual(times.lastChanged(repo.file('docs/a.md')), { time: at('2024-01-10T12:00:00Z'), source: 'git' });
    assert.deepEqual(times.lastChanged(repo.file('b.md')), { time: at('2024-02-20T12:00:00Z'), source: 'git' });
  });

  it('falls back to the modification time for a working-copy edit, a staged edit and an untracked file', () => {
    const repo = new Repo().write('edited.md', 'v1\n').write('staged.md', 'v1\n').commit('2024-01-10T12:00:00Z');
    repo.write('edited.md', 'v2\n', '2024-05-05T08:00:00Z');
    repo.write('staged.md', 'v2\n', '2024-05-06T08:00:00Z').git(['add', 'staged.md']);
    repo.write('untracked.md', 'new\n', '2024-05-07T08:00:00Z');
    const times = createFileTimes();
    assert.deepEqual(times.lastChanged(repo.file('edited.md')), { time: at('2024-05-05T08:00:00Z'), source: 'mtime' });
    assert.deepEqual(times.lastChanged(repo.file('staged.md')), { time: at('2024-05-06T08:00:00Z'), source: 'mtime' });
    assert.deepEqual(times.lastChanged(repo.file('untracked.md')), { time: at('2024-05-07T08:00:00Z'), source: 'mtime' });
  });

  it('takes a path literally: a file named a[1].md is not a glob that also matches a1.md', () => {
    const repo = new Repo()
      .write('a[1].md', 'bracket\n')
      .write('a1.md', 'one\n')
      .commit('2024-01-10T12:00:00Z')
      .write('a1.md', 'one, later\n')
      .commit('2024-03-01T12:00:00Z');
    assert.deepEqual(createFileTimes().lastChanged(repo.file('a[1].md')), { time: at('2024-01-10T12:00:00Z'), source: 'git' });
  });

  it('counts a CRLF working copy of an LF blob (core.autocrlf) as unmodified', () => {
    const repo = new Repo().write('crlf.md', 'one\ntwo\n').commit('2024-01-10T12:00:00Z');
    repo.write('crlf.md', 'one\r\ntwo\r\n', '2024-06-01T00:00:00Z');
    assert.deepEqual(createFileTimes().lastChanged(repo.file('crlf.md')), { time: at('2024-01-10T12:00:00Z'), source: 'git' });
  });

  it('uses the modification time outside a repository, in a repository without commits, and undefined for no file', () => {
    const plain = tempDir('prompt-coach-plain-');
    fs.writeFileSync(path.join(plain, 'x.md'), 'x\n');
    fs.utimesSync(path.join(plain, 'x.md'), new Date('2023-03-03T00:00:00Z'), new Date('2023-03-03T00:00:00Z'));
    const empty = new Repo().write('y.md', 'y\n', '2023-04-04T00:00:00Z');
    const times = createFileTimes();
    assert.deepEqual(times.lastChanged(path.join(plain, 'x.md')), { time: at('2023-03-03T00:00:00Z'), source: 'mtime' });
    assert.deepEqual(times.lastChanged(empty.file('y.md')), { time: at('2023-04-04T00:00:00Z'), source: 'mtime' });
    assert.equal(times.lastChanged(path.join(plain, 'missing.md')), undefined);
  });

  it('sees a new commit once the cached HEAD expires', () => {
    let clock = 1_000_000;
    const repo = new Repo().write('a.md', 'v1\n').commit('2024-01-10T12:00:00Z');
    const times = createFileTimes({ now: () => clock });
    assert.equal(times.lastChanged(repo.file('a.md'))?.time, at('2024-01-10T12:00:00Z'));
    repo.write('a.md', 'v2\n').commit('2024-02-02T12:00:00Z');
    clock += 10_000;
    assert.deepEqual(times.lastChanged(repo.file('a.md')), { time: at('2024-02-02T12:00:00Z'), source: 'git' });
  });

  it("reads the file's own repository even when GIT_DIR points elsewhere (a lint run from a git hook)", () => {
    const other = new Repo().write('a.md', 'other\n').commit('2020-01-01T00:00:00Z');
    const repo = new Repo().write('a.md', 'mine\n').commit('2024-01-10T12:00:00Z');
    const env = { ...cleanEnv(), GIT_DIR: path.join(other.dir, '.git'), GIT_WORK_TREE: other.dir };
    assert.deepEqual(createFileTimes({ env }).lastChanged(repo.file('a.md')), { time: at('2024-01-10T12:00:00Z'), source: 'git' });
  });

  it('runs no workspace code: no signature program, clean filter or fsmonitor hook the repository configures', () => {
    const repo = new Repo().write('a.md', 'A\n').commit('2024-01-10T12:00:00Z');
    // A commit with a (fake) signature that changes a.md: `log.showSignature` would hand it to `gpg.program`.
    repo.write('a.md', 'A2\n').git(['add', 'a.md']);
    const tree = repo.git(['write-tree']).trim();
    const signed = [
      `tree ${tree}`,
      `parent ${repo.git(['rev-parse', 'HEAD']).trim()}`,
      'author Test <test@example.com> 1707998400 +0000',
      'committer Test <test@example.com> 1707998400 +0000',
      'gpgsig -----BEGIN PGP SIGNATURE-----',
      ' ',
      ' iQEzBAABCAAdFiEE',
      ' -----END PGP SIGNATURE-----',
      '',
      'signed',
      '',
    ].join('\n');
    fs.writeFileSync(repo.file('commit.txt'), signed);
    const id = repo.git(['hash-object', '-t', 'commit', '-w', 'commit.txt']).trim();
    fs.rmSync(repo.file('commit.txt'));
    repo.git(['update-ref', 'HEAD', id]);

    const marker = path.join(repo.dir, 'ran');
    const script = path.join(tempDir('prompt-coach-hook-'), 'hook.sh');
    fs.writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat >/dev/null 2>&1\nexit 1\n`, { mode: 0o755 });
    repo.git(['config', 'log.showSignature', 'true']);
    repo.git(['config', 'gpg.program', script]);
    repo.git(['config', 'core.fsmonitor', script]);
    repo.git(['config', 'filter.evil.clean', script]);
    repo.git(['config', 'filter.evil.smudge', script]);
    repo.git(['config', 'diff.external', script]);
    fs.writeFileSync(repo.file('.gitattributes'), '*.md filter=evil\n');
    repo.write('b.md', 'B\n');

    const times = createFileTimes();
    assert.deepEqual(times.lastChanged(repo.file('a.md')), { time: 1707998400_000, source: 'git' });
    assert.equal(times.lastChanged(repo.file('b.md'))?.source, 'mtime');
    if (process.platform !== 'win32') assert.equal(fs.existsSync(marker), false, fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');
  });

  it("fetches nothing in a partial clone: a lazy fetch would run the repository's core.sshCommand", function () {
    if (process.platform === 'win32') this.skip();
    const origin = new Repo().write('d/a.md', 'A\n').commit('2020-01-01T00:00:00Z').write('d/b.md', 'B\n').commit('2021-01-01T00:00:00Z');
    origin.git(['config', 'uploadpack.allowFilter', 'true']);
    const dir = path.join(tempDir('prompt-coach-partial-'), 'clone');
    execFileSync('git', ['clone', '-q', '--filter=tree:0', `file://${origin.dir}`, dir], { env: cleanEnv() });
    const marker = path.join(dir, 'ran');
    const script = path.join(tempDir('prompt-coach-ssh-'), 'ssh.sh');
    fs.writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
    execFileSync('git', ['config', 'remote.origin.url', 'ssh://example.invalid/repo'], { cwd: dir, env: cleanEnv() });
    execFileSync('git', ['config', 'core.sshCommand', script], { cwd: dir, env: cleanEnv() });
    // d/a.md's last commit is older than HEAD: finding it needs trees the clone does not have.
    const time = createFileTimes().lastChanged(path.join(dir, 'd/a.md'));
    assert.equal(fs.existsSync(marker), false);
    assert.equal(time?.source, 'mtime');
  });

  it('finds git on the absolute entries of PATH only: a relative entry would resolve in the workspace', () => {
    const bin = tempDir('prompt-coach-bin-');
    const exe = path.join(bin, process.platform === 'win32' ? 'git.exe' : 'git');
    fs.writeFileSync(exe, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const relative = path.relative(process.cwd(), bin) || '.';
    assert.equal(findOnPath('git', { PATH: relative }), undefined);
    assert.equal(findOnPath('git', { PATH: ['', relative, bin].join(path.delimiter) }), exe);
  });
});

/** Lints one file of `dir` with only `rule` on, through `analyze` and the real Node host. */
async function lint(rule: string, file: string, options: { host?: Host; now?: number; ruleOptions?: unknown } = {}): Promise<Finding[]> {
  const { findings } = await analyze(
    { path: file, text: fs.readFileSync(file, 'utf8') },
    configWith(path.dirname(file), { [rule]: options.ruleOptions }),
    options.host ?? createNodeHost(),
    options.now === undefined ? {} : { now: options.now },
  );
  return findings;
}

const messages = (findings: Finding[]) => findings.map((f) => f.message);
const lines = (findings: Finding[]) => findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`);

describe('review-overdue', () => {
  const NOW = at('2025-03-10T15:00:00Z');
  const check = async (frontmatter: string, options: { now?: number; ruleOptions?: unknown; name?: string } = {}) => {
    const dir = tempDir('prompt-coach-review-');
    const file = path.join(dir, options.name ?? 'x.prompt.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `---\n${frontmatter}\n---\nSummarize the open issues.\n`);
    return lint('review-overdue', file, { now: options.now ?? NOW, ruleOptions: options.ruleOptions });
  };

  it('reports a review-by date that has passed, and not one that is today or later', async () => {
    assert.deepEqual(messages(await check('review-by: 2025-03-09')), [
      "Unexpected 'review-by: 2025-03-09' in the past, expected the prompt reviewed and 'review-by' moved to the next review date",
    ]);
    assert.deepEqual(await check('review-by: 2025-03-10'), []);
    assert.deepEqual(await check('review-by: 2026-01-01'), []);
  });

  it('reports last-reviewed older than maxAgeDays (default 90), at the value', async () => {
    const old = await check('description: x\nlast-reviewed: 2024-12-09');
    assert.deepEqual(messages(old), [
      "Unexpected 'last-reviewed: 2024-12-09', more than 90 days ago, expected the prompt reviewed again and 'last-reviewed' updated",
    ]);
    assert.deepEqual(lines(old), ['3:16']);
    assert.deepEqual(await check('last-reviewed: 2024-12-10'), []);
    assert.equal((await check('last-reviewed: 2025-02-01', { ruleOptions: { maxAgeDays: 30 } })).length, 1);
  });

  it('reads the common spellings, a time after the date, and keys under metadata:', async () => {
    const found = await check(
      'reviewBy: 2025-01-01\nlast_reviewed: 2020-01-01T10:00:00Z\nLast-Reviewed: "2020-02-02"\nmetadata:\n  owner: docs\n  review_by: 2025-02-02\nupdated: 2001-01-01',
      { name: 'skills/x/SKILL.md' },
    );
    assert.deepEqual(
      found.map((f) => `${/'[^']+'/.exec(f.message)?.[0]} @${lines([f])[0]}`),
      ["'reviewBy: 2025-01-01' @2:11", "'last_reviewed: 2020-01-01' @3:16", "'Last-Reviewed: 2020-02-02' @4:16", "'review_by: 2025-02-02' @7:14"],
    );
    assert.match(found[0]?.message ?? '', /expected the skill reviewed/);
  });

  it('reports a value that is not a date, and offers no fix', async () => {
    const found = await check("review-by: next month\nlast-reviewed: 2025-02-30\nreviewBy:\nlastReviewed: 20250101");
    assert.deepEqual(messages(found), [
      "Unexpected 'next month' in 'review-by', expected a date as YYYY-MM-DD",
      "Unexpected '2025-02-30' in 'last-reviewed', expected a date as YYYY-MM-DD",
      "Unexpected an empty value in 'reviewBy', expected a date as YYYY-MM-DD",
      "Unexpected '20250101' in 'lastReviewed', expected a date as YYYY-MM-DD",
    ]);
    assert.ok(found.every((f) => !f.fixes));
  });

  it("uses analyze's now, and the real clock without it", async () => {
    assert.equal((await check('review-by: 2025-06-01', { now: at('2025-06-02T00:00:00Z') })).length, 1);
    assert.equal((await check('review-by: 2025-06-01', { now: at('2025-05-31T00:00:00Z') })).length, 0);
    const dir = tempDir('prompt-coach-review-');
    fs.writeFileSync(path.join(dir, 'a.prompt.md'), '---\nreview-by: 2001-01-01\n---\nSummarize.\n');
    assert.equal((await lint('review-overdue', path.join(dir, 'a.prompt.md'))).length, 1);
  });
});

describe('stale-reference', () => {
  const PROMPT = 'prompts/review.prompt.md';
  const body = (frontmatter = '') =>
    `${frontmatter ? `---\n${frontmatter}\n---\n` : ''}Review the change against [the API guide](../docs/api.md) and @../AGENTS.md.\n`;

  it('reports a referenced file committed after the prompt, naming the file and both dates', async () => {
    const repo = new Repo()
      .write(PROMPT, body())
      .write('docs/api.md', 'v1\n')
      .write('AGENTS.md', 'Run npm test.\n')
      .commit('2024-01-10T12:00:00Z')
      .write('docs/api.md', 'v2\n')
      .commit('2024-03-01T09:00:00Z');
    const found = await lint('stale-reference', repo.file(PROMPT));
    assert.deepEqual(messages(found), [
      "Unexpected stale reference: '../docs/api.md' was committed 2024-03-01, after this prompt (committed 2024-01-10), expected the prompt reviewed against it, then updated or its review recorded in 'last-reviewed'",
    ]);
    assert.deepEqual(lines(found), ['1:27']);
  });

  it('finds nothing when the files were committed together, or the prompt after the reference', async () => {
    const together = new Repo().write(PROMPT, body()).write('docs/api.md', 'v1\n').write('AGENTS.md', 'x\n').commit('2024-01-10T12:00:00Z');
    assert.deepEqual(await lint('stale-reference', together.file(PROMPT)), []);
    together.write('docs/api.md', 'v2\n').commit('2024-02-01T00:00:00Z').write(PROMPT, `${body()}\nAlso check the examples.\n`).commit('2024-02-05T00:00:00Z');
    assert.deepEqual(await lint('stale-reference', together.file(PROMPT)), []);
  });

  it('allows graceDays between the prompt and a later change (the commits of one piece of work)', async () => {
    const repo = new Repo()
      .write(PROMPT, body())
      .write('docs/api.md', 'v1\n')
      .write('AGENTS.md', 'x\n')
      .commit('2024-01-10T12:00:00Z')
      .write('docs/api.md', 'v2\n')
      .commit('2024-01-11T10:00:00Z');
    assert.deepEqual(await lint('stale-reference', repo.file(PROMPT)), []);
    assert.equal((await lint('stale-reference', repo.file(PROMPT), { ruleOptions: { graceDays: 0 } })).length, 1);
  });

  it('compares with last-reviewed when the prompt has it, whole day plus grace', async () => {
    const repo = new Repo()
      .write(PROMPT, body('last-reviewed: 2024-02-01'))
      .write('docs/api.md', 'v1\n')
      .write('AGENTS.md', 'x\n')
      .commit('2024-01-10T12:00:00Z')
      .write('docs/api.md', 'v2\n')
      .commit('2024-02-02T20:00:00Z')
      .write('AGENTS.md', 'y\n')
      .commit('2024-02-03T00:00:01Z');
    assert.deepEqual(messages(await lint('stale-reference', repo.file(PROMPT))), [
      "Unexpected stale reference: '../AGENTS.md' changed after 'last-reviewed: 2024-02-01', expected the prompt reviewed against it, then 'last-reviewed' updated",
    ]);
    // Reviewed after the change: the prompt's own older commit does not matter.
    repo.write(PROMPT, body('last-reviewed: 2024-02-03')).commit('2024-01-01T00:00:00Z', PROMPT);
    assert.deepEqual(await lint('stale-reference', repo.file(PROMPT)), []);
  });

  it('compares modification times when both files are edited in the working copy', async () => {
    const repo = new Repo().write(PROMPT, body()).write('docs/api.md', 'v1\n').write('AGENTS.md', 'x\n').commit('2024-01-10T12:00:00Z');
    repo.write(PROMPT, `${body()}\nBe brief.\n`, '2024-04-01T00:00:00Z');
    repo.write('docs/api.md', 'v2\n', '2024-05-01T00:00:00Z');
    assert.deepEqual(messages(await lint('stale-reference', repo.file(PROMPT))), [
      "Unexpected stale reference: '../docs/api.md' was modified 2024-05-01, after this prompt (modified 2024-04-01), expected the prompt reviewed against it, then updated or its review recorded in 'last-reviewed'",
    ]);
    repo.touch('docs/api.md', '2024-04-01T06:00:00Z');
    assert.deepEqual(await lint('stale-reference', repo.file(PROMPT)), []);
  });

  it('uses modification times for untracked files, and never compares one with a commit time', async () => {
    const repo = new Repo().write('AGENTS.md', 'x\n').commit('2024-01-10T12:00:00Z');
    // Untracked prompt and reference: modification times on both sides.
    repo.write(PROMPT, body(), '2024-02-01T00:00:00Z').write('docs/api.md', 'v1\n', '2024-03-01T00:00:00Z');
    assert.deepEqual(messages(await lint('stale-reference', repo.file(PROMPT))), [
      "Unexpected stale reference: '../docs/api.md' was modified 2024-03-01, after this prompt (modified 2024-02-01), expected the prompt reviewed against it, then updated or its review recorded in 'last-reviewed'",
    ]);
    // A committed prompt and an untracked (generated, or local) reference: two clocks, no finding.
    repo.commit('2024-01-20T00:00:00Z', PROMPT);
    repo.touch('docs/api.md', '2030-01-01T00:00:00Z');
    assert.deepEqual(await lint('stale-reference', repo.file(PROMPT)), []);
    // But a review date is compared with the untracked file's modification time.
    repo.write(PROMPT, body('last-reviewed: 2024-02-01')).commit('2024-02-01T00:00:00Z', PROMPT);
    assert.deepEqual(messages(await lint('stale-reference', repo.file(PROMPT))), [
      "Unexpected stale reference: '../docs/api.md' changed after 'last-reviewed: 2024-02-01', expected the prompt reviewed against it, then 'last-reviewed' updated",
    ]);
  });

  it('ignores equal modification times (a fresh copy) even against an old last-reviewed', async () => {
    const dir = tempDir('prompt-coach-copy-');
    fs.mkdirSync(path.join(dir, 'prompts'));
    fs.mkdirSync(path.join(dir, 'docs'));
    const prompt = path.join(dir, PROMPT);
    fs.writeFileSync(prompt, body('last-reviewed: 2020-01-01'));
    fs.writeFileSync(path.join(dir, 'docs/api.md'), 'v1\n');
    fs.writeFileSync(path.join(dir, 'AGENTS.md'), 'x\n');
    assert.deepEqual(await lint('stale-reference', prompt), []);
  });

  it('skips images, folders, the file itself, and hosts that cannot tell times', async () => {
    const repo = new Repo()
      .write(PROMPT, '![diagram](../docs/d.png) See [docs](../docs) and [this file](review.prompt.md).\n')
      .write('docs/d.png', 'png')
      .commit('2024-01-10T12:00:00Z')
      .write('docs/d.png', 'png2')
      .write('docs/new.md', 'new')
      .commit('2024-06-01T00:00:00Z');
    assert.deepEqual(await lint('stale-reference', repo.file(PROMPT)), []);
    const memory = memoryHost({ '/ws/a.prompt.md': 'See [x](x.md).\n', '/ws/x.md': 'x' });
    const { findings } = await analyze({ path: '/ws/a.prompt.md', text: 'See [x](x.md).\n' }, configWith('/ws', { 'stale-reference': undefined }), memory);
    assert.deepEqual(findings, []);
  });

  it('reports a file referenced twice once, at its first reference', async () => {
    const repo = new Repo()
      .write('CLAUDE.md', 'Read @docs/api.md first.\n\nThen follow [the guide](docs/api.md).\n')
      .write('docs/api.md', 'v1\n')
      .commit('2024-01-10T12:00:00Z')
      .write('docs/api.md', 'v2\n')
      .commit('2024-05-01T00:00:00Z');
    const found = await lint('stale-reference', repo.file('CLAUDE.md'));
    assert.deepEqual(lines(found), ['1:6']);
    assert.match(found[0]?.message ?? '', /after this context file \(committed 2024-01-10\)/);
  });
});
