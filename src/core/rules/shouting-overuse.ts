import { z } from 'zod';
import { editedFrom, type Placeholder, type PromptDocument } from '../document';
import { defineRule } from '../types';
import { countStartingBefore, detached, MEMO_SIZE, memoByText, rememberingTexts } from './util';

const OPTIONS = z
  .object({
    max: z
      .number()
      .int()
      .min(0)
      .default(5)
      .describe('Emphatic all-caps words a file may have before the rule reports (it also needs more than one per 100 words of prose).'),
  })
  .default({ max: 5 });

/** Emphasis words: they count wherever they stand. */
const EMPHATIC = new Set([
  'MUST', 'NEVER', 'ALWAYS', 'CRITICAL', 'IMPORTANT', 'DO NOT', "DON'T", 'DON’T', 'NOT', 'NO', 'ONLY', 'ALL', 'ANY',
  'EVER', 'EVERY', 'NONE', 'NOTHING', "CAN'T", 'CAN’T', "WON'T", 'WON’T', 'SHALL', 'SHOULD', 'REQUIRED', 'MANDATORY',
  'STRICTLY', 'ABSOLUTELY', 'VERY', 'EXACTLY', 'WARNING', 'STOP', 'FORBIDDEN', 'PROHIBITED', 'ESSENTIAL', 'CAREFUL',
  'CAREFULLY',
]);

/** All-caps words of four letters or more that are names, formats or labels, not emphasis. */
const ACRONYMS = new Set(
  (
    'JSON JSONL YAML TOML HTML HTTP HTTPS REST CRUD CORS CSRF SSRF RBAC SAML OAUTH OIDC ASCII UNIX POSIX UUID GUID ' +
    'README TODO TODOS FIXME HACK TBD NOTE NOTES CHANGELOG LICENSE CONTRIBUTING AGENTS CLAUDE GEMINI SKILL ' +
    'GDPR HIPAA SOC2 AJAX HTMX PNPM NULL TRUE FALSE NONE TYPE GET POST PATCH DELETE HEAD OPTIONS PUT ' +
    'SELECT FROM WHERE JOIN INSERT UPDATE ORDER GROUP LIMIT WITH CASE WHEN THEN ELSE AND NAN ' +
    'ISBN SWOT SMART KISS YAGNI SOLID DRY ASAP TLDR FAQS INFO DEBUG WARN ERROR FATAL TRACE ' +
    'USER SYSTEM ASSISTANT HUMAN MODEL AWS GCP ECMA WASM GRPC JWT JWTS SSH SFTP SMTP IMAP DNS TCP UDP ' +
    'PDF PNG JPEG JPG SVG WEBP HEIC MIDI UTF8 ISO CEO CTO CFO NASA NATO EOF LGTM WIP MVP OKRS KPIS SaaS ' +
    'HEAD MAIN ASIN NFT DAO APIS URLS LLMS GPTS'
  ).split(' '),
);

/**
 * All-caps words a file defines as its own terms, which it then uses as names, not as emphasis: a list
 * item that opens with the bold word and a dash or "guidelines" (`- **CRITICAL** — must be fixed before
 * merge`, `**DON'T** guidelines are …`), or the value of a label (`Severity: CRITICAL`).
 */
const DEFINED_TERM =
  /^[ \t]*(?:[-*+]|\d+\.)[ \t]+\*\*([A-Z][A-Z'’ ]*[A-Z])\*\*[ \t]*(?:[—–:-]|guidelines?\b)|\b(?:severity|priority|level|impact|risk|status)\**[ \t]*:\**[ \t]*\**([A-Z][A-Z'’]*[A-Z])\b/gim;
/** A file that declares RFC 2119 keywords uses MUST and SHOULD as defined terms. */
const RFC_2119 = /\b(?:RFC[ -]?2119|RFC[ -]?8174|BCP[ -]?14)\b/g;
const RFC_2119_KEYWORDS = new Set(['MUST', 'SHALL', 'SHOULD', 'REQUIRED', 'RECOMMENDED', 'MAY', 'OPTIONAL', 'NOT']);
/** Spans whose capitals are not emphasis: options and slots in brackets (`[SHORT / LONG / NONE]`, `[!IMPORTANT]`). */
const BRACKETED = /\[[^\]\n]{0,200}\]/g;
/** Capitals talked about rather than used: "placeholders in ALL CAPS". */
const MENTIONS_CAPITALS = /^(?:ALL CAPS|CAPS|CAPITALS|UPPERCASE|ALL UPPERCASE)$/;

/**
 * A run that is a whole line of four words or more with no closing punctuation is a heading written in
 * capitals ("EXAMPLE WITH PLACEHOLDER TEXT EXPLAINING WHAT SHOULD GO IN THE OUTPUT"), not a shouted rule.
 */
function isLabelLine(prose: string, run: readonly { word: string; start: number; end: number }[]): boolean {
  const first = run[0];
  const last = run[run.length - 1];
  if (!first || !last || run.length < 4) return false;
  const lineStart = prose.lastIndexOf('\n', first.start) + 1;
  const lineEnd = prose.indexOf('\n', last.end);
  const before = prose.slice(lineStart, first.start);
  const after = prose.slice(last.end, lineEnd < 0 ? prose.length : lineEnd);
  return /^[\s*_#>-]*$/.test(before) && /^[\s*_]*$/.test(after);
}

/** An all-caps word (`DO NOT` as one); not part of an identifier, a file name or a version. */
const CAPS = /(?<![\p{L}\p{N}_'’./$-])(?:DO NOT|[A-Z][A-Z'’]*[A-Z])(?![\p{L}\p{N}_'’-]|\.\w)/gu;

/** A line of prose: prose blocks on one line (a table row's cells) are read together. */
interface ProseLine {
  start: number;
  end: number;
  /** The text of a line of one block (a line of several is cut from the prose when it is read). */
  text: string | undefined;
}

function proseLines(doc: PromptDocument): ProseLine[] {
  const lines: ProseLine[] = [];
  for (const b of doc.proseBlocks) {
    if (b.type === 'heading') continue;
    const last = lines[lines.length - 1];
    if (last && !hasLineBreak(doc.prose, last.end, b.startOffset)) {
      last.end = b.endOffset;
      last.text = undefined;
    } else lines.push({ start: b.startOffset, end: b.endOffset, text: b.text });
  }
  return lines;
}

function lineText(doc: PromptDocument, line: ProseLine): string {
  return line.text ?? doc.prose.slice(line.start, line.end);
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * What is known of a line from its text, filled in as it is needed: whether it has an emphasis
 * word, and its count with the placeholders and defined terms it was counted with.
 */
interface LineFacts {
  emphasis?: boolean;
  slots?: string;
  termsKey?: string;
  count?: BlockCount;
}

const factsCache = new WeakMap<PromptDocument, { lines: ProseLine[]; facts: LineFacts[] }>();

/**
 * The facts of each line of `doc`. After an edit, those of the lines outside the re-parsed window
 * (same text, moved) are taken over from the document before it: the window starts and ends at a
 * line break, so no line runs across its edges.
 */
function lineFacts(doc: PromptDocument, lines: ProseLine[]): LineFacts[] {
  const prior = editedFrom(doc);
  const before = prior && factsCache.get(prior.doc);
  let facts: LineFacts[] | undefined;
  if (prior && before) {
    const { start, oldEnd, newEnd } = prior.edit.window;
    const kept = countStartingBefore(lines, start, (l) => l.start);
    const moved = countStartingBefore(lines, newEnd, (l) => l.start);
    const movedBefore = countStartingBefore(before.lines, oldEnd, (l) => l.start);
    if (countStartingBefore(before.lines, start, (l) => l.start) === kept && lines.length - moved === before.lines.length - movedBefore) {
      facts = before.facts.slice(0, kept);
      for (let i = kept; i < moved; i++) facts.push({});
      for (let i = movedBefore; i < before.lines.length; i++) facts.push(before.facts[i]!);
    }
  }
  facts ??= lines.map(() => ({}));
  factsCache.set(doc, { lines, facts });
  return facts;
}


/**
 * The matches of `re` (a global expression that never matches across a line break) in `doc`'s text, each
 * with the term it captured. After an edit, those outside the re-parsed window are taken over from
 * the document before it: the window starts and ends at a line break.
 */
function lineMatches(doc: PromptDocument, re: RegExp, cache: WeakMap<PromptDocument, LineMatch[]>): LineMatch[] {
  const hit = cache.get(doc);
  if (hit) return hit;
  const prior = editedFrom(doc);
  const before = prior && cache.get(prior.doc);
  const scan = (from: number, to: number, out: LineMatch[]) => {
    re.lastIndex = from;
    for (let m = re.exec(doc.text); m && m.index < to; m = re.exec(doc.text)) out.push({ index: m.index, term: detached(m[1] ?? m[2] ?? '') });
    re.lastIndex = 0;
  };
  const found: LineMatch[] = [];
  if (prior && before) {
    const { start, oldEnd, newEnd } = prior.edit.window;
    for (const m of before) if (m.index < start) found.push(m);
    scan(start, newEnd, found);
    for (const m of before) if (m.index >= oldEnd) found.push({ index: m.index + newEnd - oldEnd, term: m.term });
  } else scan(0, doc.text.length, found);
  cache.set(doc, found);
  return found;
}

interface LineMatch {
  index: number;
  term: string;
}

const definedTerms = new WeakMap<PromptDocument, LineMatch[]>();
const rfcCitations = new WeakMap<PromptDocument, LineMatch[]>();

/** Candidates for the quick check: a finding needs at least one emphasis word in a run. */
const EMPHASIS_WORD = /\b(?:DO NOT|[A-Z][A-Z'’]*[A-Z])\b/g;

/** Whether a prose text has an emphatic all-caps word at all. */
const hasEmphasis = memoByText((prose: string): boolean => prose.match(EMPHASIS_WORD)?.some((word) => EMPHATIC.has(word)) ?? false);

interface BlockCount {
  /** Words of prose (placeholders and bracketed options blanked). */
  words: number;
  /** The emphatic all-caps words, relative to the block's start. */
  found: { start: number; end: number }[];
}

/**
 * One line of prose blocks' words and shouting, remembered by its text (a string the document
 * keeps from one edit to the next, so looking it up costs nothing) with the last context it was
 * counted in: the placeholders in it (relative spans) and the file's defined terms.
 */
const counts = new Map<string, { slots: string; termsKey: string; count: BlockCount }>();
let lastTermsKey = '';

function countBlock(text: string, slots: string, termsKey: string): BlockCount {
  if (!rememberingTexts()) return countLine(text, slots, termsKey);
  const hit = counts.get(text);
  if (hit && hit.slots === slots && hit.termsKey === termsKey) return hit.count;
  if (counts.size >= MEMO_SIZE) counts.clear();
  const count = countLine(text, slots, termsKey);
  counts.set(detached(text), { slots, termsKey, count });
  return count;
}

function countLine(text: string, slots: string, termsKey: string): BlockCount {
  const terms = new Set(termsKey ? termsKey.split('\n') : []);
  // Placeholders and bracketed options blanked out, offsets kept.
  const blank: [number, number][] = [];
  for (const pair of slots ? slots.split(';') : []) {
    const [a, b] = pair.split(',').map(Number) as [number, number];
    blank.push([a, b]);
  }
  for (const m of text.matchAll(BRACKETED)) blank.push([m.index, m.index + m[0].length]);
  blank.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let from = 0;
  for (const [start, end] of blank) {
    if (end <= from) continue;
    const at = Math.max(start, from);
    parts.push(text.slice(from, at), text.slice(at, end).replace(/[^\r\n]/g, ' '));
    from = end;
  }
  parts.push(text.slice(from));
  const prose = parts.join('');
  const words = prose.match(/\p{L}+/gu)?.length ?? 0;
  // Runs of all-caps words ("DO NOT MODIFY THIS FILE"); one with no emphasis word in it is a name, an SQL
  // statement or an acronym, and counts for nothing.
  const runs: { word: string; start: number; end: number }[][] = [];
  let previousEnd = -1;
  for (const m of prose.matchAll(CAPS)) {
    if (terms.has(m[0])) continue;
    const token = { word: m[0], start: m.index, end: m.index + m[0].length };
    const last = runs[runs.length - 1];
    if (last && /^[ \t]+$/.test(prose.slice(previousEnd, token.start))) last.push(token);
    else runs.push([token]);
    previousEnd = token.end;
  }
  const found: { start: number; end: number }[] = [];
  for (const run of runs) {
    if (MENTIONS_CAPITALS.test(run.map((t) => t.word).join(' ')) || isLabelLine(prose, run)) continue;
    // `NOT NULL` is SQL, not emphasis.
    const emphatic = (i: number) => EMPHATIC.has(run[i]?.word ?? '') && !(run[i]?.word === 'NOT' && run[i + 1]?.word === 'NULL');
    if (!run.some((_, i) => emphatic(i))) continue;
    run.forEach((token, i) => {
      if (!emphatic(i)) {
        if (token.word.replace(/['’]/g, '').length < 4 || ACRONYMS.has(token.word)) return;
        // A label ("CONTEXT:", "OUTPUT:") names a part of the prompt.
        if (/^\s*:/.test(prose.slice(token.end, token.end + 3))) return;
      }
      found.push({ start: token.start, end: token.end });
    });
  }
  return { words, found };
}

export const shoutingOveruse = defineRule({
  meta: {
    id: 'shouting-overuse',
    category: 'direction',
    defaultSeverity: 'info',
    kinds: ['prompt', 'agent', 'instructions', 'rules', 'skill', 'context'],
    fixable: false,
    options: OPTIONS,
    docs: {
      summary: 'Reports files that shout: many emphatic all-caps words (MUST, NEVER, CRITICAL, DO NOT…) in the prose.',
      rationale:
        'Capitals were a way to make older models pay attention. Current models follow instructions closely and ' +
        'over-react to shouting: a capitalized rule is applied rigidly, even where it does not fit, and when every ' +
        'other line shouts, the rules that matter no longer stand out. A plain sentence with the reason for the ' +
        'rule ("Never log tokens: the logs are public") is followed more sensibly than capitals.',
      bad: 'You MUST ALWAYS use TypeScript. NEVER use `any`. It is CRITICAL that you DO NOT skip tests. IMPORTANT: ONLY edit files in `src/`.',
      good: 'Use TypeScript and avoid `any`: the build runs with `strict`. Run the tests before you finish, and edit only files in `src/`.',
      kindsNote:
        'Every kind of prompt and context file, in prose only: code, inline code, headings and placeholders are not ' +
        'counted. Emphasis words (MUST, NEVER, ALWAYS, CRITICAL, DO NOT…) count; other all-caps words of four letters ' +
        'or more count only next to one ("DO NOT MODIFY"), and never when they are known acronyms (JSON, HTTP, ' +
        'README…) or labels ending in a colon. Not counted either: words the file defines as its own terms (severity ' +
        'levels such as `- **CRITICAL** — …` and `Severity: CRITICAL`, Effective Dart\'s `**DON\'T** guidelines`, RFC 2119 ' +
        'keywords in a file that cites RFC 2119), options in brackets (`[SHORT / LONG / NONE]`) and "ALL CAPS" where the ' +
        'file talks about capitals, nor a line of four or more capitalized words with no closing punctuation (a heading ' +
        'in capitals). One report per file, at the first ' +
        'emphatic word, and only when the capitals are more than one per 100 words of prose.',
      options: '`max` (default `5`): the number of emphatic all-caps words a file may have before the rule reports.',
      precision: {
        right: 24,
        judged: 25,
        note:
          'Judged on a second sample after the first (21 of 25) showed capitals used as names: severity levels a file ' +
          'defines (`- **CRITICAL** — …`, `Severity: CRITICAL`), Effective Dart\'s `DON\'T` guidelines, options in ' +
          'brackets and "ALL CAPS" as a phrase; those are no longer counted. The one miss left was a heading written in ' +
          'capitals ("EXAMPLE WITH PLACEHOLDER TEXT EXPLAINING WHAT SHOULD GO IN THE OUTPUT"), not counted since. ' +
          'RFC 2119 keywords count unless the file cites RFC 2119.',
      },
    },
  },
  check({ doc, options, report }) {
    // Most files have a handful of capitals at most: nothing below runs unless a line has an
    // emphasis word. Lines are counted one by one; after an edit, the counts of the lines outside
    // the re-parsed window are taken over, and those of the window's remembered by their text.
    const lines = proseLines(doc);
    const facts = lineFacts(doc, lines);
    if (!lines.some((line, i) => (facts[i]!.emphasis ??= hasEmphasis(lineText(doc, line))))) return;
    const terms = new Set<string>();
    for (const { term } of lineMatches(doc, DEFINED_TERM, definedTerms)) terms.add(term);
    if (lineMatches(doc, RFC_2119, rfcCitations).length) for (const k of RFC_2119_KEYWORDS) terms.add(k);
    // The same terms as last time: the same string, so comparing contexts stays cheap.
    const joined = [...terms].sort().join('\n');
    const termsKey = joined === lastTermsKey ? lastTermsKey : (lastTermsKey = detached(joined));
    let words = 0;
    let count = 0;
    let first: { start: number; end: number } | undefined;
    let p = 0;
    const { placeholders } = doc;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      // Placeholders (`{{NAME}}`, `<YOUR_KEY>`) in the line, relative to its start.
      while (p < placeholders.length && (placeholders[p] as Placeholder).startOffset < line.start) p++;
      let joinedSlots = '';
      if (p < placeholders.length && (placeholders[p] as Placeholder).startOffset < line.end) {
        const slots: [number, number][] = [];
        for (let q = p; q < placeholders.length && (placeholders[q] as Placeholder).startOffset < line.end; q++) {
          const at = (placeholders[q] as Placeholder).startOffset - line.start;
          slots.push([at, at + (placeholders[q] as Placeholder).text.length]);
        }
        joinedSlots = slots.join(';');
      }
      const fact = facts[i]!;
      if (!fact.count || fact.slots !== joinedSlots || fact.termsKey !== termsKey) {
        fact.count = countBlock(lineText(doc, line), joinedSlots, termsKey);
        fact.slots = joinedSlots;
        fact.termsKey = termsKey;
      }
      const counted = fact.count;
      words += counted.words;
      count += counted.found.length;
      const own = counted.found[0];
      if (!first && own) first = { start: line.start + own.start, end: line.start + own.end };
    }
    if (count <= options.max || count * 100 <= words || !first) return;
    report({
      range: doc.range(first.start, first.end),
      message: `Unexpected shouting: ${count} emphatic all-caps words in ${words} words of prose, expected plain sentence case and the reason for each rule (modern models over-react to capitals)`,
    });
  },
});
