/**
 * The sentences of a file as the instruction rules (`conflicting-instructions`,
 * `negative-only-instruction`, `duplicate-instruction`) compare them: prose with inline code kept,
 * each with the paragraph or list item it belongs to, its section, and whether it is shown rather
 * than meant (an example, a quote, a list of things not to do).
 */
import type { Nodes } from 'mdast';
import { editedFrom, type PromptDocument, type Section } from '../document';
import { detached, memoByText, TASK_VERBS } from './util';

/** A paragraph (or an HTML block of prompt-style tags) that holds sentences. */
export interface Block {
  start: number;
  end: number;
  kind: 'paragraph' | 'html';
  /** The list item the paragraph opens or belongs to. */
  item?: ListItem;
  /** Inside a block quote. */
  quoted: boolean;
  /** Holds a line that is a speaker's label (`USER`, `Assistant:`): a transcript, shown not meant. */
  dialogue?: boolean;
}

export interface ListItem {
  start: number;
  end: number;
  /** The item holds this one paragraph and nothing else (no nested list, no code). */
  single: boolean;
  /** Offset where the list that holds the item starts: items of one list share it. */
  listStart: number;
  /** A numbered list: its items are steps more often than standing rules. */
  ordered: boolean;
  /** The item this one is nested in. */
  parent?: ListItem;
}

/** What a unit is made of that depends only on its own text: kept after an edit outside the re-parsed window. */
export interface UnitText {
  readonly text: string;
  readonly raw: string;
  /** Opens with a speaker's label (`USER`, `Assistant:`). */
  readonly speaker: boolean;
  /** Opens with a label that shows it rather than means it (`SHOWN_LABEL`: `Bad:`, `❌`, `Example:`). */
  readonly labelled: boolean;
}

export interface Unit {
  /** The sentence with inline code kept, markup and link targets blanked, whitespace collapsed. */
  text: string;
  /** The same before whitespace is collapsed: `raw[i]` is the source character at `start + i`. */
  raw: string;
  /** What depends only on the text: the same object for the same sentence in the document before an edit. */
  own: UnitText;
  start: number;
  end: number;
  block: Block;
  /** Index of the sentence in its block, and how many the block has. */
  index: number;
  count: number;
  /** Innermost section, and the titles of every enclosing section, outermost first. */
  section: Section | undefined;
  headings: readonly string[];
  /** Inside a tag such as `<example>`, `<bad_example>`, `<sample_output>`. */
  inExampleTag: boolean;
  /** Index in `unitsOf(doc)`: the units before and after are its neighbours. */
  position: number;
}

const cache = new WeakMap<PromptDocument, Unit[]>();

/**
 * How the units of a document after an edit came from those of the document before it (`editedFrom`):
 * its first `kept` units are the first `kept` before, and its last ones are those before from `movedFrom`
 * on, moved. The ones between are the re-parsed window's.
 */
interface Carried {
  kept: number;
  movedFrom: number;
}

const carriedOver = new WeakMap<PromptDocument, Carried>();

/** Ends of a line that runs on into the next: a comma, a dash, a conjunction, an article. */
const RUNS_ON_CHARACTERS = new Set([',', ';', '(', '-', '–', '—', '&', '/']);
const RUNS_ON_WORDS = new Set(
  'a an the and or but nor of to in on at by for from with as than that which who is are be your our its their'.split(' '),
);

/** What opens a line that starts an instruction: a list marker or a capital letter, after any indent or `>`. */
const OPENS_INSTRUCTION = /[ \t>]*(?:[-*+•]\s|\d+[.)]\s|\p{Lu})/uy;

function isWordCharacter(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Where the line breaks that start a new instruction end in `raw`: the next line opens with a capital
 * letter or a list marker, and the line before does not run on (`RUNS_ON_…`, before any trailing
 * blanks). Each line is read from its break backwards and forwards only as far as its blanks and its
 * last word go, so the time is linear in the text (as one regular expression with a lookbehind over
 * the blanks it was quadratic: thousands of blanks on a line took most of a second).
 */
export function instructionBreaks(raw: string): number[] {
  const out: number[] = [];
  for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) {
    OPENS_INSTRUCTION.lastIndex = i + 1;
    if (!OPENS_INSTRUCTION.test(raw)) continue;
    let end = i;
    if (raw.charCodeAt(end - 1) === 13) end--;
    while (end > 0 && (raw.charCodeAt(end - 1) === 32 || raw.charCodeAt(end - 1) === 9)) end--;
    if (end > 0 && RUNS_ON_CHARACTERS.has(raw.charAt(end - 1))) continue;
    let word = end;
    while (word > 0 && isWordCharacter(raw.charCodeAt(word - 1))) word--;
    if (word < end && RUNS_ON_WORDS.has(raw.slice(word, end))) continue;
    out.push(i + 1);
  }
  return out;
}

/** A unit's own text and where it starts. */
interface Local {
  own: UnitText;
  start: number;
}

/** Every sentence of every paragraph and prompt-style HTML block (headings and tables left out). */
export function unitsOf(doc: PromptDocument): Unit[] {
  const hit = cache.get(doc);
  if (hit) return hit;
  const blocks = collectBlocks(doc);
  const sectionAt = sectionLocator(doc);
  const exampleTags = exampleTagRanges(doc);
  const units: Unit[] = [];
  let b = 0;
  const add = (own: UnitText, start: number) => {
    while (b < blocks.length && blocks[b]!.end <= start) b++;
    const block = blocks[b] as Block;
    if (own.speaker) block.dialogue = true;
    const { section, headings } = sectionAt(start);
    let inExampleTag = false;
    for (const [open, close] of exampleTags) if (start >= open && start < close) inExampleTag = true;
    units.push({
      text: own.text,
      raw: own.raw,
      own,
      start,
      end: start + own.raw.length,
      block,
      index: 0,
      count: 0,
      section,
      headings,
      inExampleTag,
      position: units.length,
    });
  };
  const prior = editedFrom(doc);
  const before = prior && cache.get(prior.doc);
  if (prior && before) {
    // The units of the document before the edit outside the re-parsed window (moved when after it),
    // and the window's own. Units never cross a top-level block, and the window is made of whole
    // top-level blocks.
    const { start, oldEnd, newEnd } = prior.edit.window;
    let kept = 0;
    for (; kept < before.length && before[kept]!.start < start; kept++) add(before[kept]!.own, before[kept]!.start);
    for (const local of localsOf(doc, blocks, start, newEnd)) add(local.own, local.start);
    let movedFrom = kept;
    while (movedFrom < before.length && before[movedFrom]!.start < oldEnd) movedFrom++;
    for (let i = movedFrom; i < before.length; i++) add(before[i]!.own, before[i]!.start + newEnd - oldEnd);
    carriedOver.set(doc, { kept, movedFrom });
  } else for (const local of localsOf(doc, blocks, 0, doc.text.length)) add(local.own, local.start);
  // Number the sentences of each block.
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (j < units.length && units[j]!.block === units[i]!.block) j++;
    for (let k = i; k < j; k++) {
      units[k]!.index = k - i;
      units[k]!.count = j - i;
    }
    i = j;
  }
  cache.set(doc, units);
  return units;
}

/** The units' own text of the sentences that start in `[from, to)`. */
function localsOf(doc: PromptDocument, blocks: readonly Block[], from: number, to: number): Local[] {
  // Sentences in `[from, to)` end by `to`: only the spans that overlap it count (after an edit, the window's).
  const spans = doc.codeSpans.filter((c) => c.end > from && c.start < to).sort((x, y) => x.start - y.start);
  const out: Local[] = [];
  const add = (raw: string, offset: number) => {
    const trimmed = raw.trim();
    // A list number the sentence splitter cut off ("1." in "…:\n 1. Answer"), or punctuation alone.
    if (!/\p{L}/u.test(trimmed)) return;
    // A slice of the prose would keep this version of it alive while the sentence is carried over edits.
    const body = detached(trimmed);
    const text = /\s\s|[\t\r\n]/.test(body) ? body.replace(/\s+/g, ' ') : body;
    const own = { raw: body, text, speaker: ROLE_LABEL.test(body), labelled: SHOWN_LABEL.test(text) };
    out.push({ own, start: offset + raw.length - raw.trimStart().length });
  };
  const sentences = doc.sentences;
  let b = 0;
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    if (s.startOffset < from) continue;
    if (s.startOffset >= to) break;
    while (b < blocks.length && blocks[b]!.end <= s.startOffset) b++;
    const block = blocks[b];
    if (!block || block.start > s.startOffset) continue;
    const next = sentences[i + 1];
    const limit = next && next.startOffset < block.end ? next.startOffset : block.end;
    const raw = wordsBetween(doc, spans, s.startOffset, limit);
    // Lines without a full stop are often one instruction each: "Always use X\nNever use Y".
    let at = 0;
    if (raw.includes('\n')) {
      for (const end of instructionBreaks(raw)) {
        add(raw.slice(at, end), s.startOffset + at);
        at = end;
      }
    }
    add(at ? raw.slice(at) : raw, s.startOffset + at);
  }
  return out;
}

const blocksCache = new WeakMap<PromptDocument, Block[]>();

/**
 * The paragraphs and HTML blocks, in document order. A top-level block's own depend on nothing
 * else: after an edit, those before the re-parsed window are the ones before it was, those after
 * it are moved, and only the window's are read from the tree.
 */
function collectBlocks(doc: PromptDocument): Block[] {
  const prior = editedFrom(doc);
  const before = prior && blocksCache.get(prior.doc);
  const blocks: Block[] = [];
  if (prior && before) {
    const { start, oldEnd, newEnd } = prior.edit.window;
    let i = 0;
    for (; i < before.length && before[i]!.start < start; i++) blocks.push(before[i]!);
    const inWindow = (node: Nodes) => {
      const at = node.position?.start.offset;
      return at !== undefined && at >= start && at < newEnd;
    };
    walkBlocks(doc.ast.children.filter(inWindow), blocks);
    while (i < before.length && before[i]!.start < oldEnd) i++;
    const move = mover(newEnd - oldEnd);
    for (; i < before.length; i++) blocks.push(move(before[i]!));
  } else walkBlocks(doc.ast.children, blocks);
  blocksCache.set(doc, blocks);
  return blocks;
}

/** Copies blocks `shift` characters on, the list items they share shared by the copies too. */
function mover(shift: number): (block: Block) => Block {
  if (shift === 0) return (block) => block;
  const moved = new Map<ListItem, ListItem>();
  const moveItem = (item: ListItem): ListItem => {
    let copy = moved.get(item);
    if (!copy) {
      copy = { start: item.start + shift, end: item.end + shift, single: item.single, listStart: item.listStart + shift, ordered: item.ordered };
      if (item.parent) copy.parent = moveItem(item.parent);
      moved.set(item, copy);
    }
    return copy;
  };
  return (block) => {
    const copy: Block = { start: block.start + shift, end: block.end + shift, kind: block.kind, quoted: block.quoted };
    if (block.item) copy.item = moveItem(block.item);
    return copy;
  };
}

function walkBlocks(nodes: readonly Nodes[], blocks: Block[]): void {
  const walk = (children: readonly Nodes[], item: ListItem | undefined, quoted: boolean, listStart: number, ordered: boolean) => {
    for (const node of children) {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) continue;
      if (node.type === 'paragraph' || node.type === 'html') {
        const block: Block = { start, end, kind: node.type, quoted };
        if (item) block.item = item;
        blocks.push(block);
      } else if (node.type === 'list') {
        walk(node.children, item, quoted, start, node.ordered === true);
      } else if (node.type === 'listItem') {
        const own: ListItem = {
          start,
          end,
          single: node.children.length === 1 && node.children[0]?.type === 'paragraph',
          listStart,
          ordered,
        };
        if (item) own.parent = item;
        walk(node.children, own, quoted, listStart, ordered);
      } else if (node.type === 'blockquote' || node.type === 'footnoteDefinition') {
        walk(node.children, item, quoted || node.type === 'blockquote', listStart, ordered);
      }
    }
  };
  walk(nodes, undefined, false, -1, false);
}

/**
 * The prose of `[from, to)` with inline code put back (`Use \`const\`` and `Use \`let\`` are different
 * instructions), emphasis markers and tags CommonMark left in the text (`<use_tools>`) blanked.
 */
function wordsBetween(doc: PromptDocument, spans: readonly { start: number; end: number }[], from: number, to: number): string {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end <= from) lo = mid + 1;
    else hi = mid;
  }
  let out = '';
  let at = from;
  for (let i = lo; i < spans.length && spans[i]!.start < to; i++) {
    const span = spans[i]!;
    const s = Math.max(span.start, from);
    const e = Math.min(span.end, to);
    out += doc.prose.slice(at, s) + doc.text.slice(s, e);
    at = e;
  }
  out += doc.prose.slice(at, to);
  return MAY_MARKUP.test(out) ? out.replace(MARKUP, (m) => ' '.repeat(m.length)) : out;
}

const MARKUP = /<\/?[A-Za-z][\w-]*>|[*_`~]+/g;
const MAY_MARKUP = /[<*_`~]/;

/** A speaker's label on a line of its own, or opening it: a transcript follows. */
const ROLE_LABEL = /^(?:user|assistant|human|ai|system|bot|customer|agent|model|q|a)\s*(?::|$)/i;

const NO_SECTION = { section: undefined, headings: [] };

/** Finds the innermost section at an offset, and the titles of its ancestors. */
function sectionLocator(doc: PromptDocument): (offset: number) => { section: Section | undefined; headings: string[] } {
  const all = doc.allSections;
  const parent = new Map<Section, Section | undefined>();
  const link = (list: Section[], up: Section | undefined) => {
    for (const s of list) {
      parent.set(s, up);
      link(s.children, s);
    }
  };
  link(doc.sections, undefined);
  const memo = new Map<Section, { section: Section; headings: string[] }>();
  // Offsets come in document order: the search for one goes on from where the one before stopped.
  // `section` is the last to start at or before the offset, or one it is nested in (every section
  // left on the way up has ended before the offset, and so before any later one).
  let found = -1;
  let section: Section | undefined;
  let last = -1;
  let hit: { section: Section; headings: string[] } | undefined;
  return (offset) => {
    if (offset < last) {
      found = -1;
      section = undefined;
    }
    last = offset;
    while (found + 1 < all.length && all[found + 1]!.startOffset <= offset) section = all[++found];
    while (section && section.endOffset <= offset) section = parent.get(section);
    if (!section) return NO_SECTION;
    if (hit?.section === section) return hit;
    hit = memo.get(section);
    if (!hit) {
      const headings: string[] = [];
      for (let s: Section | undefined = section; s; s = parent.get(s)) headings.unshift(s.title);
      hit = { section, headings };
      memo.set(section, hit);
    }
    return hit;
  };
}

/** Tags whose contents are shown, not meant: `<example>`, `<bad_example>`, `<sample_output>`, `<transcript>`. */
const EXAMPLE_TAG = /example|sample|demo|transcript|conversation|dialog|before|after|bad|wrong|incorrect|output/i;

/** Offsets `[start, end)` inside example-like tags, found in one pass (unclosed tags run to the end). */
function exampleTagRanges(doc: PromptDocument): [number, number][] {
  const ranges: [number, number][] = [];
  const open = new Map<string, number[]>();
  for (const m of doc.nonCode.matchAll(/<(\/?)([A-Za-z][\w-]*)[^<>\n]*>/g)) {
    const name = (m[2] as string).toLowerCase();
    if (!EXAMPLE_TAG.test(name)) continue;
    const stack = open.get(name) ?? [];
    if (m[1]) {
      const from = stack.pop();
      if (from !== undefined) ranges.push([from, m.index]);
    } else {
      stack.push(m.index);
      open.set(name, stack);
    }
  }
  return ranges;
}

/** Headings over text that shows what to write or what not to do rather than directing. */
export const EXAMPLE_HEADING =
  /\b(?:examples?|samples?|demos?|illustrations?|templates?|transcripts?|conversations?|dialogues?|scenarios?|use cases?|expected (?:output|result|response)s?)\b/i;
const exampleMemo = new WeakMap<readonly string[], boolean>();
const negativeMemo = new WeakMap<readonly string[], boolean>();

/** Under a heading such as "Examples", "Sample output", "Template". */
export function underExampleHeading(unit: Unit): boolean {
  let hit = exampleMemo.get(unit.headings);
  if (hit === undefined) exampleMemo.set(unit.headings, (hit = unit.headings.some((h) => EXAMPLE_HEADING.test(h))));
  return hit;
}

/** Under a heading such as "Don'ts", "Avoid", "Anti-patterns", "Bad". */
export function underNegativeHeading(unit: Unit): boolean {
  let hit = negativeMemo.get(unit.headings);
  if (hit === undefined) negativeMemo.set(unit.headings, (hit = unit.headings.some((h) => NEGATIVE_HEADING.test(h))));
  return hit;
}

/** Headings over lists of things not to do: their items read as positive but are not meant. */
export const NEGATIVE_HEADING =
  /\b(?:don['’]?t'?s?|do not|avoid|never|bad|wrong|incorrect|anti-?patterns?|mistakes?|pitfalls?|prohibited|forbidden|not allowed|what not|instead of)\b|❌|🚫|⛔/i;

/** A label that marks the sentence as an example of wording: `Bad:`, `❌`, `Example:`, `User:`. */
export const SHOWN_LABEL =
  /^\W*(?:bad|wrong|incorrect|avoid|don'?t|do not|never|good|better|right|correct|instead|example|e\.g\.|eg|input|output|user|assistant|human|ai|model|q|a|prompt|response|answer|before|after)\b[^:\n]{0,20}:|^\W*(?:❌|✗|✘|🚫|⛔|✅|✓|✔)/i;

/** Normalized words of a text: lowercase letters and digits. */
export function tokens(text: string): string[] {
  const lower = text.toLowerCase().replace(/['’]/g, '');
  return (/^[\x00-\x7f]*$/.test(lower) ? lower.match(/[a-z0-9]+/g) : lower.match(/[\p{L}\p{N}]+/gu)) ?? [];
}

/** The source text of a unit as a message quotes it: inline code kept, emphasis markers dropped. */
export function quote(doc: PromptDocument, unit: { start: number; end: number }, max = 60): string {
  return excerpt(doc.text.slice(unit.start, unit.end).replace(/\*+|__+/g, '').replace(/[\s.!;:,]+$/, ''), max);
}

/** A short excerpt for a message: at most `max` characters, cut at a word. */
export function excerpt(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** Verbs that open guidance rather than a task ("Keep…", "Use…", "Avoid…"). */
export const GUIDE_VERBS =
  "always|never|avoid|be|begin|call|cite|consider|do|don't|dont|emphasi[sz]e|ensure|favou?r|focus|follow|handle|include|keep|" +
  'leave|limit|link|log|maintain|mark|mention|pass|place|prefer|prioriti[sz]e|put|refer|rely|return|reuse|set|start|state|stay|' +
  'stick|stop|store|throw|treat|use|wrap|omit|skip|ignore|respect|apply|adhere|ask|assume|change|modify|delete|touch|' +
  'hardcode|hard-code|commit|introduce|expose|reveal|share|output|print|guess|invent|make|mix|nest|overuse|repeat';

/** Words that may come before an imperative's verb: "Please also …". */
export const OPENER = '(?:(?:please|then|also|and|so|first|now|finally|just|instead|only|again)[,]?\\s+)*';
/** Clauses that direct: an imperative, a "must"/"should", an "always"/"never". */
const DIRECTS = new RegExp(
  `^${OPENER}(?:${TASK_VERBS}|${GUIDE_VERBS})\\b|\\b(?:must|should|shall|need to|needs to|have to|has to|make sure|be sure|always|never|do not|don't|avoid)\\b`,
  'i',
);

/**
 * `fn` of a unit, for the units of a document (`unitsOf`), worked out when first asked. After an
 * edit, what was worked out for the units outside the re-parsed window is taken over from the
 * document before it: a keystroke in a file of thousands of sentences works out only the window's
 * again. So `fn` must read nothing but the text of the unit and of the other units of its block
 * (`units` from `unit.position - unit.index` on): a block is never cut by the window's edges.
 */
export function perUnit<T>(fn: (unit: Unit, units: readonly Unit[]) => T): (doc: PromptDocument) => (unit: Unit) => T {
  const memo = new WeakMap<PromptDocument, (T | undefined)[]>();
  return (doc) => {
    const units = unitsOf(doc);
    let values = memo.get(doc);
    if (!values) {
      const count = units.length;
      const carried = carriedOver.get(doc);
      const prior = editedFrom(doc);
      const before = carried && prior && memo.get(prior.doc);
      if (carried && before) {
        values = before.slice(0, carried.kept);
        values.length = count - (before.length - carried.movedFrom);
        for (let i = carried.movedFrom; i < before.length; i++) values.push(before[i]);
      } else values = new Array<T | undefined>(count);
      memo.set(doc, values);
    }
    const known = values;
    return (unit) => (known[unit.position] ??= fn(unit, units)) as T;
  };
}

/** True when the text (from its first letter on) directs the agent. */
export const directs = memoByText((text: string): boolean => DIRECTS.test(text.replace(/^[^\p{L}]+/u, '')));

/** Sentences that direct the agent (not examples, quotes, transcripts or lists of things to avoid). */
export function directsAgent(unit: Unit): boolean {
  return (
    !unit.inExampleTag &&
    !unit.block.quoted &&
    !unit.block.dialogue &&
    !underExampleHeading(unit) &&
    !underNegativeHeading(unit) &&
    !unit.own.labelled
  );
}
