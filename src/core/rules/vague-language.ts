import { z } from 'zod';
import { defineRule } from '../types';
import { isEnglish, proseClauses, TASK_VERBS } from './util';

/** A vague term and what to write instead. */
interface Term {
  /** Regular expression source, matched case-insensitively on word boundaries. */
  pattern: string;
  instead: string;
  /** Only in a clause that opens with a verb ("Add some tests"): elsewhere the word describes, it does not direct. */
  imperativeOnly?: boolean;
}

/** The built-in list: words that leave the agent to guess what the author meant. */
const TERMS: readonly Term[] = [
  { pattern: 'etc\\.?|and so on|and so forth', instead: 'the complete list, or the rule that decides what else belongs' },
  {
    // Before a plural noun: "add some tests", not "take some time".
    pattern: '(?:some|a few|a couple of|several|various|a lot of|lots of|numerous)(?= [a-z]+s\\b)',
    instead: "a number or the items by name (for example 'three tests: empty input, huge input, network failure')",
    imperativeOnly: true,
  },
  { pattern: '(?:as|where|when|if) appropriate', instead: 'the condition that decides it' },
  { pattern: 'appropriate(?:ly)?', instead: 'the criterion that makes it appropriate' },
  { pattern: 'proper(?:ly)?', instead: 'what correct means here (the check it must pass)' },
  { pattern: 'high[- ]quality', instead: 'the properties that make it high quality' },
  { pattern: 'best practices', instead: 'the practices by name, or a link to the standard' },
  { pattern: 'reasonabl[ey]|sufficient(?:ly)?|adequate(?:ly)?', instead: 'the threshold (a number or a test)', imperativeOnly: true },
  { pattern: 'somehow', instead: 'how, exactly' },
];

const OPTIONS = z
  .object({
    words: z
      .array(z.union([z.string().min(1), z.object({ word: z.string().min(1), instead: z.string().min(1) })]))
      .default([])
      .describe('Extra vague words or phrases to report: a string, or { "word", "instead" } with what to write instead.'),
    allow: z
      .array(z.string().min(1))
      .default([])
      .describe('Words or phrases not to report, as the messages quote them (case-insensitive).'),
  })
  .default({ words: [], allow: [] });

type Options = z.infer<typeof OPTIONS>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Compiled {
  /** One alternation over every term, one capture group per term. */
  re: RegExp;
  /** The term of each capture group (index 0 is group 1). */
  terms: Term[];
  allow: Set<string>;
}

const compiled = new Map<string, Compiled>();

function compile(options: Options): Compiled {
  const key = JSON.stringify(options);
  const hit = compiled.get(key);
  if (hit) return hit;
  const terms: Term[] = [
    ...TERMS,
    ...options.words.map((w) =>
      typeof w === 'string'
        ? { pattern: escape(w), instead: 'a concrete, checkable term' }
        : { pattern: escape(w.word), instead: w.instead },
    ),
  ];
  const result: Compiled = {
    re: new RegExp(terms.map((t) => `(?<![\\w'’-])(${t.pattern})(?![\\w'’-])`).join('|'), 'gi'),
    terms,
    allow: new Set(options.allow.map(normalize)),
  };
  compiled.set(key, result);
  return result;
}

const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');


/** Guideline verbs: a clause that opens with one of these, or with a task verb, directs the agent. */
const GUIDE_VERBS =
  "always|never|avoid|be|begin|call|cite|consider|do|don't|emphasi[sz]e|ensure|favou?r|focus|follow|handle|include|keep|" +
  'leave|limit|link|log|maintain|mark|mention|pass|place|prefer|prioriti[sz]e|put|return|reuse|set|start|state|stay|' +
  'stick|stop|store|throw|treat|try|use|wrap';
const IMPERATIVE = new RegExp(`^(?:(?:please|then|also|and|first|now|finally)\\s+)*(?:${TASK_VERBS}|${GUIDE_VERBS})\\b`, 'i');
/**
 * Besides imperatives, clauses addressed to the agent ("you", "must", "should") direct it; descriptions,
 * essays and examples do not, and vague words there are left alone. "Your" alone does not direct: "this
 * guide outlines best practices for your applications" describes.
 */
const ADDRESSED = /\b(?:you|must|should|shall|needs? to|ha(?:s|ve) to)\b/i;

/**
 * Whether what follows the word makes it concrete: a label ("Good:"), a parenthesis or a clause that
 * spells it out ("reasonable length (80-100 characters)", "high-quality code that is tested"), a
 * criterion ("appropriate for the audience"), or a pointer to the practices ("best practices listed below").
 */
function isMadeConcrete(word: string, after: string, before: string): boolean {
  // A label ("Good:") or a title that is the word alone ("Best practices") is not direction.
  if (/^[*_\s]*:/.test(after) || (/^[*_\s]*$/.test(after) && /^[\W_]*$/.test(before))) return true;
  if (/^(?: [\w-]+){0,3} (?:\(|(?:that|which|who) (?:is|are)\b)/.test(after)) return true;
  if (/^appropriate/i.test(word)) return /^(?: [\w-]+){0,3} (?:for|to|based on|according to|depending on|given|per)\b/i.test(after);
  if (/^(?:etc\.?|and so (?:on|forth))$/i.test(word)) return closesExamples(before);
  if (/^best practices$/i.test(word) && /\b(?:these|those|the following|the above|the listed)\s+$/i.test(before)) return true;
  if (/^best practices$/i.test(word)) return /^ (?:outlined|listed|described|defined|documented|below|above|here|in|from|at|such as|like|including)\b/i.test(after);
  return false;
}

/**
 * Whether "etc." closes examples of a kind the sentence already names: in parentheses or brackets
 * ("regulations (GDPR, CCPA, etc.)"), after "e.g." or "such as", in a slash list ("JSON/CSV/etc."), or
 * at the end of a list of five or more items.
 * There the agent is not left to guess what else belongs; after a few bare items it is.
 */
function closesExamples(before: string): boolean {
  if (before.lastIndexOf('(') > before.lastIndexOf(')') || before.lastIndexOf('[') > before.lastIndexOf(']')) return true;
  // "valid JSON/CSV/etc.": a slash list of examples.
  if (/\/\s*$/.test(before)) return true;
  if (/\b(?:e\.g\.|i\.e\.|for example|for instance|such as|like|including)(?=\W)/i.test(before)) return true;
  return (before.match(/,/g)?.length ?? 0) >= 4;
}

/** A purpose clause before the word ("… to ensure styling is properly applied"): it states the aim, not the direction. */
const PURPOSE = /\b(?:to ensure|to make sure|so that|in order to)\b/i;
/** The next sentence spells the word out ("… best practices for `.editorconfig` files. This includes settings for …"). */
const SPELLED_OUT_NEXT = /^[^.!?\n]*[.!?:]\s+(?:this|these|that|they|it) (?:includes?|means|covers?|are|is)\b/i;

export const vagueLanguage = defineRule({
  meta: {
    id: 'vague-language',
    category: 'direction',
    defaultSeverity: 'info',
    kinds: 'all',
    fixable: false,
    scope: 'block',
    options: OPTIONS,
    docs: {
      summary: 'Flags vague words in direction ("add some tests", "etc.", "properly", "where appropriate") and says what to write instead.',
      rationale:
        'A vague word hands a decision to the agent: how many, which ones, when, by what standard. The agent decides ' +
        'differently on every run and the reviewer cannot tell whether it decided well. A number, a list or a ' +
        'condition makes the direction the same for every run and every reader.',
      bad: 'Add some tests and handle errors properly, etc.',
      good: 'Add three tests: the empty input, a 10 MB input, and a network failure. Retry network errors twice, then report them.',
      options:
        '`words`: extra words or phrases to flag, each a string or `{ "word": …, "instead": … }`. ' +
        '`allow`: words or phrases not to flag, as the messages quote them (for example `["best practices"]`).',
      kindsNote:
        'Every kind, in English prose only, and only where the text directs the agent (an imperative, a sentence ' +
        'addressed to "you", a "must" or "should"): descriptions, examples, quotes and headings are left alone.',
      precision: {
        right: 23,
        judged: 25,
        note:
          'Judged on a fourth sample, after the first three (18, 19 and 21 of 25) showed "etc." closing examples of a ' +
          'named kind (in parentheses or brackets, after "e.g.", in a slash list, after four or more items), "these best ' +
          'practices" listed in the file, descriptions that only say "your", purpose clauses ("to ensure styling is ' +
          'properly applied") and words the next sentence spells out; none of those is reported now. The misses left ' +
          'were "proper" where the sentence already says what it means ("works properly up to 200% zoom", "Use proper ' +
          'TypeScript" under "Avoid `any`").',
      },
    },
  },
  check({ doc, options, report }) {
    if (!isEnglish(doc)) return;
    const { re, terms, allow } = compile(options);
    for (const { text, body, offset } of proseClauses(doc)) {
      // A clause that ends in a colon introduces the list that makes it concrete.
      if (/:\s*$/.test(text)) continue;
      const imperative = IMPERATIVE.test(body);
      if (!imperative && !ADDRESSED.test(body)) continue;
      for (const m of body.matchAll(re)) {
        const word = m[0];
        const term = terms[m.findIndex((g, i) => i > 0 && g !== undefined) - 1] as Term;
        if ((term.imperativeOnly && !imperative) || allow.has(normalize(word))) continue;
        if (isMadeConcrete(word, body.slice((m.index ?? 0) + word.length), body.slice(0, m.index ?? 0))) continue;
        const start = offset + (m.index ?? 0);
        if (PURPOSE.test(body.slice(0, m.index ?? 0)) || SPELLED_OUT_NEXT.test(doc.prose.slice(start + word.length, start + word.length + 200))) continue;
        report({
          range: doc.range(start, start + word.length),
          message: `Unexpected vague '${word.replace(/\s+/g, ' ')}', expected ${term.instead}`,
        });
      }
    }
  },
});
