/**
 * Hovers: over a finding, the clause of the team's standard it breaks (when one cites the rule),
 * then the rule's coaching (why, bad and good examples, how to configure it, the severity in
 * force); over a frontmatter key, what the key does for this kind of file.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { EffectiveConfig } from '../../core/config/types';
import type { PromptDocument } from '../../core/document';
import { ruleDocsMarkdown } from '../../core/format/docs';
import { FLAVOR_TOOLS, frontmatterFlavor, frontmatterKey } from '../../core/frontmatter-keys';
import { comparePositions } from '../../core/text';
import type { Finding, Range, RuleMeta } from '../../core/types';
import type { RuleLookup } from '../ruleDocs';

export interface HoverInput {
  document: PromptDocument;
  findings: readonly Finding[];
  config: EffectiveConfig;
  position: Position;
  rules: RuleLookup;
}

export function contains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

export function provideHover({ document: doc, findings, config, position, rules }: HoverInput): Hover | null {
  const parts: string[] = [];
  let range: Range | undefined;

  const entry = doc.frontmatter?.entries.find((e) => contains(e.keyRange, position));
  if (entry) {
    const flavor = frontmatterFlavor(doc.kind, doc.path);
    const key = frontmatterKey(doc.kind, doc.path, entry.key);
    if (flavor && key) {
      const lines = [`**\`${key.key}\`**${key.required ? ' (required)' : ''} — ${FLAVOR_TOOLS[flavor]}`, '', key.description];
      if (key.values) lines.push('', `Values: ${key.values.map((v) => `\`${v}\``).join(', ')}`);
      if (key.example) lines.push('', `Example: \`${key.key}: ${key.example}\``);
      parts.push(lines.join('\n'));
      range = entry.keyRange;
    }
  }

  const seen = new Set<string>();
  for (const f of findings) {
    if (!contains(f.range, position) || seen.has(f.ruleId)) continue;
    seen.add(f.ruleId);
    const found = rules.find(f.ruleId, config);
    if (!found) continue;
    const clause = f.standard ? `**Team standard ${f.standard.id}** — ${f.standard.text}\n\n` : '';
    parts.push(clause + coaching(found.meta, found.origin, f.severity));
    range ??= f.range;
  }
  if (parts.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, ...(range ? { range } : {}) };
}

function coaching(meta: RuleMeta, origin: 'built-in' | 'custom' | 'engine', severity: string): string {
  return ruleDocsMarkdown(meta, { origin, severity, heading: false });
}
