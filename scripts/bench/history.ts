/**
 * Suite `history`: `prompt-coach report` over a synthetic year of history (1,000 commits, 200
 * prompt and context files; see history-repo.ts) against the floor of reading that history with
 * git. Issue #6's target: the report in under 30 seconds on the project's 2-core machines.
 *
 * Per run, side by side: the anchors (`git log` as the replay runs it; `git cat-file --batch` of
 * every prompt file version), the CLI's wall time, and `buildQualityReport` in a fresh process
 * (cold, then again with the cache it filled, which leaves everything but analysis). `--profile`
 * adds one profiled cold run and says where its time went.
 *
 * Options: --keep DIR (build the repository there and reuse it), --commits N, --files N, --seed N,
 * --profile, --no-build (measure dist/cli.cjs as it is).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_FILES, kindMatcher } from '../../src/core/kinds';
import { GIT_SAFE } from '../../src/node/history';
import { ROOT } from '../root';
import { summarizeProfile, type CpuProfile } from './cpuprofile';
import { CpuWatch, formatMs, median, timeProcess, type Measurement, type Suite, type SuiteContext, type SuiteResult } from './harness';
import { buildHistoryRepo, repoOptions } from './history-repo';
import type { HistoryRun } from './history-run';

const TARGET_MS = 30_000;
/** The arguments `readCommits` (src/node/history.ts) gives git: the anchor is the replay's own read. */
const LOG_ARGS = [...GIT_SAFE, 'log', '--no-renames', '--raw', '--no-abbrev', '-z', '--reverse', '--format=%x1e%H%x1f%ct%x1f%an%x1f%s'];
const CLI = path.join(ROOT, 'dist', 'cli.cjs');

/** The newest modification time under `dir` (milliseconds). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

/** Builds dist/ when the CLI is missing or older than its sources; returns a note for the report. */
export function ensureBuilt(context: SuiteContext, allowed: boolean): string {
  const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
  const sources = Math.max(newest(path.join(ROOT, 'src')), fs.statSync(path.join(ROOT, 'esbuild.config.mjs')).mtimeMs);
  if (built >= sources) return 'dist/cli.cjs was up to date';
  if (!allowed) {
    if (!built) throw new Error('Unexpected missing dist/cli.cjs with --no-build, expected a build (npm run build)');
    return 'dist/cli.cjs is older than src/ (--no-build): the CLI figures are of the older build';
  }
  context.log('building dist/ (node esbuild.config.mjs): it is older than src/');
  const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    if (!built) throw new Error(`Unexpected build failure, expected dist/cli.cjs: ${build.stderr.trim()}`);
    return `the build failed, so the CLI figures are of the older dist/cli.cjs: ${build.stderr.trim().split('\n')[0]}`;
  }
  return 'dist/ rebuilt from src/ before measuring';
}

/** Every prompt file version in the history (the blobs the report reads), from the log's raw output. */
function promptBlobs(log: string): string[] {
  const kinds = kindMatcher(DEFAULT_FILES);
  const blobs = new Set<string>();
  for (const chunk of log.split('\x1e')) {
    const body = chunk.indexOf('\0');
    if (body < 0) continue;
    const fields = chunk.slice(body + 1).replace(/^\n/, '').split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const m = /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) [AM]/.exec(fields[i] as string);
      if (m && kinds.kindOf(fields[i + 1] as string)) blobs.add(m[1] as string);
    }
  }
  return [...blobs];
}

function git(args: readonly string[], cwd: string, input?: string): string {
  const r = spawnSync('git', [...args], { cwd, encoding: 'utf8', input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`Unexpected exit ${r.status} from git ${args.join(' ')}, expected 0: ${r.stderr.trim()}`);
  return r.stdout;
}

function inProcess(repo: string, extra: readonly string[] = []): Promise<HistoryRun> {
  return timeProcess(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/bench/history-run.ts'), repo, ...extra], { cwd: ROOT, keepStdout: true }).then((run) => {
    if (run.code !== 0) throw new Error(`Unexpected exit ${run.code} from history-run.ts, expected 0: ${run.stderr.trim()}`);
    return JSON.parse(String(run.stdout)) as HistoryRun;
  });
}

export const historySuite: Suite = {
  name: 'history',
  summary: 'prompt-coach report over 1,000 commits touching 200 prompt files, against git reading the same history',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const watch = new CpuWatch();
    const options = repoOptions(context.args);
    const profile = context.args.includes('--profile');
    const buildNote = ensureBuilt(context, !context.args.includes('--no-build'));

    context.log(`building the synthetic repository (${options.commits} commits, ${options.files} prompt files, seed ${options.seed})`);
    const repo = await buildHistoryRepo(options);
    try {
      const blobs = promptBlobs(git(LOG_ARGS, repo.dir));
      const blobList = `${blobs.join('\n')}\n`;
      const keys = ['log', 'cat', 'cli', 'start', 'cold', 'warm', 'gitIn', 'alerts'] as const;
      const wall = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<(typeof keys)[number], number[]>;
      const cpu = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<(typeof keys)[number], number[]>;
      let runInfo: HistoryRun | undefined;
      let reportBytes = 0;
      let catBytes = 0;
      const checks: string[] = [];
      const floor = 'git read floor (log + cat-file)';
      for (let run = 1; run <= context.runs; run++) {
        context.log(`run ${run}/${context.runs}: git log, git cat-file, CLI start-up, CLI report, in-process report`);
        const log = await timeProcess('git', LOG_ARGS, { cwd: repo.dir });
        const cat = await timeProcess('git', [...GIT_SAFE, 'cat-file', '--batch'], { cwd: repo.dir, input: blobList });
        if (log.code !== 0 || cat.code !== 0) throw new Error(`Unexpected git failure, expected the anchors to run: ${log.stderr}${cat.stderr}`);
        catBytes = cat.stdoutBytes;
        const start = await timeProcess(process.execPath, [CLI, '--version'], { cwd: repo.dir });
        const cli = await timeProcess(process.execPath, [CLI, 'report', '--format', 'json'], { cwd: repo.dir, keepStdout: run === 1 });
        if (cli.code !== 0) throw new Error(`Unexpected exit ${cli.code} from prompt-coach report, expected 0: ${cli.stderr.trim()}`);
        reportBytes = cli.stdoutBytes;
        const inner = await inProcess(repo.dir);
        runInfo ??= inner;
        if (cli.stdout) {
          // The figures are only worth something if the report is whole: one snapshot per commit.
          const report = JSON.parse(cli.stdout.toString('utf8')) as { snapshots: unknown[]; analysedVersions: number };
          if (report.snapshots.length !== inner.snapshots) checks.push(`CLI has ${report.snapshots.length} snapshots, in-process ${inner.snapshots}`);
          if (report.snapshots.length !== repo.commits) checks.push(`${report.snapshots.length} snapshots for ${repo.commits} commits that all touch prompt files`);
          if (report.analysedVersions !== inner.analysed) checks.push(`CLI analysed ${report.analysedVersions} versions, in-process ${inner.analysed}`);
        }
        const record = (key: (typeof keys)[number], ms: number, cpuMs?: number) => {
          wall[key].push(ms);
          if (cpuMs !== undefined) cpu[key].push(cpuMs);
        };
        record('log', log.ms, log.cpuMs);
        record('cat', cat.ms, cat.cpuMs);
        record('start', start.ms, start.cpuMs);
        record('cli', cli.ms, cli.cpuMs);
        record('cold', inner.coldMs, inner.coldCpuMs);
        record('warm', inner.warmMs, inner.warmCpuMs);
        record('gitIn', inner.gitLogMs + inner.gitBlobsMs);
        record('alerts', inner.alertsMs);
      }
      const info = runInfo as HistoryRun;
      const minus = (a: number[], b: number[]) => a.map((x, i) => x - (b[i] as number));
      const plus = (a: number[], b: number[]) => a.map((x, i) => x + (b[i] as number));
      const measurements: Measurement[] = [
        { name: 'git log --raw (the replay’s own arguments)', role: 'anchor', samples: wall.log, cpu: cpu.log },
        { name: `git cat-file --batch (${blobs.length} blobs)`, role: 'anchor', samples: wall.cat, cpu: cpu.cat },
        { name: floor, role: 'anchor', samples: plus(wall.log, wall.cat), cpu: plus(cpu.log, cpu.cat) },
        { name: 'prompt-coach report --format json (CLI, wall)', role: 'product', samples: wall.cli, cpu: cpu.cli, ratioTo: floor },
        { name: 'buildQualityReport in one thread, cold', role: 'detail', samples: wall.cold, cpu: cpu.cold, ratioTo: floor },
        { name: 'CLI start-up (prompt-coach --version)', role: 'detail', samples: wall.start, cpu: cpu.start, ratioTo: floor },
        { name: 'buildQualityReport again, warm cache (no analysis)', role: 'detail', samples: wall.warm, cpu: cpu.warm, ratioTo: floor },
        { name: 'analysis of every version (cold − warm)', role: 'detail', samples: minus(wall.cold, wall.warm), cpu: minus(cpu.cold, cpu.warm), ratioTo: floor },
        { name: 'git reads in-process (readCommits + readBlobs)', role: 'detail', samples: wall.gitIn, ratioTo: floor },
        { name: 'findAlerts over all snapshots', role: 'detail', samples: wall.alerts, ratioTo: floor },
      ];
      const analysisMs = median(minus(wall.cold, wall.warm));
      const notes = [
        `Per analysed version: ${formatMs(analysisMs / Math.max(1, info.analysed))} (${info.analysed} versions, ${(info.blobBytes / 1024 / 1024).toFixed(1)} MB, ` +
          `${((info.blobBytes / 1024 / 1024) / (analysisMs / 1000)).toFixed(2)} MB/s); in-process peak RSS ${info.maxRssMb} MB.`,
        `Machine: ${watch.describe()}.`,
        `Build: ${buildNote}.`,
      ];
      if (checks.length) notes.push(`Unexpected report contents: ${checks.join('; ')}.`);
      if (profile) notes.push(...(await profileNotes(repo.dir, info, context)));
      return {
        suite: 'history',
        facts: [
          ['repository', `${options.keep ? repo.dir : '(temporary)'}, seed ${options.seed}, HEAD ${repo.head.slice(0, 12)}, built in ${formatMs(repo.buildMs)}${repo.reused ? ' (reused)' : ''}`],
          ['commits', `${repo.commits} by ${repo.authors} authors over a year; after the first (an import), each changes 1–5 prompt files`],
          ['prompt files', `${options.files} paths (${repo.changes.added} added, ${repo.changes.deleted} deleted on the way), ${repo.filesAtHead} at HEAD (${(repo.bytesAtHead / 1024).toFixed(0)} KB)`],
          ['prompt file changes', `${repo.changes.added + repo.changes.edited + repo.changes.deleted} (${repo.changes.edited} edits), ${((repo.changes.added + repo.changes.edited + repo.changes.deleted) / repo.commits).toFixed(1)} a commit`],
          ['distinct blobs', `${blobs.length} (${(catBytes / 1024 / 1024).toFixed(1)} MB through cat-file); ${info.analysed} versions analysed`],
          ['report', `${info.snapshots} snapshots, ${info.alerts} alerts, score ${info.score} at HEAD, JSON ${(reportBytes / 1024 / 1024).toFixed(1)} MB`],
          ['tools', `${git(['--version'], repo.dir).trim()}, node ${process.version}, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`],
        ],
        measurements,
        checks: [{ name: `report under ${TARGET_MS / 1000} s (issue #6)`, measurement: 'prompt-coach report --format json (CLI, wall)', limitMs: TARGET_MS }],
        notes,
      };
    } finally {
      repo.cleanup();
    }
  },
};

/** One profiled cold run: where the time goes, by phase, by rule, and by function. */
async function profileNotes(repo: string, info: HistoryRun, context: SuiteContext): Promise<string[]> {
  const file = path.join(os.tmpdir(), 'prompt-coach-bench-history.cpuprofile');
  context.log(`profiling one cold in-process run (${file})`);
  const run = await inProcess(repo, ['--profile', file]);
  const summary = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, ROOT);
  const share = (ms: number) => `${((100 * ms) / summary.totalMs).toFixed(1)} %`;
  const rows = (list: [string, number][], n: number) => list.slice(0, n).map(([k, ms]) => `| ${k} | ${formatMs(ms)} | ${share(ms)} |`);
  return [
    '',
    `### Profile of one cold run (${formatMs(summary.totalMs)} under the profiler, ${formatMs(run.coldMs)} measured; ${info.analysed} versions, ${info.snapshots} snapshots)`,
    '',
    'Samples go to the phase their call stack shows; idle is the process waiting (on git).',
    '',
    '| phase | time | share |',
    '| --- | ---: | ---: |',
    ...rows(summary.phases, 20),
    '',
    '| rule (inside analysis) | time | share |',
    '| --- | ---: | ---: |',
    ...rows(summary.rules, 12),
    '',
    '| function (self time) | time | share |',
    '| --- | ---: | ---: |',
    ...rows(summary.top, 15),
    '',
    `Profile written to ${file} (open it in Chrome DevTools, Performance panel).`,
  ];
}
