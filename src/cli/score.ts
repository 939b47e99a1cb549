/**
 * `prompt-coach score`: every file's 0–100 score (overall and per category) and the workspace's
 * summary by kind and folder, from the same analysis `lint` runs. The model is in src/core/score.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, kindOf } from '../core/analyze';
import { ConfigResolver } from '../core/config/load';
import { RULES } from '../core/rules';
import { scoreFile, scoringModel, summarize, type FileScore, type GroupScore, type WorkspaceScore } from '../core/score';
import { CATEGORIES, type Category } from '../core/types';
import { collectFiles } from '../node/files';
import { mapLimit } from './concurrency';
import type { CliEnv, CommandResult } from './io';
import { DEFAULT_MAX_FILE_SIZE, readTextFile } from './lint';

export type ScoreFormat = 'table' | 'json';

export interface ScoreOptions {
  paths: string[];
  format: ScoreFormat;
  config?: string;
  allFiles: boolean;
}

export interface ScoreReport {
  workspace: WorkspaceScore;
  files: FileScore[];
  /** Files not scored (too large, binary, unreadable), with why. */
  skipped: { path: string; reason: string }[];
}

export async function runScore(options: ScoreOptions, env: CliEnv): Promise<CommandResult> {
  const configFile = options.config === undefined ? undefined : path.resolve(env.cwd, options.config);
  if (configFile !== undefined && !fs.existsSync(configFile)) {
    return { exitCode: 2, output: '', stderr: `prompt-coach: cannot read config file '${options.config}': no such file\n` };
  }
  const resolver = new ConfigResolver({ host: env.host, rootDir: env.cwd, ...(configFile ? { configFile } : {}), trusted: true });
  const { files, missing } = collectFiles(options.paths, { cwd: env.cwd, configs: resolver, allFiles: options.allFiles });
  if (missing.length) return { exitCode: 2, output: '', stderr: missing.map((m) => `prompt-coach: no such file or folder: '${m}'\n`).join('') };

  const skipped: ScoreReport['skipped'] = [];
  /** Each scored file's first folder under its config's root: teams think in their own layout. */
  const folders = new Map<string, string>();
  const scored = await mapLimit(files, 8, async (file): Promise<FileScore | undefined> => {
    const config = resolver.forFile(file);
    const text = readTextFile(file, DEFAULT_MAX_FILE_SIZE);
    if (typeof text !== 'string') {
      skipped.push({ path: rel(env.cwd, file), reason: text.reason });
      return undefined;
    }
    const categories = new Map<string, Category>([...RULES, ...config.customRules].map((r) => [r.meta.id, r.meta.category]));
    const { document, findings } = await analyze({ path: file, text }, config, env.host);
    folders.set(rel(env.cwd, file), firstFolder(rel(config.root, file)));
    return scoreFile(
      { path: rel(env.cwd, file), kind: document.kind ?? kindOf(file, config), tokens: document.tokens, findings },
      (id) => categories.get(id),
      scoringModel(config.scoring),
    );
  });
  const fileScores = scored.filter((s): s is FileScore => s !== undefined);
  const report: ScoreReport = { workspace: summarize(fileScores, (p) => folders.get(p) ?? '.'), files: fileScores, skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : 1)) };

  const problems = resolver.problems().filter((p) => p.severity === 'error');
  const stderr =
    (problems.length ? `prompt-coach: the config has errors (run 'prompt-coach lint' to see them); scores use the last good settings\n` : '') +
    (files.length === 0 ? `prompt-coach: no prompt or context files found in ${options.paths.length ? options.paths.join(', ') : '.'}\n` : '');
  const output = options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : table(report);
  return { exitCode: problems.length ? 2 : 0, output, stderr };
}

function rel(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

function firstFolder(relPath: string): string {
  if (relPath.startsWith('../')) return '..';
  const slash = relPath.indexOf('/');
  return slash < 0 ? '.' : relPath.slice(0, slash);
}

const SHORT: Record<Category, string> = { direction: 'DIR', context: 'CTX', safety: 'SAFE', format: 'FMT' };

function table(report: ScoreReport): string {
  const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  const rows = [...report.files]
    .sort((a, b) => a.score - b.score || (a.path < b.path ? -1 : 1))
    .map((f) => [num(f.score), ...CATEGORIES.map((c) => num(f.categories[c])), `${f.counts.error}/${f.counts.warning}/${f.counts.info}`, f.kind ?? '-', f.path]);
  const lines = align([['SCORE', ...CATEGORIES.map((c) => SHORT[c]), 'E/W/I', 'KIND', 'FILE'], ...rows]);
  const w = report.workspace;
  const groupLine = (name: string, g: GroupScore) =>
    [name, String(g.files), num(g.mean), num(g.median), `${g.distribution.good}/${g.distribution.fair}/${g.distribution.poor}/${g.distribution.bad}`];
  const summary = align([
    ['GROUP', 'FILES', 'MEAN', 'MEDIAN', '90+/70+/50+/<50'],
    groupLine('workspace', w),
    ...Object.entries(w.byKind).map(([k, g]) => groupLine(`kind ${k}`, g)),
    ...Object.entries(w.byFolder).map(([k, g]) => groupLine(`folder ${k}`, g)),
  ]);
  const skipped = report.skipped.map((s) => `skipped ${s.path}: ${s.reason}\n`).join('');
  return `${lines}\n\n${summary}\n${skipped}\nWorkspace score ${num(w.mean)} (mean of ${w.files} file${w.files === 1 ? '' : 's'}). By category: ${CATEGORIES.map((c) => `${c} ${num(w.categories[c])}`).join(', ')}.\n`;
}

function align(rows: string[][]): string {
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ').trimEnd()).join('\n');
}
