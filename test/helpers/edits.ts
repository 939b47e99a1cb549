/**
 * Random edit sequences for the incremental analyzer's equivalence property: what a person types
 * (a character, a word, a line break, a deleted span) and what changes how Markdown parses (fences,
 * comment openers, setext underlines, list markers, blank lines, definitions, frontmatter fences).
 */
import * as fc from 'fast-check';

export interface Edit {
  /** Where, as a fraction of the text's length (so one edit fits any text). */
  at: number;
  /** How many characters it deletes there. */
  remove: number;
  insert: string;
}

const typed = fc.constantFrom('a', 'e', ' ', 'word ', 'Never ', 'some ', '.', ',', '\n', '\n\n', '\r\n', '`', '*', '_', '#', '# ', '## Output format\n', '{{x}}', 'TODO: ', '$ARGUMENTS');
const structural = fc.constantFrom('```\n', '```ts\n', '~~~', '<!--', '-->', '<!-- promptcoach-disable-next-line vague-language -->\n', '===\n', '---\n', '- ', '1. ', '2. ', '> ', '    ', '\t', '| a | b |\n|---|---|\n', '[ref]: ./docs/guide.md\n', '[x][ref]', '<div>\n', '</div>\n', '\ufeff', '[^1]', '[^1]: note\n');

export const editArbitrary: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 4, max: 200 }) }),
  insert: fc.oneof({ weight: 6, arbitrary: typed }, { weight: 2, arbitrary: structural }, { weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }),
});

export function applyEdit(text: string, edit: Edit): string {
  const at = Math.min(text.length, Math.floor(edit.at * (text.length + 1)));
  return text.slice(0, at) + edit.insert + text.slice(Math.min(text.length, at + edit.remove));
}
