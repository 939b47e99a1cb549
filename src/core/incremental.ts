/**
 * Re-parsing after an edit without parsing the whole file again: only the top-level blocks the edit
 * touched, with one unchanged block of margin on each side, are parsed; the blocks before are kept
 * as they are and the blocks after are moved by the edit's length. A 300 KB system prompt takes
 * remark 150–800 ms to parse and one paragraph a millisecond.
 *
 * Markdown is not block-local everywhere, so the re-parsed window is widened, or the shortcut
 * refused (`undefined`: parse the whole text), wherever a whole parse could differ:
 * - the unchanged block before the edit is in the window (`===` under a paragraph makes it a
 *   heading, a line can continue the paragraph above it), and the window starts where the parser
 *   is in its starting state: after a blank line, a heading or a thematic break (right after
 *   indented code, `2) x` is a paragraph; parsed alone, it is a list);
 * - the last block of the window must come out of the new parse exactly as it was (same types and
 *   spans all the way down): then the parser is left as it was, and what follows parses as before;
 *   an unclosed fence or comment that now swallows what follows fails it;
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
  let first = blocks.findIndex((b) => end(b) >= change.start);
  if (first < 0) first = blocks.length - 1;
  first = Math.max(0, first - 1);
  let last = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (start(blocks[i] as RootContent) <= change.oldEnd) {
      last = i;
      break;
    }
  }
  last = Math.min(blocks.length - 1, Math.max(last, first) + 1);
  // Block-scoped rules may read a little past their block ("Use the right tools:" and the list
  // after it): every block that near the change is checked again.
  while (first > 0 && change.start - end(blocks[first - 1] as RootContent) < NEARBY) first--;
  // The parse can start afresh after a blank line or a heading or rule; right after other blocks
  // the parser still holds something (after indented code, `2) x` does not open a list).
  while (first > 0 && !startsAfresh(before.text, blocks[first - 1] as RootContent, blocks[first] as RootContent)) first--;
  while (last < blocks.length - 1 && start(blocks[last + 1] as RootContent) - change.oldEnd < NEARBY) last++;
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
  const windowText = after.slice(windowStart, newEnd);
  // Only at the start of a file is a byte order mark dropped and `---` frontmatter.
  if (windowStart > 0 && windowText.charCodeAt(0) === 0xfeff) return undefined;

  // Parsed alone, the window's first line is line 1 of a document of its own; it starts at a
  // line's start, so columns stay as they are.
  // From the middle of a file, a `---` line is a thematic break: parsed without frontmatter (the
  // parser's attempt at unclosed frontmatter would turn every later list into a paragraph).
  const parsed = parseMarkdown(windowText, windowStart === 0);
  const fresh = parsed.children;
  if (hasDefinitions(parsed)) return undefined;
  if (frontmatterChanged && (windowStart > 0 || fresh[0]?.type !== 'yaml')) return undefined;
  for (const node of fresh) move(node, windowStart, startLine);

  const oldEndLine = before.lines.positionAt(oldEnd).line;
  const newEndLine = afterLines.positionAt(newEnd).line;
  if (!atEnd) {
    // The window's last block must be the same block, only moved: then the parser leaves it in
    // the same state, and what follows parses as before.
    const lastOld = blocks[last] as RootContent;
    const lastNew = fresh[fresh.length - 1];
    if (!lastNew || !sameShape(lastOld, lastNew, delta, newEndLine - oldEndLine)) return undefined;
    fresh.pop();
  }
  // The blocks after the window move in place: copying them would be most of a keystroke's
  // garbage in a large file. From here on the old tree belongs to the new text.
  const rest = atEnd ? [] : blocks.slice(last);
  for (const node of rest) move(node, delta, newEndLine - oldEndLine);
  const ast: Root = { type: 'root', children: [...blocks.slice(0, first), ...fresh, ...rest] };
  const rootStart = windowStart === 0 ? parsed.position : before.ast.position;
  if (rootStart) ast.position = { start: { ...rootStart.start }, end: point(afterLines, after.length) };
  // Neither the old tree nor the window has definitions (both checked above): the next keystroke
  // need not walk the whole tree to find that out.
  DEFINES.set(ast, false);
  return { ast, window: { start: windowStart, oldEnd, newEnd }, startLine, oldEndLine, newEndLine };
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

/** Whether the parser is in its starting state at `next`, after `previous`. */
function startsAfresh(text: string, previous: RootContent, next: RootContent): boolean {
  if (previous.type === 'heading' || previous.type === 'thematicBreak') return true;
  let breaks = 0;
  for (let i = end(previous); i < start(next); i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      if (++breaks >= 2) return true;
    } else if (c !== 32 && c !== 9 && c !== 13) breaks = 0;
  }
  return false;
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
