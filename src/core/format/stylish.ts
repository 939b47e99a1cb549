/**
 * Human-readable report in the shape ESLint users know:
 *
 *   prompts/review.prompt.md
 *     3:1   error    Unexpected leftover placeholder '[INSERT name]', … (DIR-6)  unresolved-placeholder
 *
 *   Team standard DIR-6: A prompt is finished before it runs: no leftover placeholders, …
 *
 *   ✖ 1 problem (1 error, 0 warnings, 0 infos)
 *     1 fixable with --fix
 *
 * A finding whose rule a clause of the team's standard cites ends with the clause's id; each
 * clause cited is then written out once, in the order first cited, so a run with many findings of
 * a few clauses stays short and the operator still reads the team's words.
 *
 * Nothing at all when there is nothing to report.
 */
import { citationText } from '../coaching';
import type { StandardCitation } from '../config/types';
import { countFindings, oneBased, plural, sortResults } from './common';
import type { Formatter } from './types';
import type { Severity } from '../types';

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
} as const;

export const stylish: Formatter = (results, ctx) => {
  const paint = (codes: string, s: string) => (ctx.color ? `${codes}${s}${ANSI.reset}` : s);
  const severityColour: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue };
  const sorted = sortResults(results, ctx.cwd).filter((r) => r.findings.length > 0);
  if (sorted.length === 0) return '';

  let out = '';
  const cited = new Map<string, StandardCitation>();
  for (const { rel, findings } of sorted) {
    const rows = findings.map((f) => {
      const p = oneBased(f);
      let message = f.message.replace(/\r?\n|\r/g, ' ');
      if (f.standard) {
        message += ` (${f.standard.id})`;
        // Nested configs may word a clause differently: each wording is written out.
        const key = `${f.standard.id}\0${f.standard.text}`;
        if (!cited.has(key)) cited.set(key, f.standard);
      }
      return { pos: `${p.line}:${p.column}`, severity: f.severity, message, ruleId: f.ruleId };
    });
    const w = {
      pos: Math.max(...rows.map((r) => r.pos.length)),
      severity: Math.max(...rows.map((r) => r.severity.length)),
      message: Math.max(...rows.map((r) => r.message.length)),
    };
    out += `\n${paint(ANSI.underline, rel)}\n`;
    for (const r of rows) {
      out +=
        `  ${paint(ANSI.dim, r.pos.padEnd(w.pos))}` +
        `  ${paint(severityColour[r.severity], r.severity.padEnd(w.severity))}` +
        `  ${r.message.padEnd(w.message)}` +
        `  ${paint(ANSI.dim, r.ruleId)}\n`;
    }
  }

  if (cited.size) out += '\n' + [...cited.values()].map((c) => `${citationText(c).replace(/\r?\n|\r/g, ' ')}\n`).join('');

  const c = countFindings(sorted.flatMap((r) => r.findings));
  const total = c.errors + c.warnings + c.infos;
  const summary = `✖ ${plural(total, 'problem')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${plural(c.infos, 'info')})`;
  const summaryColour = c.errors ? ANSI.red : c.warnings ? ANSI.yellow : ANSI.blue;
  out += `\n${paint(ANSI.bold + summaryColour, summary)}\n`;
  if (c.fixable) out += `  ${paint(summaryColour, `${c.fixable} fixable with --fix`)}\n`;
  return out + '\n';
};
