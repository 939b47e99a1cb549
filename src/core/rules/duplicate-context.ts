import * as path from 'node:path';
import type { PromptDocument } from '../document';
import { defineRule, type Fix, type Host } from '../types';
import { topRange } from './util';

/**
 * The always-on context files of one folder, the canonical one first: AGENTS.md is read by Codex,
 * Copilot, Cursor, Gemini CLI (when configured) and most other agents, so a copy belongs in the others.
 * Paths are relative to the folder the files describe (`.github/copilot-instructions.md` describes the
 * folder above `.github`).
 */
const FAMILY = ['AGENTS.md', 'CLAUDE.md', 'GEMINI.md', '.github/copilot-instructions.md', '.cursorrules', '.windsurfrules', '.clinerules'];

/** A paragraph counts when its normalized text has at least this many characters and words. */
const MIN_CHARS = 60;
const MIN_WORDS = 8;
/** Word-pair overlap (Dice) from which a paragraph that is not an exact copy is a drifted one. */
const NEAR = 0.6;
/** Word pairs found in more paragraphs than this are too common to find copies by. */
const COMMON = 40;

interface Block {
  type: 'paragraph' | 'heading' | 'code';
  start: number;
  end: number;
  /** The block's first characters (a heading's `##`). */
  source: string;
  /** Lower-cased, markup and spacing removed: equal texts are copies. */
  key: string;
  /** The words as written (markup removed), for showing a difference. */
  words: string[];
  /** Distinct lower-cased word pairs (of eligible paragraphs only). */
  pairs: Set<string>;
  eligible: boolean;
  /** 1-based line of `start`. */
  line: number;
}

interface Parsed {
  blocks: Block[];
  keys: Set<string>;
  /** Word pair → indexes of eligible paragraphs that have it. */
  index: Map<string, number[]>;
}

const WORD = /[\p{L}\p{N}_][\p{L}\p{N}_./@:+-]*[\p{L}\p{N}_]|[\p{L}\p{N}_]/gu;

function makeBlock(text: string, type: Block['type'], start: number, end: number, line: number): Block {
  let body = text.slice(start, end);
  if (type !== 'code') {
    body = body
      .replace(/^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(?:\[[ xX]\][ \t]+)?/gm, '')
      .replace(/^#{1,6}[ \t]+/, '')
      // A link keeps its text and its target: a copy pointing elsewhere has drifted.
      .replace(/!?\[([^\]\n]{0,500})\]\(([^)\s]{0,500})(?:\s[^)\n]{0,200})?\)/g, '$1 $2')
      .replace(/[*_`~]+/g, '');
  }
  const words = body.match(WORD) ?? [];
  const lower = words.map((w) => w.toLowerCase());
  const key = type === 'code' ? body.trim().replace(/\s+/g, ' ') : lower.join(' ');
  const eligible = type === 'paragraph' && key.length >= MIN_CHARS && words.length >= MIN_WORDS;
  // Only paragraphs long enough to report are compared word pair by word pair.
  const pairs = new Set<string>();
  if (eligible) for (let i = 1; i < lower.length; i++) pairs.add(`${lower[i - 1]} ${lower[i]}`);
  return { type, start, end, source: text.slice(start, Math.min(end, start + 8)), key: `${type[0]}:${key}`, words, pairs, eligible, line };
}

/**
 * Blocks of a Markdown text without a full parse: paragraphs (each list item its own), headings and
 * fenced code; frontmatter, tables and blank lines are skipped. One pass over the lines.
 */
function contextBlocks(text: string): Parsed {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let open: { start: number; line: number } | undefined;
  let fence: { marker: string; start: number; line: number } | undefined;
  let lastEnd = 0;
  const close = () => {
    if (open) blocks.push(makeBlock(text, 'paragraph', open.start, lastEnd, open.line));
    open = undefined;
  };
  let i = 0;
  if (/^---\r?$/.test(lines[0] ?? '')) {
    const endFm = lines.findIndex((l, n) => n > 0 && /^(?:---|\.\.\.)\r?$/.test(l));
    if (endFm > 0) {
      for (; i <= endFm; i++) offset += (lines[i] as string).length + 1;
    }
  }
  for (; i < lines.length; i++) {
    const raw = lines[i] as string;
    const line = raw.replace(/\r$/, '');
    const start = offset;
    const end = offset + line.length;
    offset += raw.length + 1;
    if (fence) {
      if (line.trimStart().startsWith(fence.marker) && /^ {0,3}(`{3,}|~{3,})\s*$/.test(line)) {
        blocks.push(makeBlock(text, 'code', fence.start, start, fence.line));
        fence = undefined;
      }
      continue;
    }
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      close();
      fence = { marker: f[1] as string, start: end + 1, line: i + 1 };
      continue;
    }
    if (!line.trim() || /^ {0,3}\|/.test(line) || /^ {0,3}(?:[-*_][ \t]*){3,}$/.test(line)) {
      close();
      continue;
    }
    if (/^ {0,3}#{1,6}(?:[ \t]|$)/.test(line)) {
      close();
      blocks.push(makeBlock(text, 'heading', start, end, i + 1));
      continue;
    }
    if (/^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d+[.)])[ \t]+/.test(line)) close();
    if (!open) open = { start, line: i + 1 };
    lastEnd = end;
  }
  close();
  if (fence) blocks.push(makeBlock(text, 'code', fence.start, text.length, fence.line));

  const keys = new Set(blocks.map((b) => b.key));
  const df = new Map<string, number[]>();
  blocks.forEach((b, n) => {
    if (!b.eligible) return;
    for (const p of b.pairs) {
      const list = df.get(p);
      if (list) list.push(n);
      else df.set(p, [n]);
    }
  });
  for (const [p, list] of df) if (list.length > COMMON) df.delete(p);
  return { blocks, keys, index: df };
}

/** FNV-1a over the text: a cheap identity for the cache. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Parsed files by path and content, most recently used last: a workspace lint reads each sibling a few times. */
const cache = new Map<string, Parsed>();
const CACHE_SIZE = 64;

function parsedOf(file: string, text: string): Parsed {
  const key = `${file}\0${text.length}\0${hash(text)}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const parsed = contextBlocks(text);
  cache.set(key, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return parsed;
}

/** The folder a context file describes and its place in `FAMILY`, or undefined for other files. */
function member(file: string): { folder: string; rank: number } | undefined {
  const name = path.basename(file);
  const dir = path.dirname(file);
  if (name === 'copilot-instructions.md' && path.basename(dir) === '.github') return { folder: path.dirname(dir), rank: FAMILY.indexOf('.github/copilot-instructions.md') };
  const rank = FAMILY.indexOf(name);
  return rank < 0 ? undefined : { folder: dir, rank };
}

interface Sibling {
  file: string;
  /** How the message names it: `AGENTS.md`, `AGENTS.md at the workspace root`. */
  label: string;
  name: string;
  parsed: Parsed;
  /** True when it is AGENTS.md in the same folder: a CLAUDE.md or GEMINI.md can import it. */
  importable: boolean;
}

/**
 * The context files this one copies from: the ones before it in `FAMILY` in its folder, and every one at
 * the workspace root when it is in a folder below it. A file with the same text is skipped: most likely a
 * symbolic link (the recommended setup), and a copy that cannot have drifted yet.
 */
function siblingsOf(doc: PromptDocument, host: Host, root: string, self: { folder: string; rank: number }): Sibling[] {
  const out: Sibling[] = [];
  const add = (folder: string, name: string, label: string, importable: boolean) => {
    const file = path.join(folder, name);
    // `exists` first: on most hosts a missing file is cheaper to rule out than to fail to read.
    if (file === doc.path || !host.exists(file)) return;
    const text = host.readFile(file);
    if (text === undefined || text === doc.text || !text.trim()) return;
    out.push({ file, label, name, parsed: parsedOf(file, text), importable });
  };
  FAMILY.slice(0, self.rank).forEach((name) => add(self.folder, name, name, name === 'AGENTS.md'));
  const rel = path.relative(root, self.folder);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) FAMILY.forEach((name) => add(root, name, `${name} at the workspace root`, false));
  return out;
}

/** How a CLAUDE.md (Claude Code) or a GEMINI.md (Gemini CLI, which wants `./`) imports the AGENTS.md beside it. */
const importLine = (docName: string) => (docName === 'GEMINI.md' ? '@./AGENTS.md' : '@AGENTS.md');

/** What to do about a copy, by the tools that read the two files. */
function advice(docName: string, sibling: Sibling): string {
  if (sibling.importable && (docName === 'CLAUDE.md' || docName === 'GEMINI.md')) return `keep it in AGENTS.md and import that file here with '${importLine(docName)}'`;
  if (sibling.label !== sibling.name) return 'keep it at the root only (agents read the root file too)';
  if (sibling.name === 'AGENTS.md' && docName === 'copilot-instructions.md') return 'keep it in AGENTS.md only (VS Code and the Copilot coding agent read AGENTS.md too)';
  if (sibling.name === 'AGENTS.md' && docName === '.cursorrules') return 'keep it in AGENTS.md only (Cursor reads AGENTS.md too)';
  return `keep it in one file (${sibling.name}, or AGENTS.md, which most agents read)`;
}

/** Words that name the tool a file is for: "guidance to Claude Code (claude.ai/code)" vs "guidance to AI agents". */
const TOOL_WORDS = new Set(
  'ai agent agents assistant assistants claude code claude.ai/code claude.md agents.md gemini gemini.md codex copilot github cursor windsurf cline llm llms model models coding for to when with the a an this file'.split(' '),
);

/**
 * How a paragraph differs from its copy, in words (`{there}` stands for the other file's name), or
 * undefined when only the tool's name differs: each file addressing its own tool is not drift.
 */
function difference(here: string[], there: string[]): string | undefined {
  const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
  let s = 0;
  while (s < here.length && s < there.length && same(here[s], there[s])) s++;
  let e = 0;
  while (e < here.length - s && e < there.length - s && same(here[here.length - 1 - e], there[there.length - 1 - e])) e++;
  const a = here.slice(s, here.length - e);
  const b = there.slice(s, there.length - e);
  if ([...a, ...b].every((w) => TOOL_WORDS.has(w.toLowerCase()))) return undefined;
  const quote = (w: string[]) => `'${w.length > 8 ? `${w.slice(0, 8).join(' ')} …` : w.join(' ')}'`;
  if (!a.length) return `{there} also has ${quote(b)}`;
  if (!b.length) return `this copy adds ${quote(a)}`;
  return `${quote(a)} here, ${quote(b)} in {there}`;
}

function bestMatch(block: Block, parsed: Parsed): { other: Block; score: number } | undefined {
  const hits = new Map<number, number>();
  for (const p of block.pairs) for (const n of parsed.index.get(p) ?? []) hits.set(n, (hits.get(n) ?? 0) + 1);
  let best: { other: Block; score: number } | undefined;
  for (const [n, shared] of hits) {
    const other = parsed.blocks[n] as Block;
    const score = (2 * shared) / (block.pairs.size + other.pairs.size);
    if (!best || score > best.score) best = { other, score };
  }
  return best;
}

/** `@AGENTS.md` (or `@./AGENTS.md`) on a line of its own or in prose. */
const IMPORTS_AGENTS_MD = /(?:^|\s)@(?:\.\/)?AGENTS\.md\b/;

interface Run {
  start: number;
  end: number;
  /** Long-enough paragraphs in it. */
  paragraphs: number;
  /** Line of the first copied paragraph in the sibling. */
  line: number;
}

/**
 * Runs of consecutive blocks that are also in the sibling (headings and code included), each holding at
 * least one paragraph long enough to count and ending at the last such paragraph. Marks their blocks in `taken`.
 */
function copiedRuns(blocks: Block[], other: Parsed, taken: Set<number>): Run[] {
  const runs: Run[] = [];
  const copied = (n: number) => !taken.has(n) && other.keys.has((blocks[n] as Block).key);
  for (let n = 0; n < blocks.length; n++) {
    if (!copied(n)) continue;
    let last = n;
    while (last + 1 < blocks.length && copied(last + 1)) last++;
    let end = last;
    while (end >= n && !(blocks[end] as Block).eligible) end--;
    let begin = n;
    while (begin <= end && !(blocks[begin] as Block).eligible) begin++;
    // The section heading right above the copy goes with it; the file's `# Title` stays.
    const above = blocks[begin - 1];
    if (begin > n && above?.type === 'heading' && /^ {0,3}#{2,}/.test(above.source)) begin--;
    if (end >= begin) {
      const run = blocks.slice(begin, end + 1);
      const first = run.find((b) => b.eligible) as Block;
      for (let k = begin; k <= end; k++) taken.add(k);
      runs.push({
        start: (blocks[begin] as Block).start,
        end: (blocks[end] as Block).end,
        paragraphs: run.filter((b) => b.eligible).length,
        line: other.blocks.find((b) => b.key === first.key)?.line ?? 1,
      });
    }
    n = last;
  }
  return runs;
}

export const duplicateContext = defineRule({
  meta: {
    id: 'duplicate-context',
    category: 'context',
    defaultSeverity: 'warning',
    kinds: ['context', 'instructions', 'rules'],
    fixable: true,
    docs: {
      summary:
        'Reports paragraphs copied between the context files of one folder (AGENTS.md, CLAUDE.md, GEMINI.md, ' +
        '.github/copilot-instructions.md, .cursorrules…), and above all copies that have drifted apart.',
      rationale:
        'Teams copy the same project notes into the file each tool reads. The copies drift: one gets the new test ' +
        'command, the other keeps the old one, and each agent follows a different version of the truth. Which one ' +
        'an agent saw depends on the tool the operator happened to use, so a wrong result cannot be traced back. ' +
        'One source (AGENTS.md, which most agents read; a CLAUDE.md imports it with `@AGENTS.md`) keeps them in step.',
      bad: '<!-- AGENTS.md -->\nRun `pnpm test` before you commit; CI rejects a pull request with failing tests.\n\n<!-- CLAUDE.md -->\nRun `npm test` before you commit; CI rejects a pull request with failing tests.',
      good: '<!-- AGENTS.md -->\nRun `pnpm test` before you commit; CI rejects a pull request with failing tests.\n\n<!-- CLAUDE.md -->\n@AGENTS.md\n\nUse the Claude-specific MCP tools in `.mcp.json`.',
      kindsNote:
        'The always-on context files: AGENTS.md, CLAUDE.md, GEMINI.md, `.github/copilot-instructions.md`, ' +
        '`.cursorrules`, `.windsurfrules`, `.clinerules`, compared within their folder and with the ones at the ' +
        'workspace root. The copy is reported once, in the later file of that order (AGENTS.md first, a nested file ' +
        'after the root one), where the fix belongs. Files with identical text are not compared: that is most ' +
        'often a symbolic link. Paragraphs shorter than 60 characters or 8 words, headings and code are not ' +
        'reported on their own. Other instructions and rules files (`*.instructions.md`, `.cursor/rules`) are ' +
        'scoped to some files and left alone.',
      precision: {
        right: 9,
        judged: 9,
        note:
          'Every corpus finding, in 5 of the folders that hold two context files: a CLAUDE.md that is a copy of its ' +
          'AGENTS.md (one finding for 92 copied paragraphs), single copied paragraphs, and 7 drifted copies (`sim/emcn` ' +
          'against `lib/core/utils/cn`, "MUST route through" against "use", "Return" against "Prefer returning"), ' +
          'all right. Most of the corpus\'s pairs are identical files (symbolic links, left alone) or one-line ' +
          'pointers; CLAUDE.md introductions that differ only in the tool they name are not reported.',
      },
    },
  },
  check({ doc, host, root, report }) {
    const self = member(doc.path);
    if (!self) return;
    const siblings = siblingsOf(doc, host, root, self);
    if (!siblings.length) return;
    const blocks = parsedOf(doc.path, doc.text).blocks;
    const eligible = blocks.filter((b) => b.eligible).length;
    const canImport = doc.fileName === 'CLAUDE.md' || doc.fileName === 'GEMINI.md';
    let imports = IMPORTS_AGENTS_MD.test(doc.text);
    const inRun = new Set<number>();

    for (const sibling of siblings) {
      const runs = copiedRuns(blocks, sibling.parsed, inRun);
      if (!runs.length) continue;
      // The copy fix: each run deleted, the first replaced by the import when the file does not import AGENTS.md yet.
      const editsFor = (run: Run): Fix['edits'] => {
        const gap = /^(?:\r?\n){0,2}/.exec(doc.text.slice(run.end))?.[0] ?? '';
        const edit = { range: doc.range(run.start, run.end + gap.length), newText: imports ? '' : `${importLine(doc.fileName)}${gap}` };
        imports = true;
        return [edit];
      };
      const fixable = sibling.importable && canImport;
      const copied = runs.reduce((n, r) => n + r.paragraphs, 0);
      const advise = advice(doc.fileName, sibling);
      if (copied >= 3 && copied * 2 >= eligible) {
        // Most of the file is a copy: one finding, not one per run.
        const title = imports ? 'Delete the copied paragraphs (the file imports AGENTS.md)' : `Replace the copied paragraphs with '${importLine(doc.fileName)}'`;
        const edits = fixable ? runs.flatMap(editsFor) : [];
        report({
          range: topRange(doc),
          message: `Unexpected copy of ${sibling.label}: ${copied} of this file's ${eligible} paragraphs are also there, expected one source: ${advise}`,
          ...(fixable ? { fixes: [{ title, edits }] } : {}),
        });
        continue;
      }
      for (const run of runs) {
        const title = imports ? 'Delete the copy (the file imports AGENTS.md)' : `Replace the copy with '${importLine(doc.fileName)}'`;
        const what = run.paragraphs === 1 ? 'a paragraph' : `${run.paragraphs} paragraphs`;
        report({
          range: doc.range(run.start, run.end),
          message: `Unexpected copy of ${what} from ${sibling.label} (line ${run.line}), expected one source: ${advise}`,
          ...(fixable ? { fixes: [{ title, edits: editsFor(run) }] } : {}),
        });
      }
    }

    // Paragraphs close to one in a sibling but not the same: drifted copies.
    blocks.forEach((block, n) => {
      if (!block.eligible || inRun.has(n)) return;
      let best: { other: Block; score: number; sibling: Sibling } | undefined;
      for (const sibling of siblings) {
        const match = bestMatch(block, sibling.parsed);
        if (match && match.score >= NEAR && (!best || match.score > best.score)) best = { ...match, sibling };
      }
      if (!best) return;
      const change = difference(block.words, best.other.words);
      if (!change) return;
      const where = `${best.sibling.label} line ${best.other.line}`;
      report({
        range: doc.range(block.start, block.end),
        message:
          `Unexpected drifted copy of ${where} (${change.replace('{there}', best.sibling.name)}), expected one source: ` +
          advice(doc.fileName, best.sibling),
      });
    });
  },
});
