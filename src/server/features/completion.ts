/**
 * Completion: frontmatter keys and values for the kind of file, the section headings the
 * standard expects, relative paths after `#file:` and in link destinations, and the
 * `${input:…}` names the file already uses. Works on the raw text, so it helps while the
 * document is half-typed (a frontmatter without its closing fence, say).
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import * as path from 'node:path';
import { FLAVOR_TOOLS, frontmatterFlavor, frontmatterKeysFor } from '../../core/frontmatter-keys';
import type { Kind } from '../../core/types';

export const COMPLETION_TRIGGERS = [':', '/', '(', '#', '{'];

/** VS Code's command to open the suggest widget again (after a folder, to go on into it). */
const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export interface DirEntry {
  name: string;
  isDirectory: boolean;
}

export interface CompletionInput {
  text: string;
  position: Position;
  kind: Kind | undefined;
  /** Absolute path of the file. */
  path: string;
  /** Entries of a folder, or undefined when it cannot be read. */
  listDir(dir: string): DirEntry[] | undefined;
}

/** The sections the team standard expects, in the order a prompt usually has them. */
export const STANDARD_SECTIONS: readonly { title: string; what: string }[] = [
  { title: 'Objective', what: 'The task in one or two sentences: what the agent must do, for whom, and why.' },
  { title: 'Context', what: 'What the agent needs to know and cannot guess: files, links, background, the audience.' },
  { title: 'Constraints', what: 'What the agent must and must not do: scope, tools, style, limits.' },
  { title: 'Output format', what: 'The shape of the answer: sections, a table, JSON with a schema, the length.' },
  { title: 'Done when', what: 'How the agent (and the reviewer) knows the task is finished: checkable criteria.' },
  { title: 'Success criteria', what: 'The measurable qualities of a good result, for the agent and for inspection.' },
  { title: 'Examples', what: 'A good input and output pair, so the agent sees the standard instead of guessing it.' },
];

export function provideCompletion(input: CompletionInput): CompletionItem[] {
  const lines = input.text.split(/\r\n|\r|\n/);
  const { line, character } = input.position;
  const lineText = lines[line] ?? '';
  const prefix = lineText.slice(0, character);

  const fmEnd = frontmatterEnd(lines);
  if (fmEnd !== undefined && line > 0 && line < fmEnd) return frontmatterCompletion(input, lines, fmEnd, prefix);
  if (inFence(lines, line)) return [];

  const input$ = /\$\{input:([\w-]*)$/.exec(prefix);
  if (input$) return inputNames(input, lines, input$[1] as string);

  const fileTag = /#file:([^\s'"`)\],;]*)$/.exec(prefix);
  if (fileTag) return pathCompletion(input, fileTag[1] as string, 'file-tag');

  const link = /\]\(([^\s()<>]*)$/.exec(prefix);
  if (link && !/^(?:[a-z][a-z0-9+.-]*:|#|\/|~)/i.test(link[1] as string)) return pathCompletion(input, link[1] as string, 'link');

  const heading = /^ {0,3}(#{1,6})( *)([^#]*)$/.exec(prefix);
  if (heading && !(heading[2] === '' && heading[3] !== '')) return headingCompletion(input, lines, heading[1] as string);
  return [];
}

/** Line of the closing fence of a frontmatter opened on line 0; the line count when it is not closed yet. */
function frontmatterEnd(lines: readonly string[]): number | undefined {
  if ((lines[0] ?? '').trimEnd() !== '---') return undefined;
  for (let i = 1; i < lines.length; i++) if (/^(?:---|\.\.\.)\s*$/.test(lines[i] as string)) return i;
  return lines.length;
}

function inFence(lines: readonly string[], line: number): boolean {
  let open: string | undefined;
  for (let i = 0; i < line; i++) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i] as string);
    if (!m) continue;
    const fence = m[1] as string;
    if (open === undefined) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length) open = undefined;
  }
  return open !== undefined;
}

const rangeOn = (line: number, from: number, to: number): Range => ({ start: { line, character: from }, end: { line, character: to } });

function frontmatterCompletion(input: CompletionInput, lines: readonly string[], fmEnd: number, prefix: string): CompletionItem[] {
  const keys = frontmatterKeysFor(input.kind, input.path);
  const flavor = frontmatterFlavor(input.kind, input.path);
  const { line, character } = input.position;
  const value = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(['"]?)([\w-]*)$/.exec(prefix);
  if (value) {
    const key = keys.find((k) => k.key === value[1]);
    if (!key?.values) return [];
    const from = character - (value[3] as string).length;
    return key.values.map((v, i) => ({
      label: v,
      kind: CompletionItemKind.EnumMember,
      detail: `${key.key}`,
      sortText: String(i).padStart(3, '0'),
      textEdit: { range: rangeOn(line, from, character), newText: v },
    }));
  }
  if (!/^[A-Za-z_-]*$/.test(prefix)) return [];
  const present = new Set<string>();
  for (let i = 1; i < fmEnd; i++) {
    if (i === line) continue;
    const m = /^([A-Za-z_][\w-]*)[ \t]*:/.exec(lines[i] as string);
    if (m) present.add(m[1] as string);
  }
  const lineEnd = /^[A-Za-z_-]*/.exec(lines[line] ?? '')?.[0].length ?? character;
  return keys
    .filter((k) => !present.has(k.key))
    .map((k, i) => {
      const item: CompletionItem = {
        label: k.key,
        kind: CompletionItemKind.Property,
        detail: flavor ? FLAVOR_TOOLS[flavor] : undefined,
        documentation: { kind: MarkupKind.Markdown, value: k.description + (k.values ? `\n\nValues: ${k.values.map((v) => `\`${v}\``).join(', ')}` : '') },
        sortText: `${k.required ? 0 : 1}${String(i).padStart(3, '0')}`,
        insertTextFormat: InsertTextFormat.PlainText,
        textEdit: { range: rangeOn(line, 0, Math.max(character, lineEnd)), newText: `${k.key}: ` },
      };
      if (k.values) item.command = TRIGGER_SUGGEST;
      return item;
    });
}

function headingCompletion(input: CompletionInput, lines: readonly string[], hashes: string): CompletionItem[] {
  const existing = new Set<string>();
  lines.forEach((l, i) => {
    const m = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(l);
    if (m && i !== input.position.line) existing.add((m[1] as string).toLowerCase());
  });
  const { line, character } = input.position;
  const start = (/^ */.exec(lines[line] ?? '')?.[0].length ?? 0) + hashes.length;
  return STANDARD_SECTIONS.filter((s) => !existing.has(s.title.toLowerCase())).map((s, i) => ({
    label: s.title,
    kind: CompletionItemKind.Module,
    detail: 'Section the team standard expects',
    documentation: { kind: MarkupKind.Markdown, value: s.what },
    sortText: String(i).padStart(3, '0'),
    filterText: ` ${s.title}`,
    textEdit: { range: rangeOn(line, start, character), newText: ` ${s.title}` },
  }));
}

function pathCompletion(input: CompletionInput, partial: string, form: 'file-tag' | 'link'): CompletionItem[] {
  if (partial.startsWith('/') || partial.startsWith('~')) return [];
  const slash = partial.lastIndexOf('/');
  const dirPart = partial.slice(0, slash + 1);
  const namePart = partial.slice(slash + 1);
  let decodedDir = dirPart;
  try {
    decodedDir = decodeURIComponent(dirPart);
  } catch {
    /* as written */
  }
  const dir = path.resolve(path.dirname(input.path), decodedDir);
  const entries = input.listDir(dir);
  if (!entries) return [];
  const { line, character } = input.position;
  const range = rangeOn(line, character - namePart.length, character);
  const items: CompletionItem[] = [];
  for (const e of entries) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    if (e.name.startsWith('.') && !namePart.startsWith('.')) continue;
    if (!e.isDirectory && path.join(dir, e.name) === input.path) continue;
    if (form === 'file-tag' && /[\s'"`)\],;]/.test(e.name)) continue;
    const written = form === 'link' ? e.name.replace(/[ ()<>%]/g, (c) => encodeURIComponent(c)) : e.name;
    const item: CompletionItem = {
      label: e.isDirectory ? `${e.name}/` : e.name,
      kind: e.isDirectory ? CompletionItemKind.Folder : CompletionItemKind.File,
      sortText: `${e.isDirectory ? 0 : 1}${e.name}`,
      textEdit: { range, newText: e.isDirectory ? `${written}/` : written },
    };
    if (e.isDirectory) item.command = TRIGGER_SUGGEST;
    items.push(item);
  }
  return items;
}

function inputNames(input: CompletionInput, lines: readonly string[], partial: string): CompletionItem[] {
  const { line, character } = input.position;
  const names = new Map<string, number>();
  lines.forEach((l, i) => {
    for (const m of l.matchAll(/\$\{input:([A-Za-z_][\w-]*)/g)) {
      // The one being typed is not a name yet.
      if (i === line && m.index + m[0].length === character) continue;
      names.set(m[1] as string, (names.get(m[1] as string) ?? 0) + 1);
    }
  });
  const after = (lines[line] ?? '').slice(character);
  const closes = /^[\w-]*(?::[^}\n]*)?\}/.test(after);
  const range = rangeOn(line, character - partial.length, character);
  return [...names.entries()].map(([name, uses]) => ({
    label: name,
    kind: CompletionItemKind.Variable,
    detail: `input used ${uses} time${uses === 1 ? '' : 's'} in this file`,
    textEdit: { range, newText: closes ? name : `${name}}` },
  }));
}
