import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { version } from '../../package.json';
import type { CliEnv } from '../../src/cli/io';
import { runLint, type LintCommandResult, type LintOptions } from '../../src/cli/lint';
import { run } from '../../src/cli/run';
import { defaultOptions } from '../../src/core/analyze';
import { parsePromptDocument } from '../../src/core/document';
import { RULES } from '../../src/core/rules';
import type { Host, Kind, Rule } from '../../src/core/types';
import { createNodeHost } from '../../src/node/host';
import { cacheFile, CLOCK_RULES, DEFAULT_CACHE_FILE, recordingHost } from '../../src/node/lint-cache';
import { workerScript } from '../../src/node/lint-pool';

/** `lint --cache` in-process, on temporary workspaces: what a warm run reuses, and what makes it analyse again. */
const DAY = 86_400_000;
const JUNE_1 = Date.UTC(2025, 5, 1, 9);

const dirs: string[] = [];

function workspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-cache-')));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) write(dir, rel, text);
  return dir;
}

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

function env(cwd: string, over: Partial<CliEnv> = {}): CliEnv {
  // A fresh host per run, as each CLI process has: listings are read once per run.
  return { cwd, color: false, version, host: createNodeHost({ snapshot: true }), ...over };
}

function lint(cwd: string, over: Partial<LintOptions> = {}, envOver: Partial<CliEnv> = {}): Promise<LintCommandResult> {
  const options: LintOptions = { paths: [], format: 'json', fix: false, quiet: false, allFiles: false, maxFileSize: 1024 * 1024, noColor: true, cache: true, workers: 1, now: JUNE_1, ...over };
  return runLint(options, env(cwd, envOver));
}

function ruleIds(result: LintCommandResult, file: string): string[] {
  const report = JSON.parse(result.output) as { path: string; findings: { ruleId: string }[] }[];
  return report.find((r) => r.path === file)?.findings.map((f) => f.ruleId) ?? [];
}

const CONFIG = JSON.stringify({
  // Prompt files without a description would all be reported; these tests watch other rules.
  rules: { 'frontmatter-required': 'off' },
  customRules: [{ id: 'no-please', type: 'substitution', message: "Unexpected '{match}', expected the instruction alone", swap: { '(?i)\\bplease\\s+': '' }, severity: 'info' }],
});
const A = 'prompts/a.prompt.md';
const B = 'prompts/b.prompt.md';
const BASIC = {
  '.promptcoach.json': CONFIG,
  [A]: '# Review\n\nPlease review the diff against [the guide](../docs/guide.md).\n',
  [B]: '# Summarize\n\nSummarize the incident for customers in plain language, at most 120 words.\n',
};

describe('lint --cache', function () {
  this.timeout(60_000);
  after(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reuses every entry on a warm run: same report, nothing analysed', async () => {
    const dir = workspace(BASIC);
    const cold = await lint(dir);
    assert.deepEqual(cold.stats, { files: 2, analyzed: 2, cached: 0, workers: 0 });
    const written = fs.statSync(path.join(dir, DEFAULT_CACHE_FILE)).mtimeMs;
    const warm = await lint(dir);
    assert.equal(fs.statSync(path.join(dir, DEFAULT_CACHE_FILE)).mtimeMs, written, 'nothing changed, nothing written');
    assert.deepEqual(warm.stats, { files: 2, analyzed: 0, cached: 2, workers: 0 });
    assert.equal(warm.output, cold.output);
    assert.equal(warm.exitCode, cold.exitCode);
    assert.deepEqual(ruleIds(warm, A).sort(), ['broken-reference', 'no-please']);
    // The same in every format: the formatter gets the same results.
    assert.equal((await lint(dir, { format: 'sarif' })).output, (await lint(dir, { format: 'sarif', cache: false })).output);
  });

  it('analyses an edited file again, and only it', async () => {
    const dir = workspace(BASIC);
    await lint(dir);
    write(dir, B, '# Summarize\n\nPlease summarize the incident.\n');
    const warm = await lint(dir);
    assert.equal(warm.stats?.analyzed, 1);
    assert.equal(warm.stats?.cached, 1);
    assert.deepEqual(ruleIds(warm, B).includes('no-please'), true);
    assert.equal(warm.output, (await lint(dir, { cache: false })).output);
  });

  it('analyses every file again when their config changes', async () => {
    const dir = workspace(BASIC);
    await lint(dir);
    write(dir, '.promptcoach.json', JSON.stringify({ ...JSON.parse(CONFIG), rules: { 'frontmatter-required': 'off', 'broken-reference': 'off' } }));
    const warm = await lint(dir);
    assert.deepEqual(warm.stats, { files: 2, analyzed: 2, cached: 0, workers: 0 });
    assert.deepEqual(ruleIds(warm, A), ['no-please']);
    // A new config nearer a file is a change of its config too.
    write(dir, 'prompts/.promptcoach.json', JSON.stringify({ rules: { 'no-please': 'off' } }));
    assert.equal((await lint(dir)).stats?.analyzed, 2);
    assert.equal((await lint(dir)).stats?.analyzed, 0);
  });

  it('analyses a file again when a file it references appears or disappears', async () => {
    const dir = workspace(BASIC);
    await lint(dir);
    write(dir, 'docs/guide.md', '# Guide\n');
    const created = await lint(dir);
    assert.equal(created.stats?.analyzed, 1, 'a.prompt.md only');
    assert.deepEqual(ruleIds(created, A), ['no-please'], 'the broken reference is gone');
    fs.rmSync(path.join(dir, 'docs/guide.md'));
    const deleted = await lint(dir);
    assert.equal(deleted.stats?.analyzed, 1);
    assert.deepEqual(ruleIds(deleted, A).sort(), ['broken-reference', 'no-please'], 'and back');
  });

  it('analyses a file again when the workspace listing its glob is matched against changes', async () => {
    const rel = '.github/instructions/py.instructions.md';
    const dir = workspace({ [rel]: '---\napplyTo: "src/**/*.py"\n---\n# Python\n\nUse type hints in every function.\n', 'src/app.ts': 'export {};\n' });
    assert.deepEqual(ruleIds(await lint(dir), rel), ['glob-matches-nothing']);
    assert.equal((await lint(dir)).stats?.analyzed, 0, 'the cache file that appeared in the workspace is not in the listing');
    await lint(dir, { cacheLocation: 'mine.json' });
    assert.equal((await lint(dir, { cacheLocation: 'mine.json' })).stats?.analyzed, 0, 'nor one at --cache-location');
    write(dir, 'src/tool.py', 'x = 1\n');
    const after = await lint(dir);
    assert.equal(after.stats?.analyzed, 1);
    assert.deepEqual(ruleIds(after, rel), []);
  });

  it('keeps entries whose findings depend on the day for that day only', async () => {
    const dated = 'prompts/dated.prompt.md';
    const dir = workspace({ ...BASIC, [dated]: '---\nreview-by: 2025-06-02\n---\n# Task\n\nSummarize the incident in plain language.\n' });
    assert.deepEqual(ruleIds(await lint(dir), dated), []);
    assert.equal((await lint(dir, { now: JUNE_1 + 10 * 3_600_000 })).stats?.analyzed, 0, 'later the same UTC day');
    const nextDay = await lint(dir, { now: JUNE_1 + DAY });
    assert.equal(nextDay.stats?.analyzed, 1, 'only the file with a review date');
    assert.deepEqual(ruleIds(nextDay, dated), [], 'not due yet');
    const overdue = await lint(dir, { now: JUNE_1 + 2 * DAY });
    assert.equal(overdue.stats?.analyzed, 1, 'only the file with a review date');
    assert.deepEqual(ruleIds(overdue, dated), ['review-overdue']);
  });

  it('starts afresh with another version of the tool or other options', async () => {
    const dir = workspace(BASIC);
    await lint(dir);
    assert.equal((await lint(dir, {}, { version: '99.0.0' })).stats?.analyzed, 2);
    assert.equal((await lint(dir, {}, { version: '99.0.0' })).stats?.analyzed, 0);
    assert.equal((await lint(dir, { maxFileSize: 4096 }, { version: '99.0.0' })).stats?.analyzed, 2);
  });

  it('ignores a corrupt or foreign cache file and rewrites it', async () => {
    const dir = workspace(BASIC);
    const file = path.join(dir, DEFAULT_CACHE_FILE);
    const expected = (await lint(dir, { cache: false })).output;
    for (const bad of ['{"format": "prompt-coach-lint-cache", "sch', '{"hello": "world"}', '[1, 2]', '\u0000\u0001']) {
      write(dir, DEFAULT_CACHE_FILE, bad);
      const result = await lint(dir);
      assert.equal(result.stats?.analyzed, 2, bad);
      assert.equal(result.output, expected);
      assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as { format: string }).format, 'prompt-coach-lint-cache');
      assert.equal((await lint(dir)).stats?.cached, 2);
    }
    // An entry that names questions the table does not hold is not trusted (b.prompt.md asked none).
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies: unknown[] };
    stored.dependencies = [];
    fs.writeFileSync(file, JSON.stringify(stored));
    assert.equal((await lint(dir)).stats?.analyzed, 1);
  });

  it('writes atomically, keeps the folder out of git, and drops entries of deleted files', async () => {
    const dir = workspace({ ...BASIC, 'prompts/c.prompt.md': '# C\n\nList the risks.\n' });
    await lint(dir);
    const folder = path.dirname(path.join(dir, DEFAULT_CACHE_FILE));
    assert.deepEqual(fs.readdirSync(folder).sort(), ['.gitignore', 'lint.json'], 'no temporary file left');
    assert.match(fs.readFileSync(path.join(folder, '.gitignore'), 'utf8'), /^\*$/m);
    fs.rmSync(path.join(dir, 'prompts/c.prompt.md'));
    await lint(dir, { paths: [A] });
    const stored = JSON.parse(fs.readFileSync(path.join(folder, 'lint.json'), 'utf8')) as { files: Record<string, unknown> };
    assert.deepEqual(Object.keys(stored.files).sort(), [path.join(dir, A), path.join(dir, B)], 'b kept though not linted; c dropped');
  });

  it('--cache-location: a file, or a folder (existing, or ending in a separator) holding a file named for the cwd', async () => {
    const dir = workspace(BASIC);
    assert.deepEqual(cacheFile(dir, undefined), { file: path.join(dir, '.promptcoach', 'cache', 'lint.json'), ownFolder: true });
    assert.deepEqual(cacheFile(dir, 'tmp/my-cache.json'), { file: path.join(dir, 'tmp', 'my-cache.json'), ownFolder: false });
    const inFolder = cacheFile(dir, 'caches/').file;
    assert.equal(path.dirname(inFolder), path.join(dir, 'caches'));
    assert.match(path.basename(inFolder), /^prompt-coach-lint-[0-9a-f]{10}\.json$/);
    fs.mkdirSync(path.join(dir, 'existing'));
    assert.equal(cacheFile(dir, 'existing').file, path.join(dir, 'existing', path.basename(inFolder)));
    assert.notEqual(cacheFile(path.join(dir, 'prompts'), '../caches/').file, inFolder, 'another cwd, another file');

    await lint(dir, { cacheLocation: 'caches/' });
    assert.ok(fs.existsSync(inFolder));
    assert.ok(!fs.existsSync(path.join(dir, '.promptcoach')), 'the default location is not used');
    assert.ok(!fs.existsSync(path.join(dir, 'caches', '.gitignore')), 'a folder the user chose is left as it is');
    assert.equal((await lint(dir, { cacheLocation: 'caches/' })).stats?.cached, 2);
  });

  it('with --fix, applies the fixes of a cached file instead of reusing its findings', async () => {
    const dir = workspace(BASIC);
    await lint(dir);
    const fixed = await lint(dir, { fix: true });
    assert.equal(fixed.stats?.analyzed, 1, 'a.prompt.md has a fix; b.prompt.md has none and is reused');
    assert.ok(!/Please/.test(fs.readFileSync(path.join(dir, A), 'utf8')));
    assert.deepEqual(ruleIds(fixed, A), ['broken-reference']);
    const again = await lint(dir, { fix: true });
    assert.equal(again.stats?.analyzed, 0, 'the fixed text was stored');
    assert.equal(again.output, fixed.output);
  });

  it('stores what worker threads analysed', async function () {
    if (!workerScript()) this.skip();
    const files: Record<string, string> = { '.promptcoach.json': CONFIG };
    for (let i = 0; i < 20; i++) files[`prompts/p${i}.prompt.md`] = `# Task ${i}\n\nPlease review [the guide](../docs/guide${i % 3}.md).\n`;
    const dir = workspace(files);
    const cold = await lint(dir, { workers: 2, poolMinimum: { files: 1, bytes: 0 } });
    assert.ok((cold.stats?.workers ?? 0) >= 1);
    const warm = await lint(dir);
    assert.deepEqual(warm.stats, { files: 20, analyzed: 0, cached: 20, workers: 0 });
    assert.equal(warm.output, cold.output);
    write(dir, 'docs/guide1.md', '# Guide\n');
    assert.equal((await lint(dir, { workers: 2, poolMinimum: { files: 1, bytes: 0 } })).stats?.analyzed, 7, 'p1, p4, … p19');
  });

  it('is on with --cache, at --cache-location, from the command line', async () => {
    const dir = workspace(BASIC);
    const cli = (args: string[]) => run(['lint', '--format', 'json', ...args], env(dir));
    assert.equal((await cli(['--cache'])).exitCode, 0);
    assert.ok(fs.existsSync(path.join(dir, DEFAULT_CACHE_FILE)));
    await cli(['--cache', '--cache-location', 'c.json', '--workers', '1']);
    assert.ok(fs.existsSync(path.join(dir, 'c.json')));
    assert.match((await cli(['--workers', '0'])).stderr, /--workers expects an integer ≥ 1, got '0'/);
    assert.match((await cli(['--cache', '--cache-location='])).stderr, /--cache-location needs a file or folder/);
  });
});

describe('what a file\'s findings depend on', () => {
  after(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the recording host answers as its base and notes each question once, with a digest of the answer', () => {
    const dir = workspace({ 'a.md': 'text', 'sub/b.md': 'more' });
    const base = createNodeHost({ snapshot: true });
    const { host, dependencies } = recordingHost(base);
    assert.equal(host.readFile(path.join(dir, 'a.md')), 'text');
    assert.equal(host.readFile(path.join(dir, 'a.md')), 'text');
    assert.equal(host.exists(path.join(dir, 'nope')), false);
    assert.equal(host.isDirectory(path.join(dir, 'sub')), true);
    assert.deepEqual(host.listFiles?.(dir), ['a.md', 'sub/b.md']);
    assert.equal(host.lastChanged?.(path.join(dir, 'a.md'))?.source, 'mtime');
    const deps = dependencies();
    assert.deepEqual(
      deps.map(([kind, subject]) => [kind, path.relative(dir, subject)]),
      [['read', 'a.md'], ['exists', 'nope'], ['dir', 'sub'], ['list', ''], ['time', 'a.md']],
    );
    assert.match(String(deps[0]?.[2]), /^[0-9a-f]{40}$/);
  });

  it('only the rules in CLOCK_RULES read the clock', async () => {
    const reads = new Set<string>();
    const host: Host = { exists: () => true, isDirectory: () => false, readFile: () => '# Other\n', lastChanged: () => ({ time: 0, source: 'mtime' }), listFiles: () => ['a.md'] };
    const dated = '---\ndescription: Review\nreview-by: 2020-01-01\nlast-reviewed: 2019-01-01\nmetadata:\n  reviewBy: 2020-01-01\n---\n# Task\n\nSee [a](a.md).\n';
    for (const rule of RULES as Rule<unknown>[]) {
      const kinds: (Kind | undefined)[] = rule.meta.kinds === 'all' ? ['prompt', undefined] : [...rule.meta.kinds];
      for (const kind of kinds) {
        for (const text of [rule.meta.docs.bad, rule.meta.docs.good, dated]) {
          const doc = parsePromptDocument({ path: '/w/prompts/x.prompt.md', text, kind });
          await rule.check({
            doc,
            options: defaultOptions(rule),
            host,
            root: '/w',
            get now() {
              reads.add(rule.meta.id);
              return Date.UTC(2025, 5, 1);
            },
            report() {},
          });
        }
      }
    }
    assert.deepEqual([...reads].sort(), [...CLOCK_RULES].sort());
  });

  it('review-overdue finds review dates only in a frontmatter opened on the first line, as clockDay assumes', async () => {
    const rule = (RULES as Rule<unknown>[]).find((r) => r.meta.id === 'review-overdue') as Rule<unknown>;
    const findings = async (text: string, now: number) => {
      let count = 0;
      const doc = parsePromptDocument({ path: '/w/x.prompt.md', text, kind: 'prompt' });
      await rule.check({ doc, options: defaultOptions(rule), host: createNodeHost(), root: '/w', now, report: () => count++ });
      return count;
    };
    for (const text of ['\n---\nreview-by: 2020-01-01\n---\n# T\n', 'review-by: 2020-01-01\n\n# T\n', '# T\n\n---\nreview-by: 2020-01-01\n---\n']) {
      assert.equal(await findings(text, Date.UTC(2019, 0, 1)), await findings(text, Date.UTC(2030, 0, 1)), JSON.stringify(text));
    }
    assert.notEqual(await findings('\uFEFF---\nreview-by: 2020-01-01\n---\n# T\n', Date.UTC(2019, 0, 1)), await findings('\uFEFF---\nreview-by: 2020-01-01\n---\n# T\n', Date.UTC(2030, 0, 1)));
  });
});
