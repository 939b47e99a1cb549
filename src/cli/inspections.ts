/**
 * `prompt-coach inspections verify` and `inspections list`: the CI side of the inspection
 * records in `.promptcoach/inspections/`. Exit codes as `lint`: 0 all good, 1 a required file
 * lacks an accepted inspection of its current content, 2 usage, config or git error.
 */
import * as path from 'node:path';
import { ConfigResolver } from '../core/config/load';
import { formatList, formatVerify, type ListFormat, type VerifyFormat } from '../core/inspection/format';
import { GitError, gitRoot } from '../node/inspection/git';
import { readRecords } from '../node/inspection/records';
import { verifyInspections } from '../node/inspection/verify';
import type { CliEnv, CommandResult } from './io';

export interface VerifyCommandOptions {
  format: VerifyFormat;
  /** Only files changed since this ref. */
  since?: string;
}

export async function runInspectionsVerify(options: VerifyCommandOptions, env: CliEnv): Promise<CommandResult> {
  const root = await gitRoot(env.cwd);
  if (!root) {
    return {
      exitCode: 2,
      output: '',
      stderr: `prompt-coach: ${env.cwd} is not in a git repository: inspection records and their verification live in git.\n`,
    };
  }
  const resolver = new ConfigResolver({ host: env.host, rootDir: root, trusted: true });
  let report;
  try {
    report = await verifyInspections({ root, config: (p) => resolver.forFile(p), ...(options.since === undefined ? {} : { since: options.since }) });
  } catch (error) {
    if (error instanceof GitError) return { exitCode: 2, output: '', stderr: `prompt-coach: git: ${error.message}\n` };
    throw error;
  }
  const configErrors = resolver.problems().filter((p) => p.severity === 'error');
  const output = formatVerify(report, options.format, { version: env.version });
  if (configErrors.length) {
    const stderr = configErrors
      .map((p) => `prompt-coach: ${display(env.cwd, p.path)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}\n`)
      .join('');
    return { exitCode: 2, output, stderr: `${stderr}prompt-coach: the config has errors, so which files need an inspection is not certain.\n` };
  }
  const failed = report.files.some((f) => f.status !== 'ok');
  return { exitCode: failed ? 1 : 0, output, stderr: '' };
}

export async function runInspectionsList(options: { format: ListFormat }, env: CliEnv): Promise<CommandResult> {
  const root = (await gitRoot(env.cwd)) ?? env.cwd;
  const { records, problems } = readRecords(root);
  const output = formatList(records, problems, options.format);
  // The json format carries the problems itself; the table leaves stdout to the records.
  const stderr =
    options.format === 'table' ? problems.map((p) => `prompt-coach: warning: ${display(env.cwd, path.join(root, p.file))}:${p.line}: ${p.message}\n`).join('') : '';
  return { exitCode: 0, output, stderr };
}

function display(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
}
