/** Helpers every formatter shares: relative paths, stable order, counts. */
import * as path from 'node:path';
import { compareRanges } from '../text';
import type { Finding, RuleMeta, Severity } from '../types';
import { ENGINE_RULES } from './engine-rules';
import type { FormatContext, LintResult } from './types';

/** `abs` relative to `cwd`, `/`-separated; absolute (still `/`-separated) when on another drive. */
export function relativePath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return (rel === '' ? path.basename(abs) : rel).split(path.sep).join('/');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareRanges(a.range, b.range) ||
    compareStrings(a.ruleId, b.ruleId) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareStrings(a.message, b.message)
  );
}

export interface SortedResult {
  /** Relative, `/`-separated. */
  rel: string;
  result: LintResult;
  findings: Finding[];
}

/** Results ordered by relative path, findings by position; the input is not modified. */
export function sortResults(results: readonly LintResult[], cwd: string): SortedResult[] {
  return results
    .map((result) => ({ rel: relativePath(cwd, result.path), result, findings: [...result.findings].sort(compareFindings) }))
    .sort((a, b) => compareStrings(a.rel, b.rel) || compareStrings(a.result.path, b.result.path));
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
}

export function countFindings(findings: Iterable<Finding>): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0, fixable: 0 };
  for (const f of findings) {
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.infos++;
    if (isFixable(f)) c.fixable++;
  }
  return c;
}

export function isFixable(f: Finding): boolean {
  return (f.fixes?.[0]?.edits.length ?? 0) > 0;
}

/** The caller's rules first, then the engine's ids, each id once. */
export function allRuleMetas(ctx: Pick<FormatContext, 'rules'>): RuleMeta[] {
  const seen = new Set<string>();
  const out: RuleMeta[] = [];
  for (const meta of [...ctx.rules, ...ENGINE_RULES]) {
    if (seen.has(meta.id)) continue;
    seen.add(meta.id);
    out.push(meta);
  }
  return out;
}

/** 1-based line and column (UTF-16 code units); end column is exclusive, as in ESLint and SARIF. */
export function oneBased(f: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  return {
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
  };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
