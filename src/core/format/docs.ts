/** Renders a rule's coaching docs as Markdown or plain text (SARIF help, `explain`). */
import type { RuleMeta } from '../types';

/** A fenced code block whose fence is longer than any backtick run inside `text`. */
export function fence(text: string, lang = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}`;
}

export function kindsText(meta: RuleMeta): string {
  return meta.kinds === 'all' ? 'all files' : meta.kinds.join(', ');
}

/** "19 of 20 sampled corpus findings judged right (95 %). <note>" */
export function precisionText(meta: RuleMeta): string | undefined {
  const p = meta.docs.precision;
  if (!p) return undefined;
  const head = p.judged
    ? `${p.right} of ${p.judged} sampled findings on the real-world corpus judged right (${Math.round((100 * p.right) / p.judged)} %).`
    : 'No findings on the real-world corpus to judge.';
  return p.note ? `${head} ${p.note}` : head;
}

export function ruleHelpMarkdown(meta: RuleMeta): string {
  const d = meta.docs;
  const parts = [
    `**${d.summary}**`,
    d.rationale,
    `**Bad**\n\n${fence(d.bad, 'markdown')}`,
    `**Good**\n\n${fence(d.good, 'markdown')}`,
    `**Applies to:** ${kindsText(meta)}${d.kindsNote ? `. ${d.kindsNote}` : ''}`,
  ];
  if (d.options) parts.push(`**Options:** ${d.options}`);
  if (d.precision) parts.push(`**Judged precision:** ${precisionText(meta)}`);
  return parts.join('\n\n');
}

export function ruleHelpText(meta: RuleMeta): string {
  const d = meta.docs;
  const parts = [d.summary, d.rationale, `Bad:\n${d.bad}`, `Good:\n${d.good}`, `Applies to: ${kindsText(meta)}${d.kindsNote ? `. ${d.kindsNote}` : ''}`];
  if (d.options) parts.push(`Options: ${d.options}`);
  if (d.precision) parts.push(`Judged precision: ${precisionText(meta)}`);
  return parts.join('\n\n');
}

/** Where a rule comes from: it decides how the docs say to configure it. */
export type RuleOrigin = 'built-in' | 'custom' | 'engine';

export interface RuleDocsMarkdownOptions {
  origin?: RuleOrigin;
  /** The severity in force for the file at hand (hovers), when known. */
  severity?: string;
  /** Start with a `# rule-id` heading (a docs page) rather than a bold line (a hover). Default true. */
  heading?: boolean;
}

/**
 * A rule's full coaching docs as Markdown, for editors (hovers, the rule docs page): summary,
 * why it matters, a bad and a good example, kinds, options and how to configure or suppress it.
 */
export function ruleDocsMarkdown(meta: RuleMeta, options: RuleDocsMarkdownOptions = {}): string {
  const d = meta.docs;
  const origin = options.origin ?? 'built-in';
  const facts = [
    `category: ${meta.category}`,
    `default: \`${meta.defaultSeverity}\``,
    ...(options.severity ? [`here: \`${options.severity}\``] : []),
    meta.fixable ? 'has a quick fix' : 'no quick fix',
    ...(origin === 'custom' ? ['custom rule from .promptcoach.json'] : origin === 'engine' ? ['reported by Prompt Coach itself'] : []),
  ];
  const parts = [
    options.heading === false ? `**\`${meta.id}\`** · ${facts.join(' · ')}` : `# \`${meta.id}\`\n\n${facts.join(' · ')}`,
    d.summary,
    `### Why it matters\n\n${d.rationale}`,
    `### Bad\n\n${fence(d.bad, 'markdown')}`,
    `### Good\n\n${fence(d.good, 'markdown')}`,
    `### Applies to\n\n${kindsText(meta)}${d.kindsNote ? `. ${d.kindsNote}` : ''}`,
  ];
  if (d.options) parts.push(`### Options\n\n${d.options}`);
  if (d.precision) parts.push(`### Judged precision\n\n${precisionText(meta)}`);
  if (origin === 'engine') {
    parts.push('### Configure\n\nThis id is reported by the engine, not by a rule: it cannot be turned off in `.promptcoach.json`.');
  } else {
    parts.push(
      `### Configure in \`.promptcoach.json\`\n\n${fence(configExample(meta), 'jsonc')}`,
      `### Suppress one occurrence (with a reason)\n\n${fence(suppressExample(meta.id), 'markdown')}`,
    );
  }
  return parts.join('\n\n') + '\n';
}

/** How to set a rule in `.promptcoach.json`: a severity other than its default, and an override. */
export function configExample(meta: RuleMeta): string {
  const example = meta.defaultSeverity === 'error' ? 'warning' : 'error';
  const setting = meta.options ? `["${example}", { /* options, see above */ }]` : `"${example}"`;
  return [
    '{',
    '  "rules": {',
    `    "${meta.id}": ${setting}   // "error" | "warning" | "info" | "off"`,
    '  },',
    '  "overrides": [',
    `    { "files": ["drafts/**"], "rules": { "${meta.id}": "off" } }`,
    '  ]',
    '}',
  ].join('\n');
}

export function suppressExample(ruleId: string): string {
  return `<!-- promptcoach-disable-next-line ${ruleId} -- why the standard does not apply here -->`;
}
