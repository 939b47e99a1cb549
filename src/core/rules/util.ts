/** Helpers shared by several rules. */
import type { Nodes } from 'mdast';
import { wholeDocument, type PromptDocument, type ProseBlock } from '../document';
import type { Kind, Range } from '../types';

/** The first line: where rules report what the whole file lacks. */
export function topRange(doc: PromptDocument): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: doc.lines.lineText(0).length } };
}

/**
 * A frontmatter tool list as names: a YAML list, or a comma- or space-separated string
 * (`Read, Grep, Bash(git status:*)`: a command restriction stays one name). `[]` for `null` (an
 * empty key), undefined when the value is neither.
 */
export function toolNames(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(/,(?![^()]*\))|\s+(?![^()]*\))/).map((v) => v.trim()).filter(Boolean);
  if (value === null) return [];
  return undefined;
}

/** The noun a message uses for a file of this kind. */
export function kindNoun(kind: Kind | undefined): string {
  switch (kind) {
    case 'prompt':
      return 'prompt';
    case 'instructions':
      return 'instructions file';
    case 'agent':
      return 'agent';
    case 'context':
      return 'context file';
    case 'rules':
      return 'rules file';
    case 'skill':
      return 'skill';
    default:
      return 'file';
  }
}

/** The file's line break, so inserted lines match the rest. */
export function lineBreak(doc: PromptDocument): string {
  return doc.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Verbs that open a task ("Review the diff", "Summarize the thread"), base form, as a regular expression alternation. */
export const TASK_VERBS = [
  'act|add|adapt|advise|analy[sz]e|annotate|answer|apply|ask|assess|assist|audit|brainstorm|build|calculate',
  'categori[sz]e|check|choose|clarify|classify|clean|coach|collect|commit|compare|compile|complete|compose|compute',
  'configure|construct|continue|convert|correct|craft|create|critique|curate|debug|decide|define|deploy|depict',
  'describe|design|detect|determine|develop|diagnose|document|draft|draw|edit|elaborate|emulate|enhance|estimate',
  'evaluate|examine|execute|expand|explain|explore|extract|fetch|fill|find|fix|format|gather|generate|give|grade',
  'group|guide|help|identify|illustrate|imagine|implement|improve|inspect|install|interpret|interview|investigate',
  'list|locate|make|map|merge|migrate|modernize|name|narrate|open|optimi[sz]e|organi[sz]e|outline|paint|paraphrase',
  'parse|perform|pick|plan|play|predict|prepare|present|pretend|process|produce|proofread|propose|provide|publish',
  'push|quiz|rank|rate|read|recommend|refactor|refine|remove|rename|render|reply|report|research|resolve|respond',
  'restructure|retrieve|review|rewrite|roleplay|run|scaffold|scan|score|search|select|send|set up|show|simplify',
  'simulate|sketch|solve|sort|specify|split|study|suggest|summari[sz]e|support|take|teach|tell|test|trace|track',
  'transcribe|transform|translate|troubleshoot|turn|tutor|update|upgrade|validate|verify|visuali[sz]e|walk|work|write',
].join('|');

/**
 * Where a "does the file say X?" rule looks: every heading, what the file says, the frontmatter's
 * `description`, and the names of prompt-style tags (`<output_format>`).
 */
export interface Signals {
  headings: readonly string[];
  /**
   * The file's words on one line: prose with inline code kept, plus the text of fenced prompts;
   * other code blocks and the frontmatter left out.
   */
  text: string;
  /**
   * Contents of fences that hold prompt text rather than code (```` ```prompt ````, ```` ```markdown ````,
   * unlabelled): collections often quote a whole prompt, or the output it expects, in one.
   */
  fencedPrompts: readonly string[];
  /** The frontmatter's `description`, or `''`. */
  description: string;
  tags: readonly string[];
  /** True when the prose reads as English: the word lists of the direction rules are English. */
  english: boolean;
}

const PROMPT_FENCE = /^(?:prompt|markdown|md|text|txt|plaintext)?$/;
const signalsCache = new WeakMap<PromptDocument, Signals>();

export function signalsOf(view: PromptDocument): Signals {
  // A block-scoped rule's restricted view asks about the whole file.
  const doc = wholeDocument(view);
  const hit = signalsCache.get(doc);
  if (hit) return hit;
  const tags = new Set<string>();
  for (const m of doc.nonCode.matchAll(/<([A-Za-z][\w-]*)[^<>\n]*>/g)) tags.add((m[1] as string).toLowerCase());
  const fencedPrompts: string[] = [];
  const skipped: [number, number][] = [];
  if (doc.frontmatter) skipped.push([doc.lines.offsetAt(doc.frontmatter.range.start), doc.lines.offsetAt(doc.frontmatter.range.end)]);
  visit(doc.ast, (node) => {
    if (node.type !== 'code' || !node.position) return;
    skipped.push([node.position.start.offset ?? 0, node.position.end.offset ?? 0]);
    if (PROMPT_FENCE.test(node.lang ?? '')) fencedPrompts.push(node.value);
  });
  // The file's words on one line cost a copy of the file: made when a rule first asks.
  let text: string | undefined;
  const wordsOnOneLine = () => {
    const kept: string[] = [];
    let from = 0;
    for (const [start, end] of skipped) {
      kept.push(doc.text.slice(from, start));
      from = end;
    }
    kept.push(doc.text.slice(from), ...fencedPrompts);
    return kept.join(' ').replace(/\s+/g, ' ');
  };
  const signals: Signals = {
    headings: doc.allSections.map((s) => s.title),
    get text() {
      return (text ??= wordsOnOneLine());
    },
    fencedPrompts,
    description: typeof doc.frontmatter?.data['description'] === 'string' ? doc.frontmatter.data['description'] : '',
    tags: [...tags],
    english: isEnglish(doc),
  };
  signalsCache.set(doc, signals);
  return signals;
}

function visit(node: Nodes, fn: (node: Nodes) => void): void {
  fn(node);
  if ('children' in node) for (const child of node.children) visit(child as Nodes, fn);
}

export function isEnglish(view: PromptDocument): boolean {
  const doc = wholeDocument(view);
  const stats = proseStats(doc);
  // Very short texts count when they are plain ASCII words.
  if (stats.lowerWords < 8) return (doc.prose.toLowerCase().match(/\p{L}+/gu) ?? []).every((w) => /^[a-z]+$/.test(w));
  return stats.functionWords / stats.lowerWords >= 0.08;
}

const FUNCTION_WORDS = 'a an and are as at be by do for from has have if in is it not of on or that the this to was we when will with you your'.split(' ');
/** The function words (none longer than four letters) packed as `packWord` packs them. */
const PACKED_FUNCTION_WORDS = new Set(FUNCTION_WORDS.map((w) => packWord(w, 0, w.length)));

/** Up to four ASCII lower-case letters as one number (seven bits a letter), to look words up without cutting them out. */
function packWord(text: string, start: number, end: number): number {
  let packed = 0;
  for (let i = start; i < end; i++) packed = (packed << 7) | text.charCodeAt(i);
  return packed;
}

const LETTER = /\p{L}/u;
const letterCache = new Map<number, boolean>();
/** The length in code units of the letter (`\p{L}`) at `i`, or 0. */
function letterAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? 1 : 0;
  const point = text.codePointAt(i) as number;
  let letter = letterCache.get(point);
  if (letter === undefined) {
    letter = LETTER.test(String.fromCodePoint(point));
    if (letterCache.size < 65536) letterCache.set(point, letter);
  }
  return letter ? (point > 0xffff ? 2 : 1) : 0;
}

/** Counts the words (runs of `\p{L}`) of `text`, and those of them that are function words (`text` lower-cased). */
export function countWords(text: string, functionWords: boolean): { words: number; functionWords: number } {
  let words = 0;
  let found = 0;
  let i = 0;
  while (i < text.length) {
    let step = letterAt(text, i);
    if (step === 0) {
      i++;
      continue;
    }
    const start = i;
    let ascii = true;
    while (step > 0) {
      if (step === 2 || text.charCodeAt(i) >= 0x80) ascii = false;
      i += step;
      step = i < text.length ? letterAt(text, i) : 0;
    }
    words++;
    if (functionWords && ascii && i - start <= 4 && PACKED_FUNCTION_WORDS.has(packWord(text, start, i))) found++;
  }
  return { words, functionWords: found };
}

/**
 * Word counts of a file's prose, for the whole-file judgements (is it English, is it an image
 * prompt). In English prose about one word in four is one of the function words; other languages
 * have almost none of them, so one in twelve is a safe line. Very short texts count when they are
 * plain ASCII words.
 */
interface ProseStats {
  /** Words as written. */
  words: number;
  /** Words after lower-casing (a few letters lower-case to two: `İ`). */
  lowerWords: number;
  functionWords: number;
  /** The media words found, lower-cased, in order. */
  media: string[];
}

const statsCache = new WeakMap<PromptDocument, ProseStats>();
/**
 * Counts per prose block, by the block's text: after an edit only the changed blocks are counted
 * again (a 300 KB file's prose takes 10 ms to count). Only large files are remembered: a small
 * one is counted faster than its blocks are looked up, and a batch run would only churn the memo.
 */
const blockStats = new Map<string, ProseStats>();

function proseStats(doc: PromptDocument): ProseStats {
  let stats = statsCache.get(doc);
  if (stats) return stats;
  stats = { words: 0, lowerWords: 0, functionWords: 0, media: [] };
  const remember = remembers(doc);
  // Prose outside the blocks is blank, so words never run across two blocks.
  for (const block of doc.proseBlocks) {
    let one = remember ? blockStats.get(block.text) : undefined;
    if (!one) {
      one = countProse(block.text);
      if (remember) {
        if (blockStats.size >= MEMO_SIZE) blockStats.clear();
        blockStats.set(detached(block.text), one);
      }
    }
    stats.words += one.words;
    stats.lowerWords += one.lowerWords;
    stats.functionWords += one.functionWords;
    for (const m of one.media) stats.media.push(m);
  }
  statsCache.set(doc, stats);
  return stats;
}

function countProse(prose: string): ProseStats {
  const lower = prose.toLowerCase();
  // Counted in place: cutting every word out was most of the time and memory of a batch run's count.
  const counts = countWords(lower, true);
  return {
    // Lower-casing that keeps every character one character keeps the words as they were.
    words: lower.length === prose.length ? counts.words : countWords(prose, false).words,
    lowerWords: counts.words,
    functionWords: counts.functionWords,
    media: (lower.match(MEDIA_WORDS) ?? []).map(detached),
  };
}

/**
 * A copy of `text` that holds on to nothing else. A slice of a string keeps the whole string it
 * was cut from alive: a memo keyed by slices of a file's text would keep every version of every
 * file it saw.
 */
export function detached(text: string): string {
  return (` ${text}`).slice(1);
}

/**
 * `fn` remembered for the texts it saw lately (bounded, emptied when full: enough for the
 * sentences of a very large file). Rules that work sentence by sentence use it so that, after an
 * edit, only the sentences that changed are worked out again. `fn` must be pure, its results must
 * not be changed by callers, and they must not hold slices of a file's text (see `detached`).
 */
export function memoByText<T>(fn: (text: string) => T, max = MEMO_SIZE): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    if (!remembering) return fn(text);
    let value = memo.get(text);
    if (value === undefined && !memo.has(text)) {
      if (memo.size >= max) memo.clear();
      const key = detached(text);
      value = fn(key);
      memo.set(key, value);
    }
    return value as T;
  };
}

/** Entries a memo keeps: the sentences or blocks of the largest files in the corpus, with room. */
export const MEMO_SIZE = 8_000;

/**
 * Whether the memos remember: only while a large file is analysed (the analyzer sets it per
 * file). A small file is worked out faster than it is looked up, and a batch run over thousands of
 * files would only churn the memos and fill memory.
 */
let remembering = false;
let rememberFrom = 32 * 1024;

export function rememberTextsFor(doc: PromptDocument): void {
  remembering = remembers(doc);
}

function remembers(doc: PromptDocument): boolean {
  return doc.text.length >= rememberFrom;
}

/** From how many characters a file's texts are remembered (tests lower it to cover the memos). */
export function setRememberFrom(chars: number): number {
  const before = rememberFrom;
  rememberFrom = chars;
  return before;
}

/** Whether a memo should remember now (for memos that are not `memoByText`). */
export function rememberingTexts(): boolean {
  return remembering;
}

/** Words in the file's prose (letters only). */
export function proseWordCount(doc: PromptDocument): number {
  return proseStats(wholeDocument(doc)).words;
}

/** Words that mark an image, video or music prompt, where the description of the piece is the whole direction. */
const MEDIA_WORDS =
  /\b(?:photo(?:graph)?s?|photorealistic|portraits?|illustrat(?:ion|ed)|painting|cinematic|bokeh|depth of field|lens|camera|lighting|sunlight|(?:ultra|hyper)-?realistic|[48]k|3d|aspect ratio|--ar|close-up|wide-angle|watercolou?r|cartoon|anime|chibi|isometric|surreal|poster|wallpaper|pose|backdrop|silhouette|framing|palette|aesthetics?|svg|logos?|infographic|snapshot|selfie|telephoto|film grain|sepia|crayon|cyberpunk|in the style of|art styles?|vertical (?:framing|orientation|format)|bpm|vocals|chorus|melody)\b/gi;

/**
 * An image, video or music prompt (two or more such words, at least one in 150): the direction rules
 * that expect a task and an output format do not fit it.
 */
function describesMedia(doc: PromptDocument): boolean {
  const { media, words } = proseStats(doc);
  return new Set(media).size >= 2 && media.length * 150 >= words;
}

/** A file that is one JSON value (a structured image prompt, a payload): no prose to judge. */
function isJsonPayload(doc: PromptDocument): boolean {
  return /^\s*[[{][\s\S]*[\]}]\s*$/.test(doc.nonCode);
}

/**
 * A user-turn template that ends in an input label (`CONTENT:`, `user:`): the input is appended at run
 * time, and the task and the format are in that input or in the paired system prompt.
 */
function endsWithInputSlot(doc: PromptDocument): boolean {
  return /\b(?:content|input|text|question|query|request|task|user)\s*:\s*$/i.test(doc.prose.trimEnd());
}

/**
 * Whether the rules that look for a task, an output format or success criteria can judge the file:
 * English prose that is not a JSON payload, a media prompt or a user-turn stub.
 */
export function directionApplies(view: PromptDocument): boolean {
  const doc = wholeDocument(view);
  let applies = appliesCache.get(doc);
  if (applies === undefined) {
    applies = isEnglish(doc) && !isJsonPayload(doc) && !describesMedia(doc) && !endsWithInputSlot(doc);
    appliesCache.set(doc, applies);
  }
  return applies;
}

/** Several rules ask per file; the media and payload checks scan the whole prose. */
const appliesCache = new WeakMap<PromptDocument, boolean>();

/** Markup and list markers before a clause's first word. */
const LEAD = /^[^\p{L}]*/u;
/** Quoted spans: words in quotes are being talked about, not used. */
const QUOTED = /"[^"\n]*"|“[^”\n]*”|(?<!\w)'[^'\n]*'(?!\w)/g;

export interface Clause {
  /** The clause as written (prose, code blanked). */
  text: string;
  /** The clause from its first letter on, quoted spans blanked (same length as the source). */
  body: string;
  /** Offset of `body` in the document. */
  offset: number;
}

/**
 * Every clause of every prose sentence outside headings (sentences split at `:` and `;`): the
 * unit in which wording rules decide whether text directs the agent. With `keep`, only the
 * clauses of the sentences it accepts (and nothing is cached): a rule that looks for rare words
 * need not split every sentence.
 */
export function proseClauses(doc: PromptDocument, keep?: (sentence: string) => boolean): readonly Clause[] {
  const hit = keep ? undefined : clauseCache.get(doc);
  if (hit) return hit;
  const clauses: Clause[] = [];
  // Both lists are in document order: one pointer over the headings keeps this linear.
  const headings = doc.proseBlocks.filter((b) => b.type === 'heading');
  let h = 0;
  for (const sentence of doc.sentences) {
    while (h < headings.length && (headings[h] as ProseBlock).endOffset <= sentence.startOffset) h++;
    const heading = headings[h];
    if (heading && sentence.startOffset >= heading.startOffset) continue;
    const prose = doc.prose.slice(sentence.startOffset, sentence.endOffset);
    if (keep && !keep(prose)) continue;
    let offset = sentence.startOffset;
    for (const text of prose.split(/(?<=[:;])\s/)) {
      const unquoted = text.replace(QUOTED, (q) => ' '.repeat(q.length));
      const lead = LEAD.exec(unquoted)?.[0].length ?? 0;
      clauses.push({ text, body: unquoted.slice(lead), offset: offset + lead });
      offset += text.length + 1;
    }
  }
  if (!keep) clauseCache.set(doc, clauses);
  return clauses;
}

const clauseCache = new WeakMap<PromptDocument, Clause[]>();

/** How many items of `list` (in order of `startOf`) start before `offset`. */
export function countStartingBefore<T>(list: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(list[mid] as T) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
