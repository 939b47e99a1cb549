/**
 * Machine-readable report. The shape is part of the CLI's contract; change it only with a
 * CHANGELOG entry:
 *
 *   [
 *     {
 *       "path": "prompts/review.prompt.md",          // relative to the cwd, `/`-separated
 *       "findings": [
 *         {
 *           "ruleId": "unresolved-placeholder",
 *           "severity": "error",                      // "error" | "warning" | "info"
 *           "message": "…",
 *           "line": 3, "column": 1,                   // 1-based, UTF-16 code units
 *           "endLine": 3, "endColumn": 15,            // 1-based, end column exclusive
 *           "fixable": true,
 *           "standard": { "id": "DIR-6", "text": "…" } // only when a clause of the team's standard cites the rule
 *         }
 *       ]
 *     }
 *   ]
 *
 * Every linted file is listed, clean ones with `"findings": []`; files and findings are sorted.
 */
import { isFixable, oneBased, sortResults } from './common';
import type { Formatter } from './types';
import type { Severity } from '../types';

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
  /** The clause of the team's standard that cites the finding's rule. */
  standard?: { id: string; text: string };
}

export interface JsonFileReport {
  path: string;
  findings: JsonFinding[];
}

export const json: Formatter = (results, ctx) => {
  const report: JsonFileReport[] = sortResults(results, ctx.cwd).map(({ rel, findings }) => ({
    path: rel,
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      ...oneBased(f),
      fixable: isFixable(f),
      ...(f.standard ? { standard: { id: f.standard.id, text: f.standard.text } } : {}),
    })),
  }));
  return JSON.stringify(report, null, 2) + '\n';
};
