/** `prompt-coach rules`: the built-in rules as a table or as JSON with their full docs. */
import { RULES } from '../core/rules';
import type { RuleMeta } from '../core/types';
import { ok, type CommandResult } from './io';

export type RulesFormat = 'table' | 'json';

export interface RuleListing {
  id: string;
  category: RuleMeta['category'];
  defaultSeverity: RuleMeta['defaultSeverity'];
  kinds: readonly string[] | 'all';
  fixable: boolean;
  summary: string;
  docs: RuleMeta['docs'];
}

export function runRules(options: { format: RulesFormat }, rules: readonly RuleMeta[] = RULES.map((r) => r.meta)): CommandResult {
  if (options.format === 'json') {
    const listing: RuleListing[] = rules.map((m) => ({
      id: m.id,
      category: m.category,
      defaultSeverity: m.defaultSeverity,
      kinds: m.kinds,
      fixable: m.fixable,
      summary: m.docs.summary,
      docs: m.docs,
    }));
    return ok(JSON.stringify(listing, null, 2) + '\n');
  }
  const precision = (m: RuleMeta) => (m.docs.precision ? (m.docs.precision.judged ? `${m.docs.precision.right}/${m.docs.precision.judged}` : '-') : '');
  const rows = rules.map((m) => [m.id, m.category, m.defaultSeverity, m.fixable ? 'yes' : '', precision(m), m.kinds === 'all' ? 'all' : m.kinds.join(','), m.docs.summary]);
  const header = ['RULE', 'CATEGORY', 'DEFAULT', 'FIXABLE', 'JUDGED', 'KINDS', 'SUMMARY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const body = [line(header), ...rows.map(line)].join('\n');
  const footer =
    `\n\n${rules.length} rule${rules.length === 1 ? '' : 's'}. JUDGED: findings judged right of those sampled on a real-world corpus ` +
    `('-': none there to judge). 'prompt-coach explain <rule>' shows why a rule matters and how to configure it.\n`;
  return ok(body + footer);
}
