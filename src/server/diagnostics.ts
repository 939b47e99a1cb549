/** Findings (core) → LSP diagnostics, and the counts the status bar and code lens show. */
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node';
import { citationText } from '../core/coaching';
import type { ConfigProblem } from '../core/config/types';
import { CONFIG_ERROR, UNUSED_SUPPRESSION, type Finding, type Severity } from '../core/types';
import { DIAGNOSTIC_SOURCE, ruleDocsUri, type DiagnosticData } from './protocol';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(finding: Pick<Finding, 'ruleId' | 'severity' | 'message' | 'range' | 'fixes' | 'standard'>): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, fixes: finding.fixes ?? [] };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUri(finding.ruleId) },
    message: finding.standard ? withCitation(finding.message, citationText(finding.standard)) : finding.message,
    data,
  };
  if (finding.ruleId === UNUSED_SUPPRESSION) diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

/**
 * The message with the clause as its second line: the squiggle's hover and the Problems panel show
 * every line, and the rule's one-line message stays first, so the list reads as before. A `learn`
 * finding's "Why: …" follows the clause: the team's words first, the tool's after.
 */
export function withCitation(message: string, citation: string): string {
  const newline = message.indexOf('\n');
  return newline < 0 ? `${message}\n${citation}` : `${message.slice(0, newline)}\n${citation}${message.slice(newline)}`;
}

export function configProblemDiagnostic(problem: ConfigProblem): Diagnostic {
  return toDiagnostic({ ruleId: CONFIG_ERROR, severity: problem.severity, message: problem.message, range: problem.range });
}

/** `diagnostic.data` as this server wrote it, or undefined for anyone else's diagnostic. */
export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data && typeof data.ruleId === 'string') return { ruleId: data.ruleId, fixes: Array.isArray(data.fixes) ? data.fixes : [] };
  return typeof diagnostic.code === 'string' ? { ruleId: diagnostic.code, fixes: [] } : undefined;
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.severity === 'error') counts.errors++;
    else if (f.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}
