/**
 * Re-parsing after an edit without parsing the whole file again: only the top-level blocks the edit
 * touched, with one unchanged block of margin on each side, are parsed; the blocks before are kept
 * as they are and the blocks after are moved by the edit's length. A 300 KB system prompt takes
 * remark 150–800 ms to parse and one paragraph a millisecond.
 *
 * Markdown is not block-local everywhere, so the re-parsed window is widened, or the shortcut
 * refused (`undefined`: parse the whole text), wherever a whole parse could differ:
 * - the unchanged block before the edit is in the window (`===` under a paragraph makes it a
 *   heading, a line can continue the paragraph above it), and the window starts and ends where the
 *   parser is in its starting state: after a heading or a thematic break, or a blank line after any
 *   other block but a list or indented code (right after indented code, `2) x` is a paragraph;
 *   parsed alone, it is a list; the block after a list can come out cut in two);
 * - the last block of the window must come out of the new parse exactly as it was (same types and
 *   spans all the way down): then the parser is left as it was, and what follows parses as before;
 *   an unclosed fence or comment that now swallows what follows fails it;
 * - the window keeps a block of margin on each side for the rules, but when the parser is in its
 *   starting state at the touched blocks and after them, before the edit and after it, only those
 *   are parsed (with the next block's first line, which must still open the same block): a keystroke
 *   in a paragraph under a heading parses the paragraph, not the long list after it;
 * - link and footnote definitions reach the whole file, so a file that has any is parsed whole;
 * - frontmatter is only frontmatter at the start of the file, and a file that opens with `---`
 *   but never closes it parses differently throughout (every list reads as a paragraph): an edit
 *   there is re-parsed in part only when the frontmatter is closed before and after it.
 * The equivalence of both ways is a property test (test/unit/incremental.test.ts).
 */
import type { Nodes, Root, RootContent } from 'mdast';
import { parseMarkdown } from './document';
import type { LineIndex } from './text';

/** Where the texts differ: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

const CHUNK = 512;

/** The smallest change that turns `before` into `after` (a common prefix and suffix kept). */
export function changeBetween(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  // Whole chunks first, compared natively (a keystroke in a 300 KB file compared one character at
  // a time took most of a millisecond), then character by character.
  let start = 0;
  while (start + CHUNK <= max && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  const b = before.length;
  const a = after.length;
  while (tail + CHUNK <= max - start && before.slice(b - tail - CHUNK, b - tail) === after.slice(a - tail - CHUNK, a - tail)) tail += CHUNK;
  while (tail < max - start && before.charCodeAt(b - 1 - tail) === after.charCodeAt(a - 1 - tail)) tail++;
  // A CR LF pair is one line break: never cut between its halves.
  if (start > 0 && before.charCodeAt(start - 1) === 13 && before.charCodeAt(start) === 10) start--;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/** What the re-parse did: the new tree, and the lines of the old text whose blocks were parsed anew. */
export interface Reparse {
  ast: Root;
  /** Offsets of the re-parsed window: `[start, oldEnd)` in the old text is `[start, newEnd)` in the new one. */
  window: TextChange;
  /**
   * The part of the new text parsed again: the window, or less of it when the blocks the change
   * touched could be parsed alone (the rest of the window is the old tree's, moved).
   */
  parsed: { start: number; end: number };
  /** Zero-based lines: `[startLine, oldEndLine]` of the old text became `[startLine, newEndLine]`. */
  startLine: number;
  oldEndLine: number;
  newEndLine: number;
}

/**
 * The tree of `after` from the tree of `before`, or undefined when only a whole parse is right.
 * The result takes the old tree over: its blocks before the change are shared and those after it
 * moved in place, so the old tree must not be read again once this returns a tree.
 */
export function reparse(
  before: { text: string; ast: Root; lines: LineIndex },
  after: string,
  afterLines: LineIndex,
  change = changeBetween(before.text, after),
): Reparse | undefined {
  if (!change) return undefined;
  const blocks = before.ast.children;
  if (blocks.length === 0 || hasDefinitions(before.ast)) return undefined;
  // A file that opens with `---` is frontmatter up to the next `---` line wherever that is, and
  // when there is none the parser reads every later list as a paragraph: the opening decides
  // how all of the file parses, unless it is closed before the change.
  const head = blocks[0] as RootContent;
  const opensWithFence = FENCE_START.test(before.text) || FENCE_START.test(after);
  const frontmatterChanged = opensWithFence && !(head.type === 'yaml' && end(head) < change.start);
  // Typing in the frontmatter is fine while it stays frontmatter (checked after the parse).
  if (frontmatterChanged && head.type !== 'yaml') return undefined;
  const delta = change.newEnd - change.oldEnd;

  // The blocks the change touches, one more on each side, widened to blank lines.
  let touchedFirst = blocks.findIndex((b) => end(b) >= change.start);
  if (touchedFirst < 0) touchedFirst = blocks.length - 1;
  let touchedLast = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (start(blocks[i] as RootContent) <= change.oldEnd) {
      touchedLast = i;
      break;
    }
  }
  touchedLast = Math.max(touchedLast, touchedFirst);
  let first = Math.max(0, touchedFirst - 1);
  let last = Math.min(blocks.length - 1, touchedLast + 1);
  // Block-scoped rules may read a little past their block ("Use the right tools:" and the list
  // after it): every block that near the change is checked again.
  while (first > 0 && change.start - end(blocks[first - 1] as RootContent) < NEARBY) first--;
  while (last < blocks.length - 1 && start(blocks[last + 1] as RootContent) - change.oldEnd < NEARBY) last++;
  // The window starts and ends where the parser is in its starting state (`closedBefore`): right
  // after other blocks it still holds something (after indented code, `2) x` does not open a list;
  // the block after a list can come out cut in two), and the window's blocks would parse otherwise
  // alone than in the file.
  while (first > 0 && !freshAt(before, first)) first--;
  while (last < blocks.length - 1 && !freshAt(before, last + 1)) last++;
  if (blocks[first]?.type === 'yaml' && first > 0) return undefined;

  const startLine = first === 0 ? 0 : line(blocks[first] as RootContent);
  const windowStart = first === 0 ? 0 : before.lines.lineStart(startLine);
  const atEnd = last === blocks.length - 1;
  let oldEnd = atEnd ? before.text.length : lineEnd(before.text, end(blocks[last] as RootContent));
  if (windowStart > change.start) return undefined;
  if (oldEnd < change.oldEnd) {
    if (!atEnd) return undefined;
    oldEnd = before.text.length;
  }
  const newEnd = oldEnd + delta;
  const oldEndLine = before.lines.positionAt(oldEnd).line;
  const newEndLine = afterLines.positionAt(newEnd).line;
  const fresh =
    (frontmatterChanged ? undefined : narrowParse(before, after, afterLines, change, { first: touchedFirst, last: touchedLast }, { first, last })) ??
    windowParse(before, after, { start: windowStart, oldEnd, newEnd }, startLine, { first, last, atEnd }, frontmatterChanged, newEndLine - oldEndLine);
  if (!fresh) return undefined;
  // The blocks after the window move in place: copying them would be most of a keystroke's
  // garbage in a large file. From here on the old tree belongs to the new text.
  const rest = blocks.slice(fresh.to);
  for (const node of rest) move(node, delta, newEndLine - oldEndLine);
  const ast: Root = { type: 'root', children: [...blocks.slice(0, fresh.from), ...fresh.nodes, ...rest] };
  const rootStart = fresh.from === 0 ? fresh.position : before.ast.position;
  if (rootStart) ast.position = { start: { ...rootStart.start }, end: point(afterLines, after.length) };
  // Neither the old tree nor the window has definitions (both checked above): the next keystroke
  // need not walk the whole tree to find that out.
  DEFINES.set(ast, false);
  return { ast, window: { start: windowStart, oldEnd, newEnd }, parsed: { start: fresh.start, end: fresh.end }, startLine, oldEndLine, newEndLine };
}

/** Blocks parsed again: `[from, to)` of the old tree's top-level blocks became `nodes`, in place in the new text. */
interface Fresh {
  from: number;
  to: number;
  nodes: RootContent[];
  /** The text parsed, in the new text's offsets. */
  start: number;
  end: number;
  /** The parse's root position: the new tree's start when `from` is 0. */
  position: Root['position'];
}

/**
 * The whole window parsed again: its last block must come out exactly as it was (same types and
 * spans all the way down, moved by `lineDelta` lines), so the parser leaves it in the same state
 * and what follows parses as before.
 */
function windowParse(
  before: { ast: Root },
  after: string,
  window: TextChange,
  startLine: number,
  blocks: { first: number; last: number; atEnd: boolean },
  frontmatterChanged: boolean,
  lineDelta: number,
): Fresh | undefined {
  const windowText = after.slice(window.start, window.newEnd);
  // Only at the start of a file is a byte order mark dropped and `---` frontmatter.
  if (window.start > 0 && windowText.charCodeAt(0) === 0xfeff) return undefined;
  // Parsed alone, the window's first line is line 1 of a document of its own; it starts at a
  // line's start, so columns stay as they are.
  // From the middle of a file, a `---` line is a thematic break: parsed without frontmatter (the
  // parser's attempt at unclosed frontmatter would turn every later list into a paragraph).
  const parsed = parseMarkdown(windowText, window.start === 0);
  const nodes = parsed.children;
  if (hasDefinitions(parsed)) return undefined;
  if (frontmatterChanged && (window.start > 0 || nodes[0]?.type !== 'yaml')) return undefined;
  for (const node of nodes) move(node, window.start, startLine);
  if (!blocks.atEnd) {
    const lastOld = before.ast.children[blocks.last] as RootContent;
    const lastNew = nodes[nodes.length - 1];
    if (!lastNew || !sameShape(lastOld, lastNew, window.newEnd - window.oldEnd, lineDelta)) return undefined;
    nodes.pop();
  }
  return { from: blocks.first, to: blocks.atEnd ? before.ast.children.length : blocks.last, nodes, start: window.start, end: window.newEnd, position: parsed.position };
}

/**
 * Only the blocks the change touches parsed again, when the window's other blocks (the margins kept
 * for the rules, which may be long lists) need not be; undefined when that cannot be told, and the
 * whole window is parsed. The touched blocks are parsed alone when the parser is in its starting
 * state where they start (`closedBefore`), else from the window's start; and with the first line of
 * the block after them: when that line still opens a top-level block of the same type at the same
 * place, the blocks before it have ended there as they did before, and from there on the parser
 * reads the same text from the same state, so the old blocks stand, moved.
 */
function narrowParse(
  before: { text: string; ast: Root; lines: LineIndex },
  after: string,
  afterLines: LineIndex,
  change: TextChange,
  touched: { first: number; last: number },
  window: { first: number; last: number },
): Fresh | undefined {
  const blocks = before.ast.children;
  const startsAt = (i: number) => (i === 0 ? 0 : before.lines.lineStart(line(blocks[i] as RootContent)));
  // The window's start is at or before the change (`reparse` checks); the touched blocks' may not be.
  const from = touched.first > window.first && startsAt(touched.first) <= change.start && freshAt(before, touched.first) ? touched.first : window.first;
  const to = touched.last + 1;
  if (from === window.first && to > window.last) return undefined;
  const startLine = from === 0 ? 0 : line(blocks[from] as RootContent);
  const parseStart = startsAt(from);
  if (parseStart > 0 && after.charCodeAt(parseStart) === 0xfeff) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const next = to < blocks.length ? (blocks[to] as RootContent) : undefined;
  // The text up to the end of the next block's first line.
  const nextAt = next ? start(next) + delta : after.length;
  const parseEnd = next ? lineEnd(after, nextAt) : after.length;
  // The parser must be in its starting state at the next block's line, before the edit and after it.
  if (next && !freshAt(before, to)) return undefined;
  const parsed = parseMarkdown(after.slice(parseStart, parseEnd), parseStart === 0);
  if (hasDefinitions(parsed)) return undefined;
  const nodes = parsed.children;
  for (const node of nodes) move(node, parseStart, startLine);
  if (next) {
    const opened = nodes.pop();
    const ended = nodes[nodes.length - 1];
    if (!opened || opened.type !== next.type || start(opened) !== nextAt) return undefined;
    if (!ended || !closedBefore(after, afterLines, ended, afterLines.lineStart(line(opened)))) return undefined;
  }
  return { from, to, nodes, start: parseStart, end: parseEnd, position: parsed.position };
}

/** Whether the parser is in its starting state at the line where the old tree's top-level block `i` starts. */
function freshAt(before: { text: string; ast: Root; lines: LineIndex }, i: number): boolean {
  const blocks = before.ast.children;
  return closedBefore(before.text, before.lines, blocks[i - 1] as RootContent, before.lines.lineStart(line(blocks[i] as RootContent)));
}

/**
 * Whether the parser is in its starting state at `lineStart`, whatever follows it: the block before,
 * `previous`, has ended for good. A heading or a rule ends on its line; other blocks end at a blank
 * line, but for a list (an indented line after a blank one goes on with its item) and indented code
 * (which runs on across blank lines).
 */
function closedBefore(text: string, lines: LineIndex, previous: RootContent, lineStart: number): boolean {
  if (previous.type === 'heading' || previous.type === 'thematicBreak') return true;
  if (previous.type === 'list') return false;
  if (previous.type === 'code') {
    const from = lines.lineStart(line(previous));
    if (!/^ {0,3}(?:```|~~~)/.test(text.slice(from, from + 6))) return false;
  }
  let breaks = 0;
  for (let i = end(previous); i < lineStart; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      if (++breaks >= 2) return true;
    } else if (c !== 32 && c !== 9 && c !== 13) breaks = 0;
  }
  return false;
}

/**
 * How far (in characters) a block-scoped rule may look beyond the block a finding is in; blocks
 * closer than this to a change are re-parsed and re-checked with it.
 */
export const NEARBY = 256;

/** A first line that opens YAML frontmatter (after a byte order mark, if any). */
const FENCE_START = /^\ufeff?---[ \t]*(?:\r|\n|$)/;

function start(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

function end(node: Nodes): number {
  return node.position?.end.offset ?? 0;
}

function line(node: Nodes): number {
  return (node.position?.start.line ?? 1) - 1;
}

function point(lines: LineIndex, offset: number): { line: number; column: number; offset: number } {
  const p = lines.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1, offset };
}

/** The offset of the line break that ends the line `offset` is on (or the text's end). */
function lineEnd(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

const DEFINES = new WeakMap<Root, boolean>();

/** Whether a tree has link or footnote definitions anywhere (they change how the whole file parses). */
function hasDefinitions(ast: Root): boolean {
  let known = DEFINES.get(ast);
  if (known === undefined) {
    const walk = (node: Nodes): boolean =>
      node.type === 'definition' || node.type === 'footnoteDefinition' || ('children' in node && node.children.some((c) => walk(c as Nodes)));
    known = walk(ast);
    DEFINES.set(ast, known);
  }
  return known;
}

/** Moves a subtree by `offsets` characters and `lines` lines (its columns stay). */
function move(node: Nodes, offsets: number, lines: number): void {
  const position = node.position;
  if (position) {
    for (const p of [position.start, position.end]) {
      if (p.offset !== undefined) p.offset += offsets;
      p.line += lines;
    }
  }
  if ('children' in node) for (const child of node.children) move(child as Nodes, offsets, lines);
}

/** The same node types and spans all the way down, `b` being `a` moved by `offsets` and `lines`. */
function sameShape(a: Nodes, b: Nodes, offsets: number, lines: number): boolean {
  if (a.type !== b.type) return false;
  const pa = a.position;
  const pb = b.position;
  if (!pa || !pb) return pa === pb;
  if ((pa.start.offset ?? 0) + offsets !== pb.start.offset || (pa.end.offset ?? 0) + offsets !== pb.end.offset) return false;
  if (pa.start.line + lines !== pb.start.line || pa.start.column !== pb.start.column || pa.end.column !== pb.end.column) return false;
  const ca = 'children' in a ? (a.children as Nodes[]) : [];
  const cb = 'children' in b ? (b.children as Nodes[]) : [];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) if (!sameShape(ca[i] as Nodes, cb[i] as Nodes, offsets, lines)) return false;
  return true;
}
