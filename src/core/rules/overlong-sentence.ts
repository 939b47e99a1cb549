import { z } from 'zod';
import type { PromptDocument, Sentence } from '../document';
import { defineRule } from '../types';
import { directionApplies, isEnglish, TASK_VERBS } from './util';
import { shownRanges, within } from './wording';

const OPTIONS = z
  .object({
    maxWords: z.number().int().min(10).default(50).describe('The most words a sentence that directs the agent may have.'),
  })
  .default({ maxWords: 50 });

/** Verbs that open guidance or a step rather than a task ("Keep…", "Use…", "Avoid…", "Label it…"). */
const GUIDE_VERBS =
  "always|append|approve|assign|attach|avoid|be|bump|call|cite|close|comment|confirm|consider|copy|delete|do|don't|" +
  'drop|emphasi[sz]e|ensure|escalate|favou?r|flag|focus|follow|handle|ignore|include|insert|keep|label|leave|limit|' +
  'link|log|maintain|mark|mention|move|never|notify|omit|output|pass|place|post|prefer|print|prioriti[sz]e|put|reject|' +
  'request|return|reuse|say|set|skip|start|state|stay|stick|stop|store|tag|treat|use|wait|wrap';
/** A clause that opens with an imperative ("Read the file", "Then use …", "Never commit …"). */
const IMPERATIVE = new RegExp(`^(?:(?:please|then|also|and|first|next|finally|now|otherwise)\\s+)*(?:${TASK_VERBS}|${GUIDE_VERBS})\\b`, 'i');
/** "You must", "tests should", "do not": words that direct whatever the clause's shape. */
const MODAL = /\b(?:must|should(?:n't| not)?|shall|do not|don't|needs? to|have to|has to)\b|\byou(?:'ll| will| are to)\b/i;
/** Where a sentence's clauses start: after punctuation that joins clauses, or "then". */
const CLAUSE_BREAK = /[,;:—–]\s*|\s+-\s+|\s+then\s+/i;

/** Headings of sections that show rather than direct: examples, sample output, templates. */
const EXAMPLE_SECTION = /\b(?:examples?|samples?|sample output|example output|outputs?|templates?|transcripts?|demos?|illustrations?)\b/i;
/** Text that is code or data written without a fence: JSON keys, braces, calls, assignments. */
const CODE_LIKE = /[{}]|"\s*:|\w\(|[=!<>]=|=>|\s=\s|^\s*(?:def|class|import|from|return|const|let|var|function|print)\b|\|[^|\n]*\|/m;
/** A unit that gives an example rather than an instruction. */
const EXAMPLE_OPENER = /^[^\p{L}]*(?:examples?|e\.g\.|for (?:example|instance)|sample|such as)\b/iu;
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
/** Quoted spans: a quoted example counts as one word. */
const QUOTED = /"[^"\n]*"|“[^”\n]*”|(?<![\w'’])'[^'\n]*'(?![\w'’])/g;

interface Unit {
  start: number;
  end: number;
  /** Prose text of the unit, code blanked. */
  text: string;
}

/**
 * The sentences of a prose block, each split again where a line break starts a line that does not
 * read as the sentence's continuation (a capital, a digit, markup): paragraphs whose lines are a
 * list without markers ("Role: …⏎Task: …") are several units, not one long sentence.
 */
function* units(doc: PromptDocument, start: number, end: number): Generator<Unit> {
  const text = doc.prose.slice(start, end);
  let from = 0;
  // A line break before a line that does not continue the sentence or after a colon, a semicolon,
  // "etc." before a capital (the sentence splitter keeps "etc." inside a sentence): each ends a unit.
  const re = /\r?\n[ \t]*(?=[^\s\p{Ll}])|(?<=:)[ \t]*\r?\n[ \t]*|;\s+|(?<=\betc\.)\s+(?=\p{Lu})/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    yield { start: start + from, end: start + m.index, text: text.slice(from, m.index) };
    from = m.index + m[0].length;
  }
  yield { start: start + from, end, text: text.slice(from) };
}

/** Words as a reader counts them: whitespace-separated tokens with a letter or digit; a quote, a URL or a code span is one. */
function countWords(text: string, codeSpans: number): number {
  const plain = text.replace(URL, ' url ').replace(QUOTED, ' quote ');
  let words = codeSpans;
  for (const token of plain.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(token)) words++;
  return words;
}

/** Whether some clause of the unit tells the agent what to do. */
function directs(text: string): boolean {
  if (MODAL.test(text)) return true;
  return text.split(CLAUSE_BREAK).some((clause) => IMPERATIVE.test(clause.replace(/^[^\p{L}]*/u, '')));
}

export const overlongSentence = defineRule({
  meta: {
    id: 'overlong-sentence',
    category: 'direction',
    defaultSeverity: 'info',
    kinds: 'all',
    fixable: false,
    scope: 'block',
    options: OPTIONS,
    docs: {
      summary: 'Reports a sentence that directs the agent and runs over `maxWords` words (default 50).',
      rationale:
        'A long sentence packs several instructions and their conditions into one unit: the agent weighs them ' +
        'together, tends to follow the first and the last, and drops or merges the ones in the middle; a reviewer ' +
        'cannot tick them off one by one. One instruction or condition per sentence (or a bullet list) makes each ' +
        'one checkable, and shows which condition belongs to which instruction.',
      bad:
        'If the project uses MERN (MongoDB, Express, React, Node.js), append a section to AGENTS.md covering the ' +
        'Mongoose middleware to use instead of raw queries, how async errors in Express reach the central error ' +
        'handler, why JWT tokens go in httpOnly cookies and never in localStorage, and that Mongoose error objects ' +
        'never reach an API response.',
      good:
        'If the project uses MERN (MongoDB, Express, React, Node.js), append a section to AGENTS.md. Cover four points:\n\n' +
        '- Use Mongoose middleware, not raw queries.\n- Send async errors in Express to the central error handler.\n' +
        '- Keep JWT tokens in httpOnly cookies, never in localStorage.\n- Never return Mongoose error objects in an API response.',
      kindsNote:
        'Every kind, in English prose that directs the agent: a sentence counts when one of its clauses is an ' +
        'imperative ("Read…", "Never…") or says what must or should happen. Left alone: headings, table cells, code, ' +
        'blockquotes, sections headed as examples, samples, templates or output, sentences that open with "Example:" ' +
        'or "For example", runs of names ("accordion, alert, badge, …"), text that is data (JSON, key: value rows), ' +
        'and image, video or music prompts, where a long description is the point. A line break ends a sentence ' +
        'when the next line starts with a capital or markup (lines written as a list without markers), and so does a ' +
        "semicolon. A quote, a URL or a code span counts as one word.",
      options:
        '`maxWords` (default 50): the most words a directing sentence may have. On the corpus half of all sentences ' +
        'have 8 words or fewer and 99 in 100 have 34 or fewer; 50 leaves only the run-on sentences.',
      precision: {
        right: 32,
        judged: 35,
        note:
          'Every finding on the corpus (35 in 27 files) was read. The misses: an enumeration of allowed values with an ' +
          'explanation each (a list written as a sentence), a scoping sentence made long by a product-stack ' +
          'description that reads fine, and a long description of a file that only mentions what "must" happen. ' +
          'Opinionated by nature, so it defaults to info.',
      },
    },
  },
  check({ doc, options, report }) {
    if (!isEnglish(doc)) return;
    const minChars = options.maxWords * 2;
    // What only a long sentence needs is worked out once one turns up: most files have none.
    let context: { applies: boolean; shown: [number, number][] } | undefined;
    const contextOf = () => (context ??= { applies: directionApplies(doc), shown: shownRanges(doc, EXAMPLE_SECTION) });
    let codeStarts: number[] | undefined;

    // Blocks and sentences are both in document order: walk them together.
    let i = 0;
    const { sentences } = doc;
    for (const block of doc.proseBlocks) {
      while (i < sentences.length && (sentences[i] as Sentence).startOffset < block.startOffset) i++;
      for (; i < sentences.length && (sentences[i] as Sentence).startOffset < block.endOffset; i++) {
        const sentence = sentences[i] as Sentence;
        // Headings and table cells are labels; a sentence shorter than this cannot have too many words.
        if (block.type === 'heading' || block.type === 'tableCell' || sentence.endOffset - sentence.startOffset < minChars) continue;
        for (const unit of units(doc, sentence.startOffset, sentence.endOffset)) {
          if (unit.text.length < minChars) continue;
          codeStarts ??= doc.codeSpans.map((c) => c.start).sort((a, b) => a - b);
          const words = countWords(unit.text, lowerBound(codeStarts, unit.end) - lowerBound(codeStarts, unit.start));
          if (words <= options.maxWords) continue;
          const { applies, shown } = contextOf();
          if (!applies) return;
          if (within(shown, unit.start)) continue;
          if (CODE_LIKE.test(unit.text) || EXAMPLE_OPENER.test(unit.text) || isList(unit.text)) continue;
          if (!directs(unit.text.replace(QUOTED, ' '))) continue;
          const lead = unit.text.length - unit.text.trimStart().length;
          const start = unit.start + lead;
          const end = unit.start + unit.text.trimEnd().length;
          const opening = doc.text.slice(start, Math.min(end, start + 200)).replace(/\*\*|__/g, '').split(/\s+/).slice(0, 6).join(' ');
          report({
            range: doc.range(start, end),
            message: `Unexpected ${words}-word sentence ('${opening}…'), expected at most ${options.maxWords} words: split it, one instruction or condition per sentence`,
          });
        }
      }
    }
  },
});

/**
 * A run of names rather than a sentence: six or more comma-separated items (parentheses aside), most
 * of them a few words ("accordion, alert, alert-dialog, …", "`ChipInput` over `Input`, …"); items run
 * together with " - " (a bullet list that lost its line breaks); or lines without a comma (a table
 * written as text).
 */
function isList(text: string): boolean {
  if ((text.match(/\s-\s/g)?.length ?? 0) >= 3) return true;
  const items = text.replace(/\([^()]*\)/g, ' ').split(',');
  if (items.length >= 6) {
    const sizes = items.map((item) => item.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length).sort((a, b) => a - b);
    if ((sizes[sizes.length >> 1] as number) <= 5) return true;
  }
  return items.length === 1 && (text.match(/\n/g)?.length ?? 0) >= 2;
}

/** The index of the first element of sorted `list` that is at least `value`. */
function lowerBound(list: number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
