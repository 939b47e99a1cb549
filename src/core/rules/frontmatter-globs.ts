/**
 * The file globs in a frontmatter, read from the source so each pattern keeps its offsets: `applyTo`
 * of Copilot instructions and `globs` of Cursor rules. Shared by `frontmatter-invalid` (is each
 * pattern a valid glob?) and `glob-matches-nothing` (does it match a file?).
 *
 * Read from the lines rather than from the YAML value because Cursor writes globs unquoted
 * (`globs: **\/*.ts, src/**`), which is not valid YAML but is what Cursor reads.
 */
import type { PromptDocument } from '../document';
import type { Range } from '../types';

export interface GlobPattern {
  /** The pattern as written, trimmed, quotes removed. */
  text: string;
  /** Offsets of `text` in the document. */
  start: number;
  end: number;
}

export interface GlobValue {
  key: 'applyTo' | 'globs';
  keyRange: Range;
  /** How the value is written: one string (comma-separated globs), a YAML list, or something else. */
  form: 'string' | 'list' | 'other';
  patterns: GlobPattern[];
  /** Offsets of the whole value (after `key:`), for fixes that rewrite it. */
  valueStart: number;
  valueEnd: number;
}

/** The frontmatter key that holds file globs for a kind: VS Code's `applyTo`, Cursor's (and Continue's) `globs`. */
export function globKeyFor(doc: PromptDocument): 'applyTo' | 'globs' | undefined {
  // Cursor, Continue and Windsurf rules use `globs`, whatever kind a config gives them.
  if (/[\\/]\.(?:cursor|continue|windsurf)[\\/]rules[\\/]/.test(doc.path) || doc.fileName.endsWith('.mdc')) return 'globs';
  if (doc.kind === 'instructions') return 'applyTo';
  if (doc.kind === 'rules') return 'globs';
  return undefined;
}

/** Source lines of the frontmatter's YAML content, with their offsets. */
export function frontmatterLines(doc: PromptDocument): { text: string; start: number }[] {
  const fm = doc.frontmatter;
  if (!fm) return [];
  const out: { text: string; start: number }[] = [];
  let offset = fm.contentOffset;
  for (const line of fm.raw.split('\n')) {
    out.push({ text: line.replace(/\r$/, ''), start: offset });
    offset += line.length + 1;
  }
  return out;
}

/**
 * Splits at `separator` outside `{…}` and `[…]`, as VS Code's `splitGlobAware` does, so
 * `**\/*.{ts,tsx}, docs/**` is two patterns. Pieces are trimmed; empty ones are dropped.
 */
export function splitGlobAware(text: string, offset: number, separator = ','): GlobPattern[] {
  const out: GlobPattern[] = [];
  let braces = 0;
  let brackets = 0;
  let from = 0;
  const push = (to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, start: offset + from + lead, end: offset + from + lead + trimmed.length });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') braces++;
    else if (c === '}') braces = Math.max(0, braces - 1);
    else if (c === '[') brackets++;
    else if (c === ']') brackets = Math.max(0, brackets - 1);
    else if (c === separator && braces === 0 && brackets === 0) {
      push(i);
      from = i + 1;
    }
  }
  push(text.length);
  return out;
}

/** A YAML scalar as written: quotes removed (`''` unescaped), a trailing ` # comment` dropped. */
function scalar(text: string, offset: number): { text: string; start: number; quoted: boolean } | undefined {
  const lead = text.length - text.trimStart().length;
  const t = text.trim();
  if (!t) return undefined;
  const q = t[0];
  if (q === "'" || q === '"') {
    const close = q === "'" ? /'(?!')/g : /(?<!\\)"/g;
    close.lastIndex = 1;
    const m = close.exec(t);
    const inner = t.slice(1, m ? m.index : t.length);
    return { text: q === "'" ? inner.replace(/''/g, "'") : inner, start: offset + lead + 1, quoted: true };
  }
  const comment = /\s#/.exec(t);
  return { text: (comment ? t.slice(0, comment.index) : t).trimEnd(), start: offset + lead, quoted: false };
}

/** The globs of the file's `applyTo` (instructions) or `globs` (rules) key; undefined when it has none. */
export function globValue(doc: PromptDocument): GlobValue | undefined {
  const key = globKeyFor(doc);
  if (!key || !doc.frontmatter) return undefined;
  const lines = frontmatterLines(doc);
  const at = lines.findIndex((l) => new RegExp(`^${key}[ \\t]*:`).test(l.text));
  if (at < 0) return undefined;
  const line = lines[at] as { text: string; start: number };
  const colon = line.text.indexOf(':');
  const keyRange = doc.range(line.start, line.start + key.length);
  const rest = line.text.slice(colon + 1);
  const restStart = line.start + colon + 1;
  const valueEnd = line.start + line.text.length;
  const value = (form: GlobValue['form'], patterns: GlobPattern[], end = valueEnd): GlobValue => ({
    key,
    keyRange,
    form,
    patterns,
    valueStart: restStart,
    valueEnd: end,
  });

  const trimmed = rest.trim();
  if (!trimmed || trimmed.startsWith('#')) {
    // A block list on the following lines.
    const patterns: GlobPattern[] = [];
    let end = valueEnd;
    for (const item of lines.slice(at + 1)) {
      const m = /^([ \t]*-[ \t]+)(.*)$/.exec(item.text);
      if (!m) {
        if (!item.text.trim()) continue;
        break;
      }
      const s = scalar(m[2] as string, item.start + (m[1] as string).length);
      if (s) patterns.push(...splitGlobAware(s.text, s.start));
      end = item.start + item.text.length;
    }
    return patterns.length ? value('list', patterns, end) : undefined;
  }
  if (trimmed.startsWith('[')) {
    const open = restStart + rest.indexOf('[');
    const close = rest.lastIndexOf(']');
    const inner = rest.slice(rest.indexOf('[') + 1, close < 0 ? rest.length : close);
    const patterns: GlobPattern[] = [];
    for (const item of splitGlobAware(inner, open + 1)) {
      const s = scalar(item.text, item.start);
      if (s) patterns.push(...splitGlobAware(s.text, s.start));
    }
    return value('list', patterns);
  }
  if (/^[|>]/.test(trimmed)) return value('other', []);
  const s = scalar(rest, restStart);
  return s ? value('string', splitGlobAware(s.text, s.start)) : undefined;
}
