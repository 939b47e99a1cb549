/**
 * Suites `lint` and `warm`: `prompt-coach lint` over the whole real corpus (../shared/corpus, every
 * file), next to the anchors of issue #8.
 *
 * `lint`, cold, per run and side by side: `markdownlint-cli2 "**\/*" "#node_modules"` with its
 * default config in the corpus (the tool a team would otherwise run); the floor of parsing every
 * file once with remark in one thread (parse-floor.ts); the floor of reading every file (`cat`);
 * `prompt-coach lint --all-files --format json` on the same files, on every core, and in one
 * thread (`--workers 1`: what the workers gain). Target: at most 0.6 × markdownlint-cli2's wall
 * time. `--profile` adds one profiled run and says where each thread's time went.
 *
 * `warm`: the same lint with `--cache` (the cache in a temporary folder, never in the corpus): a
 * cold run that fills it, then a warm run that reuses it. Target: the warm run under 3 s.
 *
 * Both tools get the same files: every file but those in node_modules, as markdownlint-cli2's
 * globs find them; the few `--all-files` does not take by extension are named on the command line.
 *
 * Options: --corpus DIR, --profile, --no-build.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../../package.json';
import { ConfigResolver } from '../../src/core/config/load';
import { collectFiles } from '../../src/node/files';
import { nodeHost } from '../../src/node/host';
import { ROOT } from '../root';
import { summarizeProfile, type CpuProfile } from './cpuprofile';
import { CpuWatch, formatMs, median, optionValue, timeProcess, type Measurement, type ProcessRun, type Suite, type SuiteContext, type SuiteResult } from './harness';
import { ensureBuilt } from './history';
import type { FloorRun } from './parse-floor';

const CLI = path.join(ROOT, 'dist', 'cli.cjs');
const MDL = path.join(ROOT, 'node_modules', '.bin', 'markdownlint-cli2');
const FLOOR = path.join(ROOT, 'scripts', 'bench', 'parse-floor.ts');
const RATIO_TARGET = 0.6;
const WARM_TARGET_MS = 3_000;

interface Corpus {
  dir: string;
  /** Every file both tools check, absolute, sorted. */
  files: string[];
  /** Files to name on prompt-coach's command line besides `.`: those `--all-files` does not take by extension. */
  extra: string[];
  bytes: number;
  /** The file list, one absolute path a line, for the floors. */
  list: string;
  tmp: string;
  buildNote: string;
}

/** Every file under `dir` but in node_modules, dot files included: what `markdownlint-cli2 "**\/*" "#node_modules"` finds. */
export function allFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') allFiles(abs, out);
    } else if (entry.isFile()) out.push(abs);
  }
  return out;
}

function prepare(context: SuiteContext, name: string): Corpus {
  const value = (flag: string) => optionValue(context.args, flag);
  const dir = path.resolve(value('--corpus') ?? path.join(ROOT, '..', 'shared', 'corpus'));
  if (!fs.existsSync(dir)) throw new Error(`Unexpected missing corpus ${dir}, expected the shared corpus (or --corpus DIR)`);
  const buildNote = ensureBuilt(context, !context.args.includes('--no-build'));
  const files = allFiles(dir).sort();
  const resolver = new ConfigResolver({ host: nodeHost, rootDir: dir, trusted: true });
  const ours = new Set(collectFiles(['.'], { cwd: dir, configs: resolver, allFiles: true }).files);
  const extra = files.filter((f) => !ours.has(f)).map((f) => path.relative(dir, f));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `prompt-coach-bench-${name}-`));
  const list = path.join(tmp, 'files.txt');
  fs.writeFileSync(list, `${files.join('\n')}\n`);
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  return { dir, files, extra, bytes, list, tmp, buildNote };
}

function lintArgs(corpus: Corpus, extra: readonly string[] = []): string[] {
  return [CLI, 'lint', '--all-files', '--format', 'json', ...extra, '.', ...corpus.extra];
}

/** Runs prompt-coach lint; an exit code of 0 or 1 is a finished run (1: error findings). */
async function lintRun(corpus: Corpus, flags: readonly string[], keep: boolean, node: readonly string[] = []): Promise<ProcessRun> {
  const run = await timeProcess(process.execPath, [...node, ...lintArgs(corpus, flags)], { cwd: corpus.dir, keepStdout: keep });
  if (run.code !== 0 && run.code !== 1) throw new Error(`Unexpected exit ${run.code} from prompt-coach lint, expected 0 or 1: ${run.stderr.trim().slice(0, 500)}`);
  return run;
}

function reportedFiles(run: ProcessRun): number {
  return (JSON.parse(String(run.stdout)) as unknown[]).length;
}

function mdlVersion(): string {
  const cli2 = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'markdownlint-cli2', 'package.json'), 'utf8')) as { version: string };
  const lib = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'markdownlint', 'package.json'), 'utf8')) as { version: string };
  return `markdownlint-cli2 ${cli2.version} (markdownlint ${lib.version})`;
}

function facts(corpus: Corpus, counts: string): [string, string | number][] {
  return [
    ['corpus', `${corpus.dir}: ${corpus.files.length} files, ${(corpus.bytes / 1024 / 1024).toFixed(1)} MB`],
    ['files checked', counts],
    ['tools', `prompt-coach ${version} (dist/cli.cjs), ${mdlVersion()}, node ${process.version}, ${os.availableParallelism()} cores`],
  ];
}

export const lintSuite: Suite = {
  name: 'lint',
  summary: 'cold prompt-coach lint of the whole corpus against markdownlint-cli2, a remark parse floor and a read floor',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const watch = new CpuWatch();
    const corpus = prepare(context, 'lint');
    try {
      const names = {
        cat: 'read every file (xargs cat)',
        floor: 'remark parse floor (1 thread, process)',
        floorInner: 'remark parse alone (1 thread, in-process)',
        mdl: 'markdownlint-cli2 "**/*" "#node_modules"',
        ours: 'prompt-coach lint --all-files (every core)',
        single: 'prompt-coach lint --all-files --workers 1',
      };
      const wall: Record<keyof typeof names, number[]> = { cat: [], floor: [], floorInner: [], mdl: [], ours: [], single: [] };
      const cpu: Record<keyof typeof names, number[]> = { cat: [], floor: [], floorInner: [], mdl: [], ours: [], single: [] };
      const problems: string[] = [];
      let counts = '';
      // The first read of the corpus fills the page cache; every measured run finds it there.
      spawnSync('xargs', ['-0', 'cat'], { input: corpus.files.join('\0'), stdio: ['pipe', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
      for (let run = 1; run <= context.runs; run++) {
        context.log(`run ${run}/${context.runs}: cat, parse floor, markdownlint-cli2, prompt-coach lint, prompt-coach lint --workers 1`);
        const cat = await timeProcess('xargs', ['-0', 'cat'], { cwd: corpus.dir, input: corpus.files.join('\0') });
        if (cat.stdoutBytes !== corpus.bytes) problems.push(`cat read ${cat.stdoutBytes} bytes of ${corpus.bytes}`);
        const floor = await timeProcess(process.execPath, ['--import', 'tsx', FLOOR, corpus.list, '--parse'], { cwd: ROOT, keepStdout: true });
        if (floor.code !== 0) throw new Error(`Unexpected exit ${floor.code} from parse-floor.ts, expected 0: ${floor.stderr.trim()}`);
        const floorRun = JSON.parse(String(floor.stdout)) as FloorRun;
        const mdl = await timeProcess(MDL, ['**/*', '#node_modules'], { cwd: corpus.dir, keepStdout: true });
        if (mdl.code !== 0 && mdl.code !== 1) throw new Error(`Unexpected exit ${mdl.code} from markdownlint-cli2, expected 0 or 1: ${mdl.stderr.slice(0, 500)}`);
        const ours = await lintRun(corpus, [], run === 1);
        const one = await lintRun(corpus, ['--workers', '1'], false);
        if (run === 1) {
          const mdlCount = Number(/Linting: (\d+) file/.exec(String(mdl.stdout))?.[1] ?? Number.NaN);
          const ourCount = reportedFiles(ours);
          counts = `${ourCount} by prompt-coach (in its JSON report), ${mdlCount} by markdownlint-cli2 ("Linting: N file(s)"), ${floorRun.files} by the floors`;
          if (ourCount !== corpus.files.length || mdlCount !== corpus.files.length || floorRun.files !== corpus.files.length) {
            problems.push(`the tools did not check the same ${corpus.files.length} files: ${counts}`);
          }
        }
        const add = (key: keyof typeof names, r: { ms: number; cpuMs: number }) => {
          wall[key].push(r.ms);
          cpu[key].push(r.cpuMs);
        };
        add('cat', cat);
        add('floor', floor);
        wall.floorInner.push(floorRun.parseMs);
        add('mdl', mdl);
        add('ours', ours);
        add('single', one);
      }
      const measurements: Measurement[] = [
        { name: names.mdl, role: 'anchor', samples: wall.mdl, cpu: cpu.mdl },
        { name: names.floor, role: 'anchor', samples: wall.floor, cpu: cpu.floor, ratioTo: names.mdl },
        { name: names.cat, role: 'anchor', samples: wall.cat, cpu: cpu.cat, ratioTo: names.mdl },
        { name: names.ours, role: 'product', samples: wall.ours, cpu: cpu.ours, ratioTo: names.mdl },
        { name: names.single, role: 'detail', samples: wall.single, cpu: cpu.single, ratioTo: names.mdl },
        { name: names.floorInner, role: 'detail', samples: wall.floorInner, ratioTo: names.mdl },
      ];
      const oursMs = median(wall.ours);
      const notes = [
        `The workers against one thread: ${(median(wall.single) / oursMs).toFixed(2)}× faster, for ${(median(cpu.ours) / median(cpu.single)).toFixed(2)}× the CPU time.`,
        `prompt-coach against the parse floor: ${(oursMs / median(wall.floor)).toFixed(2)}× its wall time, ${(median(cpu.ours) / median(cpu.floor)).toFixed(2)}× its CPU time ` +
          `(the floor parses each file once in one thread; prompt-coach parses each once too, on every core, and runs the rules).`,
        `Throughput: prompt-coach ${(corpus.bytes / 1024 / 1024 / (oursMs / 1000)).toFixed(2)} MB/s, markdownlint-cli2 ${(corpus.bytes / 1024 / 1024 / (median(wall.mdl) / 1000)).toFixed(2)} MB/s, ` +
          `remark alone ${(corpus.bytes / 1024 / 1024 / (median(wall.floorInner) / 1000)).toFixed(2)} MB/s on one core.`,
        `Machine: ${watch.describe()}.`,
        `Build: ${corpus.buildNote}.`,
      ];
      if (problems.length) notes.push(`Unexpected: ${problems.join('; ')}.`);
      if (context.args.includes('--profile')) notes.push(...(await profileNotes(corpus, context)));
      return {
        suite: 'lint',
        facts: facts(corpus, counts),
        measurements,
        checks: [{ name: `cold lint at most ${RATIO_TARGET} × markdownlint-cli2 (issue #8)`, measurement: names.ours, limitRatio: RATIO_TARGET, ratioTo: names.mdl }],
        notes,
      };
    } finally {
      fs.rmSync(corpus.tmp, { recursive: true, force: true });
    }
  },
};

export const warmSuite: Suite = {
  name: 'warm',
  summary: 'prompt-coach lint --cache of the whole corpus: a cold run that fills the cache, then a warm run',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const watch = new CpuWatch();
    const corpus = prepare(context, 'warm');
    try {
      const cacheFile = path.join(corpus.tmp, 'lint-cache.json');
      const names = {
        cat: 'read every file (xargs cat)',
        cold: 'prompt-coach lint --cache, cold (fills the cache)',
        warm: 'prompt-coach lint --cache, warm',
        start: 'CLI start-up (prompt-coach --version)',
      };
      const wall: Record<keyof typeof names, number[]> = { cat: [], cold: [], warm: [], start: [] };
      const cpu: Record<keyof typeof names, number[]> = { cat: [], cold: [], warm: [], start: [] };
      const problems: string[] = [];
      let counts = '';
      let cacheBytes = 0;
      for (let run = 1; run <= context.runs; run++) {
        context.log(`run ${run}/${context.runs}: cat, cold lint filling the cache, warm lint`);
        fs.rmSync(cacheFile, { force: true });
        const cat = await timeProcess('xargs', ['-0', 'cat'], { cwd: corpus.dir, input: corpus.files.join('\0') });
        const start = await timeProcess(process.execPath, [CLI, '--version'], { cwd: corpus.dir });
        const flags = ['--cache', '--cache-location', cacheFile];
        const cold = await lintRun(corpus, flags, run === 1);
        cacheBytes = fs.statSync(cacheFile).size;
        const warm = await lintRun(corpus, flags, run === 1);
        if (run === 1) {
          counts = `${reportedFiles(cold)} by prompt-coach (in its JSON report)`;
          if (!(cold.stdout as Buffer).equals(warm.stdout as Buffer)) problems.push('the warm report differs from the cold one');
        }
        for (const [key, r] of [['cat', cat], ['start', start], ['cold', cold], ['warm', warm]] as const) {
          wall[key].push(r.ms);
          cpu[key].push(r.cpuMs);
        }
      }
      const measurements: Measurement[] = [
        { name: names.cat, role: 'anchor', samples: wall.cat, cpu: cpu.cat },
        { name: names.cold, role: 'anchor', samples: wall.cold, cpu: cpu.cold },
        { name: names.warm, role: 'product', samples: wall.warm, cpu: cpu.warm, ratioTo: names.cold },
        { name: names.start, role: 'detail', samples: wall.start, cpu: cpu.start, ratioTo: names.cold },
      ];
      const notes = [
        `The cache file: ${(cacheBytes / 1024 / 1024).toFixed(1)} MB in a temporary folder. A warm run reads and hashes every file, asks again each question the rules asked the file system (each once), and formats the report.`,
        `Machine: ${watch.describe()}.`,
        `Build: ${corpus.buildNote}.`,
      ];
      if (problems.length) notes.push(`Unexpected: ${problems.join('; ')}.`);
      return {
        suite: 'warm',
        facts: facts(corpus, counts),
        measurements,
        checks: [{ name: `warm lint under ${WARM_TARGET_MS / 1000} s (issue #8)`, measurement: names.warm, limitMs: WARM_TARGET_MS }],
        notes,
      };
    } finally {
      fs.rmSync(corpus.tmp, { recursive: true, force: true });
    }
  },
};

/** One profiled cold run (`node --cpu-prof`, one profile per thread): where each thread's time went. */
async function profileNotes(corpus: Corpus, context: SuiteContext): Promise<string[]> {
  const dir = path.join(os.tmpdir(), 'prompt-coach-bench-lint-profile');
  fs.rmSync(dir, { recursive: true, force: true });
  context.log(`profiling one cold run (${dir})`);
  const run = await lintRun(corpus, [], false, ['--cpu-prof', '--cpu-prof-dir', dir]);
  const map = new SourceMap(JSON.parse(fs.readFileSync(`${CLI}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  const lines = ['', `### Profile of one cold run (${formatMs(run.ms)} wall, ${formatMs(run.cpuMs)} CPU), by thread`, ''];
  // Profiles are named CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile, one for each thread of
  // each process; the CLI's main thread started first, its worker processes (or threads) after.
  const profiles = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((file) => ({ file, profile: remap(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, map) }))
    .sort((a, b) => a.profile.startTime - b.profile.startTime);
  for (const [i, { file, profile }] of profiles.entries()) {
    const summary = summarizeProfile(profile, ROOT);
    const [pid, threadId] = file.split('.').slice(3, 5);
    const thread = i === 0 ? 'main thread' : threadId === '0' ? `worker process ${pid}` : `worker thread ${threadId}`;
    const share = (ms: number) => `${((100 * ms) / summary.totalMs).toFixed(1)} %`;
    const rows = (list: [string, number][], n: number) => list.slice(0, n).map(([k, ms]) => `| ${k} | ${formatMs(ms)} | ${share(ms)} |`);
    lines.push(
      `#### ${thread}: ${formatMs(summary.totalMs)}`,
      '',
      '| phase | time | share |',
      '| --- | ---: | ---: |',
      ...rows(summary.phases, 8),
      '',
      '| rule | time | share |',
      '| --- | ---: | ---: |',
      ...rows(summary.rules, 8),
      '',
      '| function (self time) | time | share |',
      '| --- | ---: | ---: |',
      ...rows(summary.top, 10),
      '',
    );
  }
  lines.push(`Profiles in ${dir} (open them in Chrome DevTools, Performance panel). The idle time of the main thread is its wait for the workers.`);
  return lines;
}

/** Points the bundle's frames at their sources (through dist/cli.cjs.map), so phases and rules are named. */
function remap(profile: CpuProfile, map: SourceMap): CpuProfile {
  const bundle = pathToFileURL(CLI).href;
  for (const node of profile.nodes) {
    const frame = node.callFrame as CpuProfile['nodes'][number]['callFrame'] & { columnNumber?: number };
    if (frame.url !== bundle && frame.url !== CLI) continue;
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber ?? 0) as { originalSource?: string; originalLine?: number };
    if (!entry.originalSource) continue;
    const source = entry.originalSource.startsWith('file://') ? entry.originalSource : pathToFileURL(path.resolve(path.dirname(CLI), entry.originalSource)).href;
    frame.url = source;
    frame.lineNumber = entry.originalLine ?? frame.lineNumber;
  }
  return profile;
}
