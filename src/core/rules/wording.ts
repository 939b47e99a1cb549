/**
 * Helpers of the wording rules (`missing-shared-context`, `overlong-sentence`): where a file shows
 * text rather than directs the agent. Candidates for `util.ts`.
 */
import type { Nodes } from 'mdast';
import type { PromptDocument } from '../document';

/**
 * Ranges (offsets) of text the file shows rather than says: blockquotes (quoted material, sample
 * messages) and sections whose heading matches `shownSection` (examples, transcripts, templates).
 */
export function shownRanges(doc: PromptDocument, shownSection: RegExp): [number, number][] {
  const out: [number, number][] = [];
  for (const section of doc.allSections) if (shownSection.test(section.title)) out.push([section.startOffset, section.endOffset]);
  // Most files have no blockquote: skip the tree walk.
  if (!/^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)*>/m.test(doc.text)) return out;
  const walk = (node: Nodes) => {
    if (node.type === 'blockquote' && node.position) {
      out.push([node.position.start.offset ?? 0, node.position.end.offset ?? 0]);
      return;
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(doc.ast);
  return out;
}

export function within(ranges: readonly [number, number][], offset: number): boolean {
  return ranges.some(([start, end]) => offset >= start && offset < end);
}
