/**
 * `prompt-coach lint`: collect files, analyze them (in worker processes when there are many, see
 * src/node/lint-pool.ts; from the cache when nothing they depend on changed, see
 * src/node/lint-cache.ts), optionally fix them, and report in sorted order. Config problems are
 * findings in the config file and exit code 2.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigResolver, dedupeProblems } from '../core/config/load';
import type { ConfigProblem } from '../core/config/types';
import { FORMATTERS, type FormatName, type LintResult } from '../core/format';
import { RULES } from '../core/rules';
import { CONFIG_ERROR, type Finding, type RuleMeta } from '../core/types';
import { mapLimit } from './concurrency';
import { collectFiles, type ConfigSource } from '../node/files';
import { cacheFile, ConfigKeys, LintCache } from '../node/lint-cache';
import { lintFile, readTextFile, skipped, type FileLintOptions, type FileOutcome } from '../node/lint-file';
import { defaultWorkers, lintInPool, poolPays, withSizes, workerScript, type PoolMinimum } from '../node/lint-pool';
import type { CliEnv, CommandResult, ExitCode } from './io';

export { DEFAULT_MAX_FILE_SIZE, MAX_FIX_PASSES, readTextFile } from '../node/lint-file';

export interface LintOptions {
  /** Files and folders, relative to the cwd; none means the cwd. */
  paths: string[];
  format: FormatName;
  fix: boolean;
  /** Exit 1 when warnings exceed this; undefined means no limit. */
  maxWarnings?: number;
  /** A config file to use instead of the nearest `.promptcoach.json`. */
  config?: string;
  quiet: boolean;
  /** Write the report here (relative to the cwd) instead of returning it as output. */
  output?: string;
  allFiles: boolean;
  maxFileSize: number;
  noColor: boolean;
  /** Files analyzed at once in this thread. */
  concurrency?: number;
  /**
   * Workers that analyze; 1 analyzes in this thread. Default: one per core. Workers read the
   * disk through a host of their own, not `env.host`.
   */
  workers?: number;
  /** Use and update the cache (`--cache`). */
  cache?: boolean;
  /** The cache file, or a folder for it (`--cache-location`, relative to the cwd). */
  cacheLocation?: string;
  /** The time rules see as now (milliseconds since the epoch); default: the clock. For tests. */
  now?: number;
  /** Lint in workers from this many files and bytes on; default `MIN_POOL_FILES`, `MIN_POOL_BYTES`. For tests and benchmarks. */
  poolMinimum?: PoolMinimum;
}

/** The config resolver's surface the CLI uses; `ConfigResolver` from the config loader provides it. */
export interface Configs extends ConfigSource {
  problems(): ConfigProblem[];
}

/** How a run went, for tests and benchmarks: nothing here changes the report. */
export interface LintStats {
  files: number;
  /** Files whose text was analyzed in this run. */
  analyzed: number;
  /** Files whose findings came from the cache. */
  cached: number;
  /** Worker processes used; 0 when every file was analyzed in this thread. */
  workers: number;
}

export interface LintCommandResult extends CommandResult {
  stats?: LintStats;
}

export async function runLint(options: LintOptions, env: CliEnv, configs?: Configs): Promise<LintCommandResult> {
  const configFile = options.config === undefined ? undefined : path.resolve(env.cwd, options.config);
  if (configFile !== undefined && !fs.existsSync(configFile)) {
    return { exitCode: 2, output: '', stderr: `prompt-coach: cannot read config file '${options.config}': no such file\n` };
  }
  const resolver: Configs =
    configs ?? new ConfigResolver({ host: env.host, rootDir: env.cwd, ...(configFile ? { configFile } : {}), trusted: true });

  const { files, missing } = collectFiles(options.paths, { cwd: env.cwd, configs: resolver, allFiles: options.allFiles });
  if (missing.length) {
    return {
      exitCode: 2,
      output: '',
      stderr: missing.map((m) => `prompt-coach: no such file or folder: '${m}'\n`).join(''),
    };
  }

  const metas = new Map<string, RuleMeta>(RULES.map((r) => [r.meta.id, r.meta]));
  for (const file of files) {
    for (const custom of resolver.forFile(file).customRules) if (!metas.has(custom.meta.id)) metas.set(custom.meta.id, custom.meta);
  }

  const now = options.now ?? Date.now();
  const cache = options.cache
    ? LintCache.load(
        cacheFile(env.cwd, options.cacheLocation),
        { version: env.version, options: { maxFileSize: options.maxFileSize, allFiles: options.allFiles, config: configFile ?? null } },
        env.host,
      )
    : undefined;
  const configKeys = new ConfigKeys(env.host);
  const results: LintResult[] = new Array(files.length);
  const stats: LintStats = { files: files.length, analyzed: 0, cached: 0, workers: 0 };

  // From the cache: files whose text, config and dependencies are as when their findings were stored.
  let pending = files;
  if (cache) {
    pending = [];
    files.forEach((file, i) => {
      const read = readTextFile(file, options.maxFileSize);
      if (typeof read !== 'string') {
        cache.forget(file);
        results[i] = { path: file, findings: [skipped(file, read.reason)] };
        return;
      }
      const hit = cache.lookup(file, read, configKeys.keyOf(resolver.forFile(file)), now, options.fix);
      if (hit) {
        results[i] = { path: file, findings: hit };
        stats.cached++;
      } else pending.push(file);
    });
  }

  const fileOptions: FileLintOptions = { maxFileSize: options.maxFileSize, fix: options.fix, now, ...(cache ? { record: cache.own } : {}) };
  const outcomes = await analyzeFiles(pending, fileOptions, resolver, env, configFile, options, stats);
  const index = new Map(files.map((f, i) => [f, i]));
  for (const outcome of outcomes) {
    const { analysed, record, ...result } = outcome;
    results[index.get(outcome.path) as number] = result;
    if (analysed) stats.analyzed++;
    if (!cache) continue;
    if (record) cache.store(outcome.path, configKeys.keyOf(resolver.forFile(outcome.path)), record, outcome.findings);
    else cache.forget(outcome.path);
  }
  const cacheError = cache?.save(new Set(files));

  // Problems are known only after every file's config was resolved.
  const problems = dedupeProblems(resolver.problems());
  for (const p of problems) {
    const finding: Finding = { ruleId: CONFIG_ERROR, severity: p.severity, message: p.message, range: p.range, path: p.path };
    const existing = results.find((r) => r.path === p.path);
    if (existing) existing.findings.push(finding);
    else results.push({ path: p.path, findings: [finding] });
  }

  const reported = options.quiet
    ? results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') }))
    : results;

  const exitCode = exitCodeFor(reported, problems, options.maxWarnings);
  const report = FORMATTERS[options.format](reported, {
    cwd: env.cwd,
    rules: [...metas.values()],
    version: env.version,
    color: env.color && !options.noColor && options.output === undefined,
  });

  let stderr = '';
  if (cache && cacheError !== undefined) stderr += `prompt-coach: cannot write the cache to '${path.relative(env.cwd, cache.file) || cache.file}': ${cacheError}\n`;
  if (files.length === 0 && problems.length === 0) {
    stderr += `prompt-coach: no prompt or context files found in ${options.paths.length ? options.paths.join(', ') : '.'}${options.allFiles ? '' : ' (--all-files also checks every .md, .txt, … file)'}\n`;
  }
  if (options.maxWarnings !== undefined && exitCode === 1) {
    const warnings = countWarnings(reported);
    if (warnings > options.maxWarnings && !reported.some((r) => r.findings.some((f) => f.severity === 'error'))) {
      stderr += `prompt-coach: too many warnings (${warnings}); at most ${options.maxWarnings} allowed by --max-warnings.\n`;
    }
  }

  if (options.output !== undefined) {
    const out = path.resolve(env.cwd, options.output);
    try {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, report);
    } catch (error) {
      return { exitCode: 2, output: '', stderr: `${stderr}prompt-coach: cannot write report to '${options.output}': ${(error as Error).message}\n` };
    }
    return { exitCode, output: '', stderr, stats };
  }
  return { exitCode, output: report, stderr, stats };
}

/**
 * Lints files in worker processes when there are enough of them to pay for starting them,
 * else in this thread; the outcomes are in no particular order.
 */
async function analyzeFiles(
  files: readonly string[],
  fileOptions: FileLintOptions,
  resolver: Configs,
  env: CliEnv,
  configFile: string | undefined,
  options: LintOptions,
  stats: LintStats,
): Promise<FileOutcome[]> {
  const workers = options.workers ?? defaultWorkers();
  const script = workers > 1 ? workerScript() : undefined;
  const sized = workers > 1 ? withSizes(files) : [];
  if (poolPays(sized, workers, script, options.poolMinimum)) {
    const setup = { ...fileOptions, rootDir: env.cwd, trusted: true, ...(configFile !== undefined ? { configFile } : {}) };
    const pooled = await lintInPool(setup, sized, workers, script);
    stats.workers = pooled.workers;
    return pooled.outcomes;
  }
  return mapLimit(files, options.concurrency ?? 8, (file) => lintFile(file, resolver.forFile(file), env.host, fileOptions));
}

function countWarnings(results: readonly LintResult[]): number {
  return results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0);
}

export function exitCodeFor(results: readonly LintResult[], problems: readonly ConfigProblem[], maxWarnings: number | undefined): ExitCode {
  if (problems.some((p) => p.severity === 'error')) return 2;
  if (results.some((r) => r.findings.some((f) => f.severity === 'error'))) return 1;
  if (maxWarnings !== undefined && countWarnings(results) > maxWarnings) return 1;
  return 0;
}
