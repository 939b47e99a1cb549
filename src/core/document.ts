/**
 * Parses a prompt or context file once into a `PromptDocument`: the structure every rule reads.
 * Markdown via unified + remark-parse (+ frontmatter, gfm); YAML frontmatter via `yaml` with
 * key and value positions.
 */
import * as path from 'node:path';
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { isCollection, isMap, isScalar, isSeq, parseDocument, visit, type Node as YamlNode } from 'yaml';
import { LineIndex } from './text';
import type { Reparse } from './incremental';
import { tokensOfWeight, tokenWeight } from './tokens';
import type { Kind, Range } from './types';

export interface FrontmatterEntry {
  key: string;
  keyRange: Range;
  /** Plain JS value of the entry. */
  value: unknown;
  valueRange: Range;
}

export interface Frontmatter {
  /** The whole block including the `---` fences. */
  range: Range;
  /** Offset where the YAML content starts (after the opening fence). */
  contentOffset: number;
  raw: string;
  /** The parsed mapping; `{}` when the YAML is not a mapping or does not parse. */
  data: Record<string, unknown>;
  entries: FrontmatterEntry[];
  errors: { message: string; range: Range }[];
}

export interface Section {
  title: string;
  depth: number;
  headingRange: Range;
  /** From the heading to the line before the next heading of the same or a higher level. */
  range: Range;
  startOffset: number;
  endOffset: number;
  children: Section[];
}

export type ReferenceForm = 'link' | 'image' | 'definition' | 'file-tag' | 'at-import';

export interface Reference {
  /** As written, without `#fragment` or `?query`, percent-decoded. */
  target: string;
  form: ReferenceForm;
  range: Range;
  /** Absolute path it points at (relative targets resolved against the file's folder). */
  resolved: string;
}

export type PlaceholderForm =
  | 'mustache'
  | 'jinja'
  | 'vscode-input'
  | 'vscode-variable'
  | 'arguments'
  | 'positional'
  | 'bracket'
  | 'angle'
  | 'todo';

export interface Placeholder {
  text: string;
  form: PlaceholderForm;
  /** Variable name where the form has one (`{{name}}`, `${input:name}`, `$ARGUMENTS`). */
  name?: string;
  /**
   * `variable`: a template variable a tool fills in on purpose (`{{x}}`, `${input:x}`, `$ARGUMENTS`).
   * `leftover`: text the author meant to replace (`[INSERT …]`, `<YOUR_NAME>`, `TODO:`).
   */
  intent: 'variable' | 'leftover';
  range: Range;
  startOffset: number;
}

export interface ProseBlock {
  type: 'paragraph' | 'heading' | 'tableCell' | 'html';
  startOffset: number;
  endOffset: number;
  /** The block's prose text: same length as the source slice, code and markup blanked. */
  text: string;
}

export interface Sentence {
  text: string;
  startOffset: number;
  endOffset: number;
  range: Range;
}

export interface PromptDocument {
  /** Absolute path (a virtual one is fine for unsaved buffers). */
  path: string;
  dir: string;
  fileName: string;
  kind: Kind | undefined;
  text: string;
  lines: LineIndex;
  ast: Root;
  frontmatter: Frontmatter | undefined;
  /** Top-level sections, each with its sub-sections. */
  sections: Section[];
  /** Every heading-led section in document order (flattened tree). */
  allSections: Section[];
  /**
   * The text with everything but prose blanked (code blocks, inline code, frontmatter, HTML tags,
   * link destinations), line breaks kept: offsets are the source's offsets.
   */
  prose: string;
  /** The text with only code and frontmatter blanked. */
  nonCode: string;
  proseBlocks: ProseBlock[];
  sentences: Sentence[];
  references: Reference[];
  placeholders: Placeholder[];
  /** Estimated model tokens (`estimateModelTokens`: within ±10 % of a real tokenizer on most files). */
  tokens: number;
  /** Ranges (offsets) of fenced, indented and inline code. */
  codeSpans: { start: number; end: number }[];
  range(startOffset: number, endOffset: number): Range;
}

/**
 * GitHub Flavored Markdown without autolink literals: tables, task lists, strikethrough and
 * footnotes change the structure rules read, while a bare `https://…` or `www.…` turned into a link
 * changes nothing they read (its text is prose either way, and external targets are never
 * references) and costs a third of the parse on real files. Tables are left out of the parse of a
 * text that cannot hold one (`mayHoldTable`).
 */
function gfmWithoutAutolinks(tables: boolean) {
  return function (this: Processor): void {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), ...(tables ? [gfmTable()] : []), gfmTaskListItem());
    (data.fromMarkdownExtensions ??= []).push(gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), ...(tables ? [gfmTableFromMarkdown()] : []), gfmTaskListItemFromMarkdown());
  };
}

/**
 * Whether `text` may hold a GFM table: its delimiter row has a `|`, or it is one cell with a colon
 * beside a dash (`:--`, `--:`). Trying every line as a table head is a tenth of the parse, and half
 * the bytes of real prompt files hold neither (a property test holds the two parses equal).
 */
export function mayHoldTable(text: string): boolean {
  return text.includes('|') || /:-|-:/.test(text);
}

/** By frontmatter (a file's start, or a piece from its middle where `---` never opens one), then by tables. */
const processors = {
  start: { tables: unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(gfmWithoutAutolinks(true)), plain: unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(gfmWithoutAutolinks(false)) },
  middle: { tables: unified().use(remarkParse).use(gfmWithoutAutolinks(true)), plain: unified().use(remarkParse).use(gfmWithoutAutolinks(false)) },
};

/**
 * Parses Markdown (with frontmatter and GFM) into mdast with offsets into `text`, a byte order
 * mark counted. `fromStart: false` parses a piece from the middle of a file: no frontmatter.
 */
export function parseMarkdown(text: string, fromStart = true): Root {
  const kind = processors[fromStart ? 'start' : 'middle'];
  const ast = (mayHoldTable(text) ? kind.tables : kind.plain).parse(text) as Root;
  // The Markdown parser drops a leading byte order mark and counts offsets without it.
  if (text.charCodeAt(0) === 0xfeff) shiftOffsets(ast, 1);
  return ast;
}

export interface ParseInput {
  path: string;
  text: string;
  kind?: Kind | undefined;
}

export function parsePromptDocument({ path: filePath, text, kind }: ParseInput): PromptDocument {
  return buildPromptDocument({ path: filePath, text, kind }, parseMarkdown(text));
}

/**
 * The document over an mdast tree of `text` (from `parseMarkdown`, or re-used in part by the
 * incremental analyzer): the plain-text views, sections, sentences, references and placeholders.
 * With `previous` (the document before an edit and the re-parse of it), everything outside the
 * re-parsed window is taken from the previous document, moved, instead of built again.
 */
export function buildPromptDocument(
  { path: filePath, text, kind }: ParseInput,
  ast: Root,
  lines = new LineIndex(text),
  previous?: { doc: PromptDocument; edit: Reparse },
): PromptDocument {
  const range = (s: number, e: number) => lines.range(s, e);
  let views: Views;
  let sentences: Sentence[];
  let tokenUnits: number;
  if (previous) {
    const { doc: before, edit } = previous;
    const { start, oldEnd, newEnd } = edit.window;
    const fresh = ast.children.filter((c) => {
      const at = c.position?.start.offset ?? -1;
      return at >= start && at < newEnd;
    });
    const inner = viewsOf(text, fresh, start, newEnd, lines);
    const offsets = newEnd - oldEnd;
    const shiftLines = edit.newEndLine - edit.oldEndLine;
    const moveRange = (r: Range): Range =>
      shiftLines === 0 ? r : { start: { line: r.start.line + shiftLines, character: r.start.character }, end: { line: r.end.line + shiftLines, character: r.end.character } };
    views = {
      prose: before.prose.slice(0, start) + inner.prose + before.prose.slice(oldEnd),
      nonCode: before.nonCode.slice(0, start) + inner.nonCode + before.nonCode.slice(oldEnd),
      codeSpans: [
        ...before.codeSpans.filter((c) => c.start < start),
        ...inner.codeSpans,
        ...before.codeSpans.filter((c) => c.start >= oldEnd).map((c) => ({ start: c.start + offsets, end: c.end + offsets })),
      ],
      proseBlocks: [
        ...before.proseBlocks.filter((b) => b.startOffset < start),
        ...inner.proseBlocks,
        ...before.proseBlocks.filter((b) => b.startOffset >= oldEnd).map((b) => ({ ...b, startOffset: b.startOffset + offsets, endOffset: b.endOffset + offsets })),
      ],
      frontmatter: inner.frontmatter ?? before.frontmatter,
    };
    sentences = [
      ...before.sentences.filter((x) => x.startOffset < start),
      ...splitSentences(inner.proseBlocks, lines),
      ...before.sentences
        .filter((x) => x.startOffset >= oldEnd)
        .map((x) => ({ text: x.text, startOffset: x.startOffset + offsets, endOffset: x.endOffset + offsets, range: moveRange(x.range) })),
    ];
    // Token weights are whole twentieths and the window starts and ends at line breaks, where
    // the count starts afresh: the new count is exact.
    tokenUnits = (TOKEN_UNITS.get(before) ?? tokenWeight(before.text, 0, before.text.length)) - tokenWeight(before.text, start, oldEnd) + tokenWeight(text, start, newEnd);
  } else {
    views = viewsOf(text, ast.children, 0, text.length, lines);
    sentences = splitSentences(views.proseBlocks, lines);
    tokenUnits = tokenWeight(text, 0, text.length);
  }

  const sections = buildSections(ast, text, lines);
  const allSections: Section[] = [];
  const flatten = (list: Section[]) => {
    for (const s of list) {
      allSections.push(s);
      flatten(s.children);
    }
  };
  flatten(sections);

  const dir = path.dirname(filePath);
  const doc: PromptDocument = {
    path: filePath,
    dir,
    fileName: path.basename(filePath),
    kind,
    text,
    lines,
    ast,
    frontmatter: views.frontmatter,
    sections,
    allSections,
    prose: views.prose,
    nonCode: views.nonCode,
    proseBlocks: views.proseBlocks,
    sentences,
    references: [],
    placeholders: [],
    tokens: tokensOfWeight(tokenUnits),
    codeSpans: views.codeSpans,
    range,
  };
  TOKEN_UNITS.set(doc, tokenUnits);
  if (previous) {
    EDITED.set(doc, previous);
    // Only the last step is kept: a document must not hold on to every version before it.
    EDITED.delete(previous.doc);
  }
  doc.references = findReferences(doc);
  doc.placeholders = findPlaceholders(doc);
  return doc;
}

const EDITED = new WeakMap<PromptDocument, { doc: PromptDocument; edit: Reparse }>();

/**
 * The document this one was built from after an edit, and the re-parse (only for the latest
 * step): what is derived per sentence can be moved over from it instead of worked out again.
 */
export function editedFrom(doc: PromptDocument): { doc: PromptDocument; edit: Reparse } | undefined {
  return EDITED.get(wholeDocument(doc));
}

/**
 * The lines the last edit of a document changed, widened to whole lines (`\n`): a scan whose matches
 * never run across a line break finds the same outside them as before the edit, moved by `newTo - oldTo`.
 */
export function editedLines(doc: PromptDocument): { before: PromptDocument; from: number; oldTo: number; newTo: number } | undefined {
  const prior = editedFrom(doc);
  if (!prior) return undefined;
  const { start, oldEnd, newEnd } = prior.edit.window;
  const text = doc.text;
  const from = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
  const next = text.indexOf('\n', newEnd);
  const newTo = next < 0 ? text.length : next;
  return { before: prior.doc, from, oldTo: newTo - (newEnd - oldEnd), newTo };
}

/** Each document's exact token weight (`tokenWeight`), which the next document after an edit adjusts. */
const TOKEN_UNITS = new WeakMap<PromptDocument, number>();

interface Views {
  prose: string;
  nonCode: string;
  codeSpans: { start: number; end: number }[];
  proseBlocks: ProseBlock[];
  frontmatter: Frontmatter | undefined;
}

/**
 * The plain-text views of `text[from, to)`, whose top-level blocks are `nodes` (offsets are the
 * whole text's; `from` is a line start).
 */
function viewsOf(text: string, nodes: readonly Nodes[], from: number, to: number, lines: LineIndex): Views {
  let frontmatter: Frontmatter | undefined;
  // The views are edited as UTF-16 code units (strings of one-character strings cost ten times
  // the memory and most of the time on a large file); index 0 is offset `from`.
  const n = to - from;
  const source = new Uint16Array(n);
  for (let i = 0; i < n; i++) source[i] = text.charCodeAt(from + i);
  const nonCodeChars = source.slice();
  const proseChars = new Uint16Array(n).fill(SPACE);
  for (let i = 0; i < n; i++) {
    const c = source[i] as number;
    if (c === LF || c === CR) proseChars[i] = c;
  }
  const codeSpans: { start: number; end: number }[] = [];
  const proseBlocks: ProseBlock[] = [];

  const blankOut = (chars: Uint16Array, s: number, e: number) => {
    for (let i = s - from; i < e - from; i++) if (chars[i] !== LF && chars[i] !== CR) chars[i] = SPACE;
  };
  const copyIn = (s: number, e: number) => proseChars.set(source.subarray(s - from, e - from), s - from);

  const visit = (node: Nodes, inBlock: boolean) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    switch (node.type) {
      case 'yaml':
        frontmatter = parseFrontmatter(text, start, end, lines);
        blankOut(nonCodeChars, start, end);
        return;
      case 'code':
      case 'inlineCode':
        codeSpans.push({ start, end });
        blankOut(nonCodeChars, start, end);
        return;
      case 'text':
        if (inBlock) copyIn(start, end);
        return;
      case 'html': {
        // Prompt-style tags (`<instructions>…</instructions>`) make CommonMark see an HTML block;
        // the words between the tags are still prose.
        copyIn(start, end);
        const raw = text.slice(start, end);
        for (const m of raw.matchAll(/<!--[\s\S]*?(?:-->|$)|<\/?[A-Za-z][^<>]*>/g)) blankOut(proseChars, start + m.index, start + m.index + m[0].length);
        if (!inBlock) proseBlocks.push({ type: 'html', startOffset: start, endOffset: end, text: '' });
        return;
      }
      case 'paragraph':
      case 'heading':
      case 'tableCell': {
        proseBlocks.push({ type: node.type, startOffset: start, endOffset: end, text: '' });
        for (const child of node.children) visit(child as Nodes, true);
        return;
      }
      default:
        if ('children' in node) for (const child of node.children) visit(child as Nodes, inBlock);
    }
  };
  for (const child of nodes) visit(child, false);

  const prose = decodeUnits(proseChars);
  const nonCode = decodeUnits(nonCodeChars);
  for (const block of proseBlocks) block.text = prose.slice(block.startOffset - from, block.endOffset - from);
  return { prose, nonCode, codeSpans, proseBlocks, frontmatter };
}

const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;

/** UTF-16 code units back to a string, unpaired surrogates kept (a TextDecoder would replace them). */
function decodeUnits(units: Uint16Array): string {
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode.apply(null, units.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

/** Moves every node's offsets by `by` (and the columns of those on the first line). */
function shiftOffsets(node: Nodes, by: number): void {
  for (const point of [node.position?.start, node.position?.end]) {
    if (!point || point.offset === undefined) continue;
    point.offset += by;
    if (point.line === 1) point.column += by;
  }
  if ('children' in node) for (const child of node.children) shiftOffsets(child, by);
}

function parseFrontmatter(text: string, start: number, end: number, lines: LineIndex): Frontmatter {
  // Line breaks may be LF, CRLF or CR (even mixed): the content starts on the line after the
  // opening fence and ends before the closing fence's line and the break in front of it.
  const openLine = lines.positionAt(start).line;
  const closeLine = lines.positionAt(end).line;
  const contentOffset = closeLine > openLine ? lines.lineStart(openLine + 1) : end;
  const closeStart = lines.lineStart(closeLine);
  let contentEnd = closeLine > openLine ? closeStart - (text.startsWith('\r\n', closeStart - 2) ? 2 : 1) : end;
  if (contentEnd < contentOffset) contentEnd = contentOffset;
  const raw = text.slice(contentOffset, contentEnd);
  // The YAML library breaks lines only at LF; a lone CR becomes LF, which keeps every offset.
  const yamlDoc = parseDocument(raw.replace(/\r(?!\n)/g, '\n'), { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  // YAML offsets stay inside the content and never fall between the CR and LF of a line break
  // (YAML errors point at the break), where a position would be past the end of its line.
  const inContent = (offset: number) => {
    const o = contentOffset + Math.max(0, Math.min(offset, raw.length));
    return text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10 ? o - 1 : o;
  };
  const at = (r: readonly number[] | null | undefined): Range =>
    r ? lines.range(inContent(r[0] ?? 0), inContent(r[1] ?? r[0] ?? 0)) : lines.range(start, end);
  const errors = yamlDoc.errors.map((e) => ({
    message: e.message.split('\n')[0] ?? e.message,
    range: lines.range(inContent(e.pos[0]), inContent(Math.max(e.pos[1], e.pos[0]))),
  }));
  const entries: FrontmatterEntry[] = [];
  let data: Record<string, unknown> = {};
  // Two shapes no real frontmatter has make the YAML library's conversion take seconds (and then
  // throw): flow collections nested deep (`{{{{…`), and a list or a map as a key (`? [a, b]: c`, or
  // what the parser makes of a badly indented list), whose text is exponential in its nesting.
  // Such a block is reported and not converted.
  const unreadable =
    flowDepth(raw) > MAX_FLOW_DEPTH
      ? `Frontmatter nests more than ${MAX_FLOW_DEPTH} levels of '{' or '['; it was not read`
      : hasCollectionKey(yamlDoc)
        ? 'Frontmatter uses a list or a map as a key; it was not read'
        : undefined;
  if (unreadable) errors.push({ message: unreadable, range: lines.range(start, end) });
  if (!unreadable && isMap(yamlDoc.contents)) {
    for (const pair of yamlDoc.contents.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode ?? '');
      const valueNode = pair.value as YamlNode | null;
      const value = valueNode && (isScalar(valueNode) || isMap(valueNode) || isSeq(valueNode)) ? toPlain(valueNode) : null;
      const keyRange = at(keyNode?.range);
      entries.push({
        key,
        keyRange,
        value,
        valueRange: valueNode?.range ? at(valueNode.range) : keyRange,
      });
    }
    try {
      const json = yamlDoc.toJS({ maxAliasCount: 50 }) as unknown;
      if (json && typeof json === 'object' && !Array.isArray(json)) data = json as Record<string, unknown>;
    } catch {
      data = Object.fromEntries(entries.map((e) => [e.key, e.value]));
    }
  }
  return { range: lines.range(start, end), contentOffset, raw, data, entries, errors };
}

const MAX_FLOW_DEPTH = 32;

function hasCollectionKey(yamlDoc: ReturnType<typeof parseDocument>): boolean {
  let found = false;
  visit(yamlDoc, {
    Pair(_, pair) {
      if (!isCollection(pair.key)) return undefined;
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

/** The deepest nesting of `{` and `[` in a YAML text (quotes not considered: an upper bound). */
function flowDepth(raw: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if ((c === 125 || c === 93) && depth > 0) depth--;
    else if (c === 10 && depth > MAX_FLOW_DEPTH) return depth;
  }
  return max;
}

/**
 * A YAML value as plain JS; null when it cannot be converted (thousands of nested flow maps make
 * `toJSON` throw), so one hostile value does not cost the file its whole analysis.
 */
function toPlain(node: YamlNode): unknown {
  try {
    return node.toJSON();
  } catch {
    return null;
  }
}

function buildSections(ast: Root, text: string, lines: LineIndex): Section[] {
  const roots: Section[] = [];
  const stack: Section[] = [];
  const all: Section[] = [];
  for (const node of ast.children) {
    if (node.type !== 'heading' || !node.position) continue;
    const start = node.position.start.offset ?? 0;
    const headingEnd = node.position.end.offset ?? start;
    const section: Section = {
      title: toString(node).trim(),
      depth: node.depth,
      headingRange: lines.range(start, headingEnd),
      range: lines.range(start, text.length),
      startOffset: start,
      endOffset: text.length,
      children: [],
    };
    while (stack.length && (stack[stack.length - 1] as Section).depth >= node.depth) {
      const closed = stack.pop() as Section;
      closed.endOffset = start;
      closed.range = lines.range(closed.startOffset, start);
    }
    if (stack.length) (stack[stack.length - 1] as Section).children.push(section);
    else roots.push(section);
    stack.push(section);
    all.push(section);
  }
  return roots;
}

const SENTENCE_END = /[.!?]+["')\]]*(?=\s|$)|\n\s*\n/g;

function splitSentences(blocks: ProseBlock[], lines: LineIndex): Sentence[] {
  const out: Sentence[] = [];
  for (const block of blocks) {
    const t = block.text;
    let from = 0;
    const push = (s: number, e: number) => {
      const slice = t.slice(s, e);
      const lead = slice.length - slice.trimStart().length;
      const body = slice.trim();
      if (!body) return;
      const startOffset = block.startOffset + s + lead;
      const endOffset = startOffset + body.length;
      out.push({ text: body.replace(/\s+/g, ' '), startOffset, endOffset, range: lines.range(startOffset, endOffset) });
    };
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(t); m; m = SENTENCE_END.exec(t)) {
      const end = m.index + m[0].length;
      // "e.g." and "i.e." and decimals do not end a sentence.
      if (/\b(?:e\.g|i\.e|etc|vs|cf)\.$/i.test(t.slice(Math.max(0, m.index - 4), end))) continue;
      push(from, end);
      from = end;
    }
    push(from, t.length);
  }
  return out;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;
/** Template syntax (`{{x}}`, `{x}`, `${x}`, `<x>`, `$X`) and `[SLOT]` placeholders: not a path yet. */
const TEMPLATED = /[{}<>[\]]|\$[A-Z_]/;
/** Extensions of the files a prompt refers to: documents, data, config, code, images. */
const FILE_EXTENSION =
  /\.(?:md|mdc|mdx|markdown|txt|rst|adoc|json|jsonc|json5|ya?ml|toml|ini|cfg|conf|env|xml|csv|tsv|html?|css|scss|less|[cm]?[jt]sx?|py|ipynb|rb|go|rs|java|kts?|swift|cs|c|cc|cpp|h|hpp|php|lua|sql|sh|bash|zsh|ps1|bat|gradle|lock|prompty|j2|jinja|tf|hcl|proto|graphql|vue|svelte|astro|dart|scala|pdf|png|jpe?g|gif|svg|webp)$/i;

function cleanTarget(raw: string): string | undefined {
  let t = raw.trim();
  if (!t || EXTERNAL.test(t) || TEMPLATED.test(t)) return undefined;
  t = t.replace(/[?#].*$/, '');
  if (!t) return undefined;
  try {
    t = decodeURIComponent(t);
  } catch {
    /* keep as written */
  }
  return t;
}

function resolveTarget(doc: Pick<PromptDocument, 'dir'>, target: string): string {
  if (target.startsWith('~/')) return path.join(process.env.HOME ?? '~', target.slice(2));
  return path.resolve(doc.dir, target);
}

function findReferences(doc: PromptDocument): Reference[] {
  const refs: Reference[] = [];
  const add = (raw: string, form: ReferenceForm, s: number, e: number) => {
    const target = cleanTarget(raw);
    if (!target) return;
    refs.push({ target, form, range: doc.range(s, e), resolved: resolveTarget(doc, target) });
  };
  const walk = (node: Nodes) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      const s = node.position?.start.offset;
      const e = node.position?.end.offset;
      if (s !== undefined && e !== undefined) add(node.url, node.type, s, e);
    }
    if ('children' in node) for (const c of node.children) walk(c as Nodes);
  };
  walk(doc.ast);

  // `#file:path` (Copilot) anywhere outside code, optionally quoted.
  const fileTag = /#file:(?:'([^'\n]+)'|"([^"\n]+)"|([^\s)\]'"`,;]+))/g;
  for (let m = fileTag.exec(doc.nonCode); m; m = fileTag.exec(doc.nonCode)) {
    const raw = (m[1] ?? m[2] ?? m[3] ?? '').replace(/[.:]$/, '');
    add(raw, 'file-tag', m.index, m.index + m[0].length);
  }
  // `@path` imports (CLAUDE.md): only in prose, only when it looks like a path, never an email or
  // a mention or an npm scope.
  const atImport = /(^|[\s(])@((?:~\/|\.{1,2}\/|\/)?[\w.-]+(?:\/[\w.-]+)*)/gm;
  for (let m = atImport.exec(doc.prose); m; m = atImport.exec(doc.prose)) {
    let p = m[2] as string;
    p = p.replace(/[.,:;]+$/, '');
    const explicit = /^(?:~\/|\.{1,2}\/|\/)/.test(p);
    // A file extension tells a path from a decorator (`@app.route`, `@pytest.mark.asyncio`) or an npm scope.
    const hasExt = FILE_EXTENSION.test(p.split('/').pop() ?? '');
    if (!explicit && !hasExt) continue;
    const s = m.index + (m[1] as string).length;
    add(p, 'at-import', s, s + 1 + p.length);
  }
  refs.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return refs;
}

function findPlaceholders(doc: PromptDocument): Placeholder[] {
  const found: Placeholder[] = [];
  const taken: boolean[] = [];
  const add = (text: string, form: PlaceholderForm, intent: Placeholder['intent'], offset: number, name?: string) => {
    if (taken[offset]) return;
    for (let i = offset; i < offset + text.length; i++) taken[i] = true;
    const p: Placeholder = { text, form, intent, range: doc.range(offset, offset + text.length), startOffset: offset };
    if (name !== undefined) p.name = name;
    found.push(p);
  };
  const scan = (source: string, re: RegExp, fn: (m: RegExpExecArray) => void) => {
    re.lastIndex = 0;
    for (let m = re.exec(source); m; m = re.exec(source)) {
      fn(m);
      if (m[0].length === 0) re.lastIndex++;
    }
  };
  const { text, nonCode, prose } = doc;

  // Template variables are filled in by a tool; they count everywhere, code included.
  // One quantifier between the braces: `\s*(…{0,80}?)\s*` backtracked cubically over a run of spaces.
  scan(text, /\{\{\{?([^{}\n]{0,120})\}?\}\}/g, (m) => {
    const name = /^[#/^>!&]?\s*([A-Za-z_][\w.-]*)/.exec((m[1] ?? '').trim())?.[1];
    add(m[0], 'mustache', 'variable', m.index, name);
  });
  scan(text, /\{%-?[^%\n]{0,200}?-?%\}/g, (m) => add(m[0], 'jinja', 'variable', m.index));
  scan(text, /\$\{input:([A-Za-z_][\w-]*)(?::[^}\n]*)?\}/g, (m) => add(m[0], 'vscode-input', 'variable', m.index, m[1]));
  scan(nonCode, /\$\{([A-Za-z_][\w:.-]*)\}/g, (m) => add(m[0], 'vscode-variable', 'variable', m.index, m[1]));
  scan(text, /\$ARGUMENTS\b/g, (m) => add(m[0], 'arguments', 'variable', m.index, 'ARGUMENTS'));
  scan(prose, /(?<![\w$])\$([1-9])(?![\d,.]?\d)/g, (m) => add(m[0], 'positional', 'variable', m.index, m[1]));

  // Leftovers the author meant to replace; only outside code.
  scan(
    nonCode,
    /\[(?:INSERT|ADD|ENTER|REPLACE|YOUR|PLACEHOLDER|TODO|TBD|FILL)\b[^\]\n]{0,80}\](?![([])/gi,
    (m) => {
      // `[your profile](url)` is a link, `[Your]` alone at sentence start still counts.
      add(m[0], 'bracket', 'leftover', m.index);
    },
  );
  const closingTags = new Set<string>();
  scan(nonCode, /<\/([A-Za-z][\w-]*)\s*>/g, (m) => closingTags.add((m[1] as string).toLowerCase()));
  scan(nonCode, /<([A-Z][A-Z0-9]*(?:[_ -][A-Z0-9]+)*)>/g, (m) => {
    const inner = m[1] as string;
    if (inner.length < 3 || closingTags.has(inner.toLowerCase())) return;
    add(m[0], 'angle', 'leftover', m.index);
  });
  scan(nonCode, /<(?:your|insert|enter|add|replace|fill in)[ _-][^<>\n]{1,60}>/gi, (m) =>
    add(m[0], 'angle', 'leftover', m.index),
  );
  // `TODO:` and `FIXME:` open a note (a line or a list item); `TBD` stands for a missing value
  // ("Owner: TBD"). A TODO mentioned in a sentence ("add TODO comments", "TODO/FIXME markers") is not one.
  scan(
    nonCode,
    /^([ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\[[ xX]\][ \t]+)?(?:[*_]{1,2}|#+[ \t]+|\/\/[ \t]*|<!--[ \t]*)?)(TODO|FIXME)(?=[*_]*[ \t]*(?:[:(]|(?:-->)?[ \t]*\r?$))/gm,
    (m) => add(m[2] as string, 'todo', 'leftover', m.index + (m[1] as string).length),
  );
  scan(nonCode, /(^|[\s(:])(TBD)(?=[ \t]*(?:[.:)\]]|\r?\n|$))/gm, (m) =>
    add(m[2] as string, 'todo', 'leftover', m.index + (m[1] as string).length),
  );

  found.sort((a, b) => a.startOffset - b.startOffset);
  return found;
}

const wholes = new WeakMap<PromptDocument, PromptDocument>();

/**
 * The document as a block-scoped rule sees it when only `[start, end)` changed: the same text,
 * views and sections, but only the top-level blocks, prose blocks, sentences, references,
 * placeholders and code spans that start there. Facts about the whole file (`wholeDocument`)
 * are still the whole file's.
 */
export function restrictDocument(doc: PromptDocument, start: number, end: number): PromptDocument {
  const inside = (offset: number | undefined) => offset !== undefined && offset >= start && offset < end;
  const view: PromptDocument = {
    ...doc,
    ast: { ...doc.ast, children: doc.ast.children.filter((c) => inside(c.position?.start.offset)) },
    proseBlocks: doc.proseBlocks.filter((b) => inside(b.startOffset)),
    sentences: doc.sentences.filter((s) => inside(s.startOffset)),
    references: doc.references.filter((r) => inside(doc.lines.offsetAt(r.range.start))),
    placeholders: doc.placeholders.filter((p) => inside(p.startOffset)),
    codeSpans: doc.codeSpans.filter((c) => inside(c.start)),
  };
  wholes.set(view, wholeDocument(doc));
  return view;
}

/** The whole file a restricted view (`restrictDocument`) was made from; the document itself otherwise. */
export function wholeDocument(doc: PromptDocument): PromptDocument {
  return wholes.get(doc) ?? doc;
}

/** Offsets of `[start, end)` that fall inside code. */
export function isInCode(doc: PromptDocument, offset: number): boolean {
  return doc.codeSpans.some((c) => offset >= c.start && offset < c.end);
}
