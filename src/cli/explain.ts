/** `prompt-coach explain <rule-id>`: a rule's coaching docs in the terminal. */
import * as path from 'node:path';
import { ConfigResolver } from '../core/config/load';
import { ENGINE_RULES } from '../core/format';
import { configExample, kindsText, suppressExample } from '../core/format/docs';
import { RULES } from '../core/rules';
import type { RuleMeta } from '../core/types';
import { EXPLAIN_HELP } from './help';
import { ok, usageError, type CliEnv, type CommandResult } from './io';
import { didYouMean } from './suggest';

export function runExplain(ruleId: string, env: CliEnv): CommandResult {
  const builtIn = RULES.map((r) => r.meta);
  const custom = customRuleMetas(env);
  const all = [...builtIn, ...custom.filter((c) => !builtIn.some((b) => b.id === c.id)), ...ENGINE_RULES];
  const meta = all.find((m) => m.id === ruleId);
  if (!meta) {
    return usageError(`unknown rule '${ruleId}'.${didYouMean(ruleId, all.map((m) => m.id))} Run 'prompt-coach rules' for the list.`);
  }
  const kind: RuleKind = ENGINE_RULES.includes(meta) ? 'engine' : builtIn.includes(meta) ? 'built-in' : 'custom';
  return ok(explainText(meta, kind));
}

type RuleKind = 'built-in' | 'custom' | 'engine';

/** Custom rules of the config in force in the cwd; none when it does not load. */
function customRuleMetas(env: CliEnv): RuleMeta[] {
  try {
    const resolver = new ConfigResolver({ host: env.host, rootDir: env.cwd, trusted: true });
    return resolver.forFile(path.join(env.cwd, 'explain.prompt.md')).customRules.map((r) => r.meta);
  } catch {
    return [];
  }
}

const indent = (text: string, by = '  ') =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l ? by + l : by.trimEnd()))
    .join('\n');

export function explainText(meta: RuleMeta, kind: RuleKind = 'built-in'): string {
  const d = meta.docs;
  const facts = [
    `category: ${meta.category}`,
    `default: ${meta.defaultSeverity}`,
    `fixable: ${meta.fixable ? 'yes' : 'no'}`,
    `applies to: ${kindsText(meta)}`,
    ...(kind === 'built-in' ? [] : [kind === 'custom' ? 'custom rule from .promptcoach.json' : 'reported by Prompt Coach itself']),
  ];
  const sections: string[] = [`${meta.id}\n${indent(d.summary)}`, indent(facts.join(' · ')), `Why it matters\n${indent(d.rationale)}`];
  sections.push(`Bad\n${indent(d.bad, '  │ ')}`, `Good\n${indent(d.good, '  │ ')}`);
  if (d.kindsNote) sections.push(`Kinds\n${indent(d.kindsNote)}`);
  if (d.options) sections.push(`Options\n${indent(d.options)}`);
  if (kind === 'engine') {
    sections.push(`Configure\n${indent('This id is reported by the engine, not by a rule: it cannot be turned off in .promptcoach.json.')}`);
  } else {
    sections.push(
      `Configure in .promptcoach.json\n${indent(configExample(meta))}`,
      `Suppress one occurrence (with a reason)\n${indent(suppressExample(meta.id))}`,
    );
  }
  return sections.join('\n\n') + '\n';
}

