/** Finds a rule's metadata by id (built-in, the config's custom rules, engine ids) and renders its docs. */
import type { EffectiveConfig } from '../core/config/types';
import { ENGINE_RULES } from '../core/format/engine-rules';
import { ruleDocsMarkdown, type RuleOrigin } from '../core/format/docs';
import { RULES } from '../core/rules';
import type { RuleMeta } from '../core/types';
import type { RuleDocsResult, RuleSummary } from './protocol';

export interface FoundRule {
  meta: RuleMeta;
  origin: RuleOrigin;
}

export interface RuleLookup {
  find(ruleId: string, config?: Pick<EffectiveConfig, 'customRules'>): FoundRule | undefined;
}

export const ruleLookup: RuleLookup = {
  find(ruleId, config) {
    const builtIn = RULES.find((r) => r.meta.id === ruleId);
    if (builtIn) return { meta: builtIn.meta as RuleMeta, origin: 'built-in' };
    const custom = config?.customRules.find((r) => r.meta.id === ruleId);
    if (custom) return { meta: custom.meta as RuleMeta, origin: 'custom' };
    const engine = ENGINE_RULES.find((m) => m.id === ruleId);
    if (engine) return { meta: engine, origin: 'engine' };
    return undefined;
  },
};

/**
 * The `promptcoach/ruleDocs` answer: the first config that knows the rule wins. The clauses that
 * cite the rule in these configs (as its findings cite them) are listed after its summary, so the
 * page says what the team's standard asks before what the tool explains.
 */
export function ruleDocs(
  ruleId: string,
  configs: Iterable<Pick<EffectiveConfig, 'customRules' | 'standard' | 'packs'>>,
  sourceName: (source: string) => string = (source) => source,
): RuleDocsResult {
  const list = [...configs];
  let found = ruleLookup.find(ruleId);
  if (!found) {
    for (const config of list) {
      found = ruleLookup.find(ruleId, config);
      if (found) break;
    }
  }
  if (!found) {
    return {
      found: false,
      markdown: `# Unknown rule \`${ruleId}\`\n\nNo built-in rule, and no custom rule in the workspace's \`.promptcoach.json\`, has this id. Run \`prompt-coach rules\` for the list.\n`,
    };
  }
  const markdown = ruleDocsMarkdown(found.meta, { origin: found.origin });
  const cited = citingClauses(ruleId, list, sourceName);
  if (!cited.length) return { found: true, markdown };
  const section = `### In the team's standard\n\n${cited.map((c) => `- **${c.id}** — ${c.text} (${c.from})`).join('\n')}\n\n`;
  const at = markdown.indexOf('### Why it matters');
  return { found: true, markdown: at < 0 ? `${markdown}\n${section}` : markdown.slice(0, at) + section + markdown.slice(at) };
}

/** The clause each config's findings of the rule cite, once each, with where it is defined. */
export function citingClauses(
  ruleId: string,
  configs: readonly Pick<EffectiveConfig, 'standard' | 'packs'>[],
  sourceName: (source: string) => string,
): { id: string; text: string; from: string }[] {
  const out: { id: string; text: string; from: string }[] = [];
  for (const config of configs) {
    // The last clause naming the rule is the one its findings cite (`citations` in core).
    const clause = config.standard?.clauses.findLast((c) => c.rules.includes(ruleId));
    if (!clause || out.some((c) => c.id === clause.id && c.text === clause.text)) continue;
    const pack = config.packs?.find((p) => p.source === clause.source);
    out.push({ id: clause.id, text: clause.text, from: pack ? pack.name : sourceName(clause.source) });
  }
  return out;
}

/** Every rule: built-in, then the custom rules of the configs given (first definition wins), then engine ids. */
export function listRules(configs: Iterable<Pick<EffectiveConfig, 'customRules'>>): RuleSummary[] {
  const out: RuleSummary[] = [];
  const seen = new Set<string>();
  const add = (meta: RuleMeta, origin: RuleOrigin) => {
    if (seen.has(meta.id)) return;
    seen.add(meta.id);
    out.push({ id: meta.id, category: meta.category, defaultSeverity: meta.defaultSeverity, fixable: meta.fixable, summary: meta.docs.summary, origin });
  };
  for (const r of RULES) add(r.meta as RuleMeta, 'built-in');
  for (const config of configs) for (const r of config.customRules) add(r.meta as RuleMeta, 'custom');
  for (const m of ENGINE_RULES) add(m, 'engine');
  return out;
}
