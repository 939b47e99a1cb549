import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { version } from '../../package.json';
import { runLint, type LintOptions } from '../../src/cli/lint';
import type { CliEnv } from '../../src/cli/io';
import { createNodeHost } from '../../src/node/host';
import { batchesOf, MIN_POOL_BYTES, MIN_POOL_FILES, poolPays, workerScript } from '../../src/node/lint-pool';
import { runPool } from '../../src/node/pool';

/**
 * `lint` in workers gives the same bytes as in one thread. The workers run the built CLI
 * (dist/cli.cjs, `npm run build`), as they do for users.
 */
const ROOT = path.resolve(__dirname, '../..');
const WORKSPACE = path.join(ROOT, 'test', 'workspace');

function env(cwd: string): CliEnv {
  // A fresh host per run, as each CLI process has: listings are read once per run.
  return { cwd, color: false, version, host: createNodeHost({ snapshot: true }) };
}

function options(over: Partial<LintOptions> = {}): LintOptions {
  return { paths: [], format: 'json', fix: false, quiet: false, allFiles: true, maxFileSize: 1024 * 1024, noColor: true, now: Date.UTC(2025, 5, 1), ...over };
}

const EVERY_FILE = { files: 1, bytes: 0 };

/** A workspace of many prompt files of mixed sizes, with findings of many rules; `scale` 5 puts it over the pool's minimum. */
function tree(scale: number): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-pool-')));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write(
    '.promptcoach.json',
    JSON.stringify({
      rules: { 'vague-language': 'warning', 'no-such-rule': 'error' },
      customRules: [{ id: 'no-please', type: 'substitution', message: "Unexpected '{match}', expected the instruction alone", swap: { '(?i)\\bplease\\s+': '' }, severity: 'info' }],
    }),
  );
  write('docs/style.md', '# Style\n\nShort sentences.\n');
  write('src/app.ts', 'export const app = 1;\n');
  const paragraphs = [
    'Please review the diff carefully and try to be thorough where appropriate, etc.',
    'Read [the style guide](../docs/style.md) and [the old guide](../docs/old.md) first.',
    'Write the [INSERT THING] report for {{audience}} in a few sentences.',
    'NEVER EVER SKIP THE TESTS. ALWAYS RUN THEM. DO IT NOW.',
    'Summarize the incident for customers in plain language, at most 120 words.',
  ];
  for (let i = 0; i < 48; i++) {
    const size = Math.round((i % 7 === 0 ? 800 : i % 3 === 0 ? 200 : 12) * scale); // a few large files, many small ones
    const body = Array.from({ length: size }, (_, j) => `## Step ${j}\n\n${paragraphs[(i + j) % paragraphs.length]}\n`).join('\n');
    const front = i % 4 === 0 ? `---\ndescription: Task ${i}\nreview-by: 2020-01-01\n---\n` : '';
    write(`prompts/task-${String(i).padStart(2, '0')}.prompt.md`, `${front}# Task ${i}\n\n${body}`);
  }
  write('.github/instructions/py.instructions.md', '---\napplyTo: "src/**/*.py"\n---\n# Python\n\nUse type hints.\n');
  write('AGENTS.md', '# Agents\n\nRun `npm test` before every commit. See [style](docs/style.md).\n');
  return dir;
}

describe('lint in workers', function () {
  this.timeout(120_000);
  // Small: the pool is asked for below its minimum, which only makes it slower.
  let small = '';
  before(() => {
    assert.ok(workerScript(), 'dist/cli.cjs is built (npm run build)');
    small = tree(1);
  });
  after(() => fs.rmSync(small, { recursive: true, force: true }));

  it('gives the same bytes as one thread on many files, over the minimum', async () => {
    const big = tree(5);
    try {
      const bytes = fs.readdirSync(path.join(big, 'prompts')).reduce((n, f) => n + fs.statSync(path.join(big, 'prompts', f)).size, 0);
      assert.ok(bytes > MIN_POOL_BYTES, `${bytes} bytes, over the pool's minimum`);
      const single = await runLint(options({ workers: 1 }), env(big));
      const pooled = await runLint(options({ workers: 2 }), env(big));
      assert.equal(single.stats?.workers, 0);
      assert.equal(pooled.stats?.workers, 2, 'the pool was used');
      assert.equal(pooled.output, single.output);
      assert.equal(pooled.stderr, single.stderr);
      assert.equal(pooled.exitCode, single.exitCode);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });

  it('gives the same bytes as one thread when asked for workers below the minimum (sarif: also the rules, custom ones included)', async () => {
    const single = await runLint(options({ format: 'sarif', workers: 1 }), env(small));
    const pooled = await runLint(options({ format: 'sarif', workers: 2, poolMinimum: EVERY_FILE }), env(small));
    assert.equal(single.stats?.workers, 0);
    assert.equal(pooled.stats?.workers, 2, 'the pool was used');
    assert.equal(pooled.output, single.output);
    assert.ok(pooled.output.includes('"no-please"'));
    assert.equal(pooled.exitCode, single.exitCode);
  });

  it('reports the findings the rules give, and config problems once', async () => {
    const pooled = await runLint(options({ workers: 2, poolMinimum: EVERY_FILE }), env(small));
    assert.equal(pooled.stats?.workers, 2);
    const report = JSON.parse(pooled.output) as { path: string; findings: { ruleId: string }[] }[];
    const rules = new Set(report.flatMap((r) => r.findings.map((f) => f.ruleId)));
    for (const id of ['broken-reference', 'unresolved-placeholder', 'no-please', 'review-overdue', 'glob-matches-nothing']) assert.ok(rules.has(id), id);
    const configErrors = report.flatMap((r) => r.findings.filter((f) => f.ruleId === 'config-error').map(() => r.path));
    assert.deepEqual(configErrors, ['.promptcoach.json'], 'the unknown rule id, once');
    assert.equal(pooled.exitCode, 2);
  });

  it('gives the same bytes as one thread on test/workspace', async () => {
    const single = await runLint(options({ workers: 1 }), env(WORKSPACE));
    const pooled = await runLint(options({ workers: 2, poolMinimum: EVERY_FILE }), env(WORKSPACE));
    assert.ok((pooled.stats?.workers ?? 0) >= 1, 'the pool was used');
    assert.equal(pooled.output, single.output);
    assert.ok(JSON.parse(single.output).length > 10);
  });

  it('fixes files in workers as in one thread', async () => {
    const copy = (to: string) => fs.cpSync(small, to, { recursive: true });
    const a = path.join(small, '..', `${path.basename(small)}-a`);
    const b = path.join(small, '..', `${path.basename(small)}-b`);
    copy(a);
    copy(b);
    try {
      const single = await runLint(options({ fix: true, workers: 1 }), env(a));
      const pooled = await runLint(options({ fix: true, workers: 2, poolMinimum: EVERY_FILE }), env(b));
      assert.equal(pooled.stats?.workers, 2);
      assert.equal(pooled.output, single.output);
      const task = 'prompts/task-00.prompt.md';
      const fixed = fs.readFileSync(path.join(b, task), 'utf8');
      assert.notEqual(fixed, fs.readFileSync(path.join(small, task), 'utf8'), 'the file was fixed');
      assert.ok(!/please /i.test(fixed), 'no-please was applied');
      for (const f of fs.readdirSync(path.join(a, 'prompts'))) {
        assert.equal(fs.readFileSync(path.join(b, 'prompts', f), 'utf8'), fs.readFileSync(path.join(a, 'prompts', f), 'utf8'), f);
      }
    } finally {
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
  });

  it('stays in one thread for a few files, or with --workers 1', async () => {
    const few = await runLint(options({ workers: 2 }), env(small));
    assert.equal(few.stats?.workers, 0, 'under the minimum');
    assert.ok((few.stats?.analyzed ?? 0) > 40);
    const files = Array.from({ length: MIN_POOL_FILES }, (_, i) => ({ path: `f${i}`, size: MIN_POOL_BYTES / MIN_POOL_FILES }));
    assert.equal(poolPays(files, 2, 'cli.cjs'), true);
    assert.equal(poolPays(files.slice(1), 2, 'cli.cjs'), false, 'too few files');
    assert.equal(poolPays(files.map((f) => ({ ...f, size: f.size - 1 })), 2, 'cli.cjs'), false, 'too few bytes');
    assert.equal(poolPays(files, 1, 'cli.cjs'), false, 'one worker is this thread');
    assert.equal(poolPays(files, 2, undefined), false, 'no bundle to run');
  });

  it('hands out the largest files first, then the rest in order, in batches of about 64 KB', () => {
    const files = [
      { path: 'small-a', size: 100 },
      { path: 'huge', size: 300_000 },
      { path: 'mid', size: 40_000 },
      { path: 'small-b', size: 100 },
      { path: 'huger', size: 400_000 },
      { path: 'mid-2', size: 40_000 },
      { path: 'small-c', size: 100 },
    ];
    assert.deepEqual(batchesOf(files), [['huger'], ['huge'], ['small-a', 'mid', 'small-b', 'mid-2'], ['small-c']]);
    const many = Array.from({ length: 70 }, (_, i) => ({ path: `p${String(i).padStart(2, '0')}`, size: 10 }));
    assert.deepEqual(batchesOf(many).map((b) => b.length), [32, 32, 6]);
  });

  /** A worker script of `code`, written beside the small workspace. */
  const script = (name: string, code: string) => {
    const file = path.join(small, name);
    fs.writeFileSync(file, code);
    return file;
  };

  it('rejects, instead of hanging, when a worker dies or fails', async () => {
    const run = (file: string, onResult: (i: number, r: string) => void = () => undefined) =>
      runPool<string[], string>({ kind: 'lint', label: 'a lint worker', setup: {}, requests: [['a'], ['b'], ['c']], workers: 2, script: file, onResult });
    await assert.rejects(run(script('dies.cjs', 'process.exit(3);')), /Unexpected exit 3 of a lint worker/);
    const port = "require('node:worker_threads').parentPort";
    await assert.rejects(run(script('fails.cjs', `${port}.on('message', (m) => ${port}.postMessage({ id: m.id, error: 'Error: boom' }));`)), /Unexpected failure in a lint worker: Error: boom/);
    const results: string[] = [];
    await run(script('answers.cjs', `${port}.on('message', (m) => ${port}.postMessage({ id: m.id, result: m.request[0] }));`), (i, r) => (results[i] = r));
    assert.deepEqual(results, ['a', 'b', 'c']);
  });

  it('runs workers as processes with their own V8 flags, and rejects when one dies or fails', async () => {
    const run = (file: string, onResult: (i: number, r: string) => void = () => undefined) =>
      runPool<string[], string>({ kind: 'lint', label: 'a lint worker', setup: { x: 1 }, requests: [['a'], ['b'], ['c']], workers: 2, script: file, processFlags: ['--single-threaded-gc'], onResult });
    // The first message is the setup; a worker leaves when its channel closes.
    const serve = (answer: string) =>
      `let setup; process.on('disconnect', () => process.exit(0)); process.on('message', (m) => { if (setup === undefined) { setup = m.setup; return; } process.send(${answer}, undefined, undefined, () => undefined); });`;
    await assert.rejects(run(script('p-dies.cjs', 'process.exit(3);')), /Unexpected exit 3 of a lint worker/);
    await assert.rejects(run(script('p-killed.cjs', "process.kill(process.pid, 'SIGKILL');")), /Unexpected exit by a signal of a lint worker/);
    await assert.rejects(run(script('p-fails.cjs', serve("{ id: m.id, error: 'Error: boom' }"))), /Unexpected failure in a lint worker: Error: boom/);
    const results: string[] = [];
    const answers = script('p-answers.cjs', serve("{ id: m.id, result: [m.request[0], setup.x, process.execArgv.join(' '), process.env.PROMPT_COACH_POOL_WORKER, process.pid].join('|') }"));
    await run(answers, (i, r) => (results[i] = r));
    const parts = results.map((r) => r.split('|'));
    assert.deepEqual(parts.map((p) => p.slice(0, 2)), [['a', '1'], ['b', '1'], ['c', '1']]);
    for (const p of parts) assert.match(p[2] as string, /--single-threaded-gc/);
    assert.deepEqual([...new Set(parts.map((p) => p[3]))], ['lint'], 'the worker kind is in the environment');
    // Every worker process is gone when the pool resolves.
    for (const pid of new Set(parts.map((p) => Number(p[4])))) assert.throws(() => process.kill(pid, 0), /ESRCH/);
  });
});
