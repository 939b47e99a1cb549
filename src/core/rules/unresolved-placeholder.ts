import * as path from 'node:path';
import { z } from 'zod';
import type { Placeholder, PromptDocument } from '../document';
import { defineRule } from '../types';

const OPTIONS = z
  .object({
    templateVariables: z
      .boolean()
      .default(false)
      .describe('Also report template variables ({{name}}, ${input:name}, $ARGUMENTS), for files no tool fills in.'),
  })
  .default({ templateVariables: false });

/** Sections that show the shape of the output: their placeholders are for the agent to fill. */
const TEMPLATE_SECTION = /\b(?:templates?|formats?|outputs?|examples?|responses?|reports?|summary|structure|skeleton|samples?)\b/i;
/**
 * Words that introduce a pattern or a marker the agent uses ("a branch in the format of feat/<ISSUE ID>",
 * "mark it with [TODO]").
 */
const PATTERN_LEAD = /\b(?:format|template|pattern|like|e\.g\.|such as|for example|mark(?:ed|ing)?|tag(?:ged)?|label(?:led)?)\b/i;
/** Words after a slot that show it names a component or a tag (`the <SEO> component`). */
const NAMES_A_TAG = /^\s*(?:components?|tags?|elements?)\b/i;

/**
 * A string literal of code quoted in the file (`SKILL_TEMPLATE = """…"""`): text a program writes
 * out, placeholders included.
 */
const STRING_LITERAL = /(?:=|\(|\breturn)[ \t]*[rRbBfFuU]?("""|''')[\s\S]*?\1/g;

/**
 * A line that labels what follows as the output's shape without being a Markdown heading ("FORMAT:",
 * "📊 STEP 7 — Query Summary Card"): short, naming the output, and in capitals, ending in a colon or naming a step.
 */
function isTemplateLabel(line: string): boolean {
  const text = line.trim();
  if (!text || text.length > 60 || !TEMPLATE_SECTION.test(text)) return false;
  return /:$/.test(text) || !/\p{Ll}/u.test(text) || /^step \d+\b/i.test(text.replace(/^[^\p{L}]+/u, ''));
}
/** Where a labelled block ends: a thematic break or a Markdown heading. */
const BLOCK_END = /^(?:[-*_]{3,}[ \t]*|#{1,6} [^\n]*)$/gm;

/** Ranges of code string literals quoted in the file: text a program writes out. */
function stringLiterals(doc: PromptDocument): (readonly [number, number])[] {
  return [...doc.text.matchAll(STRING_LITERAL)].map((m) => [m.index, m.index + m[0].length] as const);
}

/** Ranges after a label line that introduces the output's shape, up to the next break or heading. */
function labelledBlocks(doc: PromptDocument): (readonly [number, number])[] {
  const ranges: (readonly [number, number])[] = [];
  let offset = 0;
  for (const line of doc.text.split('\n')) {
    offset += line.length + 1;
    if (!isTemplateLabel(line)) continue;
    BLOCK_END.lastIndex = offset;
    const end = BLOCK_END.exec(doc.text);
    ranges.push([offset, end ? end.index : doc.text.length]);
  }
  return ranges;
}

/** A file with this many fill-in slots is a template (a form for the user, or an output for the agent). */
const TEMPLATE_SLOTS = 5;

/**
 * The leftovers to report. Left alone: slots in a template (a file named like one, in a `templates/` or
 * `examples/` folder, or with five slots or more), in a section or a labelled block that shows the
 * output's shape, in a pattern or marker the line introduces, names of components, and anything in HTML
 * comments (notes to the people who edit the file) or in quoted code string literals (text a program writes).
 */
function leftovers(doc: PromptDocument): Placeholder[] {
  const all = doc.placeholders.filter((p) => p.intent === 'leftover');
  const slots = all.filter((p) => p.form !== 'todo');
  const template =
    /template/i.test(doc.fileName) || /^(?:templates?|examples?)$/i.test(path.basename(doc.dir)) || slots.length >= TEMPLATE_SLOTS;
  if (!all.length) return [];
  const comments = [...doc.text.matchAll(/<!--[\s\S]*?-->/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const literals = stringLiterals(doc);
  const labelled = labelledBlocks(doc);
  const inside = (ranges: readonly (readonly [number, number])[], p: Placeholder) => ranges.some(([s, e]) => p.startOffset >= s && p.startOffset < e);
  return all.filter((p) => {
    if (inside(comments, p) || inside(literals, p)) return false;
    if (p.form === 'todo') return true;
    if (template || inside(labelled, p)) return false;
    const inTemplateSection = doc.allSections.some(
      (s) => p.startOffset >= s.startOffset && p.startOffset < s.endOffset && TEMPLATE_SECTION.test(s.title),
    );
    const lineStart = doc.lines.lineStart(p.range.start.line);
    const after = doc.text.slice(p.startOffset + p.text.length, p.startOffset + p.text.length + 20);
    return !inTemplateSection && !PATTERN_LEAD.test(doc.text.slice(lineStart, p.startOffset)) && !NAMES_A_TAG.test(after);
  });
}

function messageFor(p: Placeholder): string {
  if (p.form === 'todo') return `Unexpected '${p.text}' left in the file, expected the open point settled and the marker removed`;
  if (p.intent === 'variable') {
    return `Unexpected template variable '${p.text}', expected the value it stands for (this file is used as written)`;
  }
  return `Unexpected placeholder '${p.text}', expected the real text in its place`;
}

export const unresolvedPlaceholder = defineRule({
  meta: {
    id: 'unresolved-placeholder',
    category: 'direction',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: false,
    options: OPTIONS,
    docs: {
      summary: 'Reports placeholders left for the author to fill in: `[INSERT …]`, `<YOUR_NAME>`, `TODO:`, `TBD`.',
      rationale:
        'A placeholder that reaches the agent is read as direction. The agent either copies it into the output ' +
        '("Dear [CLIENT NAME]") or invents a value for it, and neither is what the author meant. Filling it in, or ' +
        'deleting the sentence, is the only fix that keeps the meaning.',
      bad: 'Write a release note for [INSERT PRODUCT].\n\nTODO: add the audience.',
      good: 'Write a release note for Prompt Coach 1.2 for team leads who run the CLI in CI.',
      kindsNote:
        'Every kind. Slots meant to be filled later are left alone: those in templates (a file named like one, a ' +
        '`templates/` or `examples/` folder, five slots or more), in sections that show the output (Template, ' +
        'Format, Output, Example, Report…, or a label line such as `FORMAT:` up to the next `---` or heading), in a ' +
        'pattern the line introduces ("a branch named like feat/<ISSUE ID>") and in HTML comments. `TODO:` and `TBD` ' +
        'notes are reported everywhere but in HTML comments and in code string literals quoted in the file ' +
        '(`TEMPLATE = """…"""`: text a script writes out).',
      precision: {
        right: 13,
        judged: 14,
        note:
          'Every corpus finding judged, after slots in code string literals (a skill-creator script\'s template) and in ' +
          'labelled output blocks (`📊 STEP 7 — Query Summary Card`) were exempted; the real leftovers (`[INSERT COMPANY ' +
          'NAME]`, `[Your question]`) are all still reported. The miss was a `TBD` that states a fact: a release date ' +
          'not yet announced.',
      },
      options:
        '`templateVariables` (default `false`): also report template variables (`{{name}}`, `${input:name}`, ' +
        '`$ARGUMENTS`, `$1`). Turn it on for files that reach the agent as written, with no tool to fill them in.',
    },
  },
  check({ doc, options, report }) {
    const variables = options.templateVariables ? doc.placeholders.filter((p) => p.intent === 'variable') : [];
    for (const p of [...leftovers(doc), ...variables].sort((a, b) => a.startOffset - b.startOffset)) {
      report({ range: p.range, message: messageFor(p) });
    }
  },
});
