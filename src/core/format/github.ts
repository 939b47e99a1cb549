/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
 *
 *   ::error file=prompts/a.prompt.md,line=3,col=1,endLine=3,endColumn=15,title=unresolved-placeholder::Unexpected …
 *
 * `info` findings are notices; a finding whose rule a clause of the team's standard cites gets a
 * second line, "Team standard DIR-2: …". Escaping follows the runner: `%`, CR and LF in the
 * message; additionally `:` and `,` in property values.
 */
import { citationText } from '../coaching';
import { oneBased, sortResults } from './common';
import type { Formatter } from './types';
import type { Severity } from '../types';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const github: Formatter = (results, ctx) => {
  let out = '';
  for (const { rel, findings } of sortResults(results, ctx.cwd)) {
    for (const f of findings) {
      const p = oneBased(f);
      const props = [
        `file=${escapeProperty(rel)}`,
        `line=${p.line}`,
        `col=${p.column}`,
        `endLine=${p.endLine}`,
        `endColumn=${p.endColumn}`,
        `title=${escapeProperty(f.ruleId)}`,
      ].join(',');
      // On a line of its own: the annotation keeps line breaks, and the reviewer reads the team's words.
      const message = f.standard ? `${f.message}\n${citationText(f.standard)}` : f.message;
      out += `::${COMMAND[f.severity]} ${props}::${escapeData(message)}\n`;
    }
  }
  return out;
};
