/**
 * Coaching levels and the team standard's voice in findings.
 *
 * - `learn`: a rule that is off only because it is off by default runs as a hint (info), and each
 *   finding carries the why of its rule (the first paragraph of its rationale). For new operators.
 * - `standard`: the config as written.
 * - `strict`: warnings become errors. For teams whose prompts run unattended.
 *
 * A finding of a rule a clause of the team's standard cites carries that clause, so the editor and
 * the CLI say "Team standard DIR-2: …" next to the rule's own message.
 */
import type { CoachingLevel } from './config/schema';
import type { EffectiveConfig, StandardCitation } from './config/types';
import type { Finding, Rule, SeveritySetting } from './types';

export type { CoachingLevel };

/** The severity a rule runs at under a level. */
export function levelSeverity(setting: SeveritySetting, rule: Pick<Rule<unknown>, 'meta'>, level: CoachingLevel | undefined): SeveritySetting {
  if (level === 'learn' && setting === 'off' && rule.meta.defaultSeverity === 'off') return 'info';
  if (level === 'strict' && setting === 'warning') return 'error';
  return setting;
}

/** Rule id → the clause its findings cite: the last clause (the nearest config's) that names it. */
export function citations(config: Pick<EffectiveConfig, 'standard'>): Map<string, StandardCitation> {
  const byRule = new Map<string, StandardCitation>();
  for (const clause of config.standard?.clauses ?? []) for (const id of clause.rules) byRule.set(id, { id: clause.id, text: clause.text });
  return byRule;
}

/** `Team standard DIR-2: Every task prompt states how success is judged.` */
export function citationText(citation: StandardCitation): string {
  return `Team standard ${citation.id}: ${citation.text}`;
}

/** The first paragraph of a rule's rationale, as one line: the why a `learn` finding carries. */
export function whyOf(rule: Pick<Rule<unknown>, 'meta'>): string {
  const first = rule.meta.docs.rationale.split(/\n\s*\n/)[0] ?? '';
  return first.replace(/\s+/g, ' ').trim();
}

/** Adds the clause a finding's rule is cited by, and at `learn` the rule's why, to each finding. */
export function coachFindings(findings: Finding[], config: Pick<EffectiveConfig, 'standard'>, rules: ReadonlyMap<string, Pick<Rule<unknown>, 'meta'>>, level: CoachingLevel | undefined): Finding[] {
  const cited = citations(config);
  if (!cited.size && level !== 'learn') return findings;
  return findings.map((f) => {
    const citation = cited.get(f.ruleId);
    const rule = rules.get(f.ruleId);
    const why = level === 'learn' && rule ? whyOf(rule) : '';
    if (!citation && !why) return f;
    return { ...f, ...(citation ? { standard: citation } : {}), ...(why ? { message: `${f.message}\nWhy: ${why}` } : {}) };
  });
}
