/** `prompt-coach pack check [DIR]`: the pack's problems, one a line as `file:line:col`, and a summary. */
import * as path from 'node:path';
import { relativePath } from '../core/format';
import { plural } from '../core/format/common';
import { checkPack, NotAPackError, PACK_FILE_NAME, type PackCheck, type PackProblem } from '../node/pack-check';
import { usageError, type CliEnv, type CommandResult } from './io';

export const PACK_CHECK_FORMATS = ['text', 'json'] as const;
export type PackCheckFormat = (typeof PACK_CHECK_FORMATS)[number];

export interface PackCheckOptions {
  /** The pack's folder, relative to the cwd. */
  dir: string;
  format: PackCheckFormat;
}

export async function runPackCheck(options: PackCheckOptions, env: CliEnv): Promise<CommandResult> {
  let check: PackCheck;
  try {
    check = await checkPack(path.resolve(env.cwd, options.dir), env.host);
  } catch (error) {
    if (!(error instanceof NotAPackError)) throw error;
    const messages: Record<NotAPackError['reason'], string> = {
      'no-folder': `no such folder: '${options.dir}'`,
      'no-manifest': `no ${PACK_FILE_NAME} in '${options.dir}', expected a pack's manifest there (name, version, description, and the config it shares)`,
      unreadable: `cannot read ${path.join(options.dir, PACK_FILE_NAME)}`,
    };
    return usageError(messages[error.reason]);
  }
  const errors = check.problems.filter((p) => p.severity === 'error').length;
  const output = options.format === 'json' ? packCheckJson(check, env.cwd) : packCheckText(check, env.cwd);
  return { exitCode: errors ? 1 : 0, output, stderr: '' };
}

/** `1:1`-based `line:col`, as editors and terminals link it. */
function location(p: PackProblem, cwd: string): string {
  return `${relativePath(cwd, p.path)}:${p.range.start.line + 1}:${p.range.start.character + 1}`;
}

/**
 *   packs/acme/promptcoach-pack.json:4:3    error    Missing key 'version', expected a string
 *   packs/acme/templates/bug.prompt.md:9:1  warning  Unexpected vague word 'some' … (vague-language in …)
 *
 *   ✖ 2 problems (1 error, 1 warning) in @acme/prompt-standard
 */
export function packCheckText(check: PackCheck, cwd: string): string {
  const label = check.pack ? `${check.pack.name} ${check.pack.version}` : relativePath(cwd, check.dir);
  if (!check.problems.length) {
    const c = check.counts;
    const parts = [plural(c.clauses, 'clause'), plural(c.templates, 'template'), plural(c.customRules, 'custom rule'), plural(c.checklists, 'checklist')];
    return `✔ ${label} is ready to publish: ${parts.join(', ')}.\n`;
  }
  const rows = check.problems.map((p) => ({ at: location(p, cwd), severity: p.severity, message: p.message.replace(/\r?\n|\r/g, ' ') }));
  const w = { at: Math.max(...rows.map((r) => r.at.length)), severity: Math.max(...rows.map((r) => r.severity.length)) };
  let out = '';
  for (const r of rows) out += `${r.at.padEnd(w.at)}  ${r.severity.padEnd(w.severity)}  ${r.message}\n`;
  const errors = rows.filter((r) => r.severity === 'error').length;
  const warnings = rows.length - errors;
  out += `\n✖ ${plural(rows.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${label}\n`;
  if (!errors) out += '  Warnings only: the pack can be published, but read them first.\n';
  return out;
}

/**
 * The machine-readable report:
 *
 *   { "pack": { "name", "version", "description" } | null, "manifest": "packs/acme/promptcoach-pack.json",
 *     "errors": 1, "warnings": 0, "counts": { "clauses", "templates", "customRules", "checklists" },
 *     "problems": [{ "path", "line", "column", "endLine", "endColumn", "severity", "message" }] }
 *
 * Paths relative to the cwd, `/`-separated; positions 1-based, end column exclusive.
 */
export function packCheckJson(check: PackCheck, cwd: string): string {
  const errors = check.problems.filter((p) => p.severity === 'error').length;
  const report = {
    pack: check.pack ?? null,
    manifest: relativePath(cwd, check.manifest),
    errors,
    warnings: check.problems.length - errors,
    counts: check.counts,
    problems: check.problems.map((p) => ({
      path: relativePath(cwd, p.path),
      line: p.range.start.line + 1,
      column: p.range.start.character + 1,
      endLine: p.range.end.line + 1,
      endColumn: p.range.end.character + 1,
      severity: p.severity,
      message: p.message,
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
