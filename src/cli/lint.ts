/**
 * `prompt-coach lint`: collect files, analyze them a few at a time, optionally fix them, and
 * report in sorted order. Config problems are findings in the config file and exit code 2.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analyze';
import { ConfigResolver, dedupeProblems } from '../core/config/load';
import type { ConfigProblem, EffectiveConfig } from '../core/config/types';
import { applyFixes } from '../core/fix';
import { FILE_SKIPPED, FORMATTERS, type FormatName, type LintResult } from '../core/format';
import { RULES } from '../core/rules';
import { CONFIG_ERROR, type Finding, type RuleMeta } from '../core/types';
import { mapLimit } from './concurrency';
import { collectFiles, type ConfigSource } from '../node/files';
import type { CliEnv, CommandResult, ExitCode } from './io';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
export const MAX_FIX_PASSES = 10;
const BINARY_SNIFF_BYTES = 8192;

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
  /** Files analyzed at once. */
  concurrency?: number;
}

/** The config resolver's surface the CLI uses; `ConfigResolver` from the config loader provides it. */
export interface Configs extends ConfigSource {
  problems(): ConfigProblem[];
}

export async function runLint(options: LintOptions, env: CliEnv, configs?: Configs): Promise<CommandResult> {
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
  const lintOne = async (file: string): Promise<LintResult> => {
    const config = resolver.forFile(file);
    for (const custom of config.customRules) if (!metas.has(custom.meta.id)) metas.set(custom.meta.id, custom.meta);
    const read = readTextFile(file, options.maxFileSize);
    if (typeof read !== 'string') return { path: file, findings: [skipped(file, read.reason)] };
    return lintText(file, read, config, options.fix, env);
  };
  const results = await mapLimit(files, options.concurrency ?? 8, lintOne);

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
    return { exitCode, output: '', stderr };
  }
  return { exitCode, output: report, stderr };
}

/** Analyzes one text; with `fix`, applies fixes and re-analyzes until nothing changes (at most 10 passes). */
async function lintText(file: string, original: string, config: EffectiveConfig, fix: boolean, env: CliEnv): Promise<LintResult> {
  let text = original;
  let { findings } = await analyze({ path: file, text }, config, env.host);
  if (fix) {
    for (let pass = 0; pass < MAX_FIX_PASSES && findings.some((f) => f.fixes?.length); pass++) {
      const fixed = applyFixes(text, findings);
      if (fixed.applied === 0 || fixed.text === text) break;
      text = fixed.text;
      ({ findings } = await analyze({ path: file, text }, config, env.host));
    }
    if (text !== original) {
      fs.writeFileSync(file, text);
      return { path: file, findings, fixedText: text };
    }
  }
  return { path: file, findings };
}

/** The file's text, or why it is not analyzed. */
export function readTextFile(file: string, maxBytes: number): string | { reason: string } {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    return { reason: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (size > maxBytes) return { reason: `it is ${size} bytes, over the ${maxBytes}-byte limit (raise it with --max-file-size)` };
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (error) {
    return { reason: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { reason: 'it looks binary (it has a NUL byte)' };
  return buffer.toString('utf8');
}

function skipped(file: string, reason: string): Finding {
  const at = { line: 0, character: 0 };
  return { ruleId: FILE_SKIPPED, severity: 'info', message: `File not checked: ${reason}.`, range: { start: at, end: at }, path: file };
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
