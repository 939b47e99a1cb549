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
  return parts.join('\n\n');
}

export function ruleHelpText(meta: RuleMeta): string {
  const d = meta.docs;
  const parts = [d.summary, d.rationale, `Bad:\n${d.bad}`, `Good:\n${d.good}`, `Applies to: ${kindsText(meta)}${d.kindsNote ? `. ${d.kindsNote}` : ''}`];
  if (d.options) parts.push(`Options: ${d.options}`);
  return parts.join('\n\n');
}
