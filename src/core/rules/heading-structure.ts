import type { PromptDocument } from '../document';
import { defineRule, type Report, type TextEdit } from '../types';
import { lineBreak } from './util';

interface Heading {
  depth: number;
  title: string;
  start: number;
  end: number;
  /** First and last line (the last is a setext heading's underline). */
  line: number;
  lastLine: number;
  /** Offset of the first `#` of an ATX heading; undefined for a setext heading. */
  hashes: number | undefined;
}

const HAS_WORD = /[\p{L}\p{N}]/u;
/** Titles that are code: `# x = f()`, `# await client.close()`, `# def main():`. */
const CODE_LIKE = /[;{}]\s*$|\(\)|\s=>?\s|^(?:def|class|import|from|await|return|const|let|var|function|print|echo|export|async)\s/;

function headingsOf(doc: PromptDocument): Heading[] {
  return doc.allSections.map((section) => {
    const start = section.startOffset;
    const lead = /^[ \t]*/.exec(doc.text.slice(start, start + 4))?.[0].length ?? 0;
    const { start: from, end: to } = section.headingRange;
    return {
      depth: section.depth,
      title: section.title,
      start,
      end: doc.lines.offsetAt(to),
      line: from.line,
      lastLine: to.line,
      hashes: doc.text[start + lead] === '#' ? start + lead : undefined,
    };
  });
}

/**
 * `#` lines that only parse as headings: a block of `# …` comment lines (a script, a plain-text
 * prompt's banner), a decorative `# -----`, code outside a fence.
 */
function isPseudo(h: Heading, byLine: ReadonlyMap<number, Heading>): boolean {
  if (h.title && !HAS_WORD.test(h.title)) return true;
  if (CODE_LIKE.test(h.title)) return true;
  if (h.hashes === undefined) return false;
  return [byLine.get(h.line - 1), byLine.get(h.line + 1)].some((n) => n?.hashes !== undefined && n.depth === h.depth);
}

/**
 * A paragraph the `---` right under it turned into a heading: the author meant a thematic break
 * (a sentence, several lines, or a long line over a short `---`).
 */
function isAccidentalSetext(doc: PromptDocument, h: Heading): boolean {
  if (h.hashes !== undefined || h.depth !== 2 || CODE_LIKE.test(h.title)) return false;
  if (!/^ {0,3}-{3,5}\s*$/.test(doc.lines.lineText(h.lastLine))) return false;
  return h.lastLine - h.line > 1 || /[.,;!?]["')\]*_]*$/.test(h.title) || h.title.split(/\s+/).length > 12;
}

/** A heading with a blank line, another heading or the frontmatter above it, as authors write them. */
function standsAlone(doc: PromptDocument, h: Heading): boolean {
  if (h.line === 0) return true;
  const above = doc.lines.lineText(h.line - 1);
  if (!above.trim() || /^ {0,3}#/.test(above)) return true;
  return doc.frontmatter?.range.end.line === h.line - 1;
}

const quote = (title: string) => {
  const flat = title.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
};

function skippedLevels(doc: PromptDocument, headings: Heading[], pseudo: ReadonlySet<Heading>, all: Heading[]): Report[] {
  const out: Report[] = [];
  // How many pseudo-headings come before each heading, to tell in O(1) whether one sits between two.
  const before = new Map<Heading, number>();
  let count = 0;
  for (const g of all) {
    before.set(g, count);
    if (pseudo.has(g)) count++;
  }
  const pseudoBefore = (g: Heading) => before.get(g) ?? 0;
  for (let i = 1; i < headings.length; i++) {
    const h = headings[i] as Heading;
    const prev = headings[i - 1] as Heading;
    if (h.depth <= prev.depth + 1 || h.hashes === undefined || !standsAlone(doc, prev)) continue;
    // A code comment outside its fence (`# x` between two `###`) is not the parent it looks like.
    let j = i - 2;
    while (j >= 0 && (headings[j] as Heading).depth === prev.depth) j--;
    if (j >= 0 && (headings[j] as Heading).depth > prev.depth + 1) continue;
    if (pseudoBefore(h) !== pseudoBefore(prev)) continue;
    // `# Title` straight over `### A tagline`, then `---` and the first `##`: a subtitle styled smaller, not a section.
    const next = headings[i + 1];
    const tagline =
      i === 1 &&
      next !== undefined &&
      next.depth < h.depth &&
      !doc.text.slice(prev.end, h.start).trim() &&
      /^\s*(?:[-*_]{3,}\s*)?$/.test(doc.text.slice(h.end, next.start));
    if (tagline) continue;
    const expected = prev.depth + 1;
    const shift = h.depth - expected;
    // The heading and its sub-headings move up together, so the outline below it keeps its shape.
    const edits: TextEdit[] = [];
    for (let k = i; k < headings.length; k++) {
      const g = headings[k] as Heading;
      if (g.depth < h.depth || g.hashes === undefined) break;
      edits.push({ range: doc.range(g.hashes, g.hashes + g.depth), newText: '#'.repeat(g.depth - shift) });
    }
    out.push({
      range: doc.range(h.start, h.end),
      message: `Unexpected level ${h.depth} heading '${quote(h.title)}' under level ${prev.depth} '${quote(prev.title)}', expected level ${expected}`,
      fixes: [{ title: `Make '${quote(h.title)}' a level ${expected} heading`, edits }],
    });
  }
  return out;
}

export const headingStructure = defineRule({
  meta: {
    id: 'heading-structure',
    category: 'format',
    defaultSeverity: 'info',
    kinds: 'all',
    fixable: true,
    docs: {
      summary:
        'Reports headings that break the outline: a skipped level (`#` then `###`), an empty heading, and a paragraph turned into a heading by the `---` right under it.',
      rationale:
        'Agents and the tools that feed them (chunkers that split at `##`, outline views, "follow the steps under ' +
        'Review") read the heading tree. A skipped level (`#` straight to `###`) puts a section where no tool expects ' +
        'it, an empty heading names nothing, and a `---` meant as a separator directly under a paragraph turns that ' +
        'paragraph into a heading in every Markdown renderer, so an instruction reads as a title. Readers see the same ' +
        'broken outline in the preview.',
      bad: '# Release notes\n\n### Breaking changes\n\nList every removed option.\n---\n##\n',
      good: '# Release notes\n\n## Breaking changes\n\nList every removed option.\n\n---\n',
      kindsNote:
        'Every kind: the outline matters wherever an agent or a person navigates a file by its headings. Not reported, ' +
        'because on real files they were mostly deliberate: several level 1 headings (prompt collections use `# IDENTITY`, ' +
        '`# STEPS`, `# OUTPUT` as top-level sections), headings with nothing under them (output templates, an `# INPUT` ' +
        'slot at the end), the same title twice under one parent (`### Input`/`### Output` per example, a summary ' +
        'repeated at the end), and a `# Title` directly over a smaller `### tagline`. Lines that only parse as ' +
        'headings are left alone: blocks of `#` comment lines, `# -----` banners and code comments outside a fence.',
      precision: {
        right: 26,
        judged: 26,
        note:
          'Every finding on the corpus (26 in 21 files) was read: 15 skipped levels, 4 empty headings, 7 paragraphs turned ' +
          'into headings by a `---`. Dropped while judging, for being right less than 9 times in 10: several level 1 ' +
          'headings (about 1,000 findings, nearly all deliberate), headings with nothing under them (about half were ' +
          'templates or input slots) and repeated sibling titles (about 7 in 10 right).',
      },
    },
  },
  check({ doc, report }) {
    const all = headingsOf(doc);
    if (!all.length) return;
    const byLine = new Map(all.map((h) => [h.line, h]));
    const headings: Heading[] = [];
    const pseudo = new Set<Heading>();
    for (const h of all) {
      if (isAccidentalSetext(doc, h)) {
        const underline = doc.lines.lineStart(h.lastLine);
        report({
          range: doc.range(h.start, doc.lines.lineStart(h.line) + doc.lines.lineText(h.line).length),
          message: `Unexpected heading made of the paragraph '${quote(h.title)}' by the '---' under it, expected a blank line before '---' so it stays a paragraph`,
          fixes: [{ title: "Add a blank line before '---'", edits: [{ range: doc.range(underline, underline), newText: lineBreak(doc) }] }],
        });
        pseudo.add(h);
      } else if (isPseudo(h, byLine)) pseudo.add(h);
      else headings.push(h);
    }
    for (const h of headings) {
      if (!h.title) report({ range: doc.range(h.start, h.end), message: 'Unexpected empty heading, expected a title that names the section' });
    }
    for (const r of skippedLevels(doc, headings, pseudo, all)) report(r);
  },
});
