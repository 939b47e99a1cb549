/**
 * Template variables as the `undefined-variable` and `injection-risk` rules read them: where a Jinja,
 * Nunjucks or Mustache template uses a variable, which names it defines itself (`{% set %}`, `{% for %}`),
 * and what a Prompty file declares in its frontmatter (`inputs:`, `sample:`).
 */
import type { PromptDocument } from '../document';

export interface VariableUse {
  /** The root name: `comment` for `{{ comment.body | trim }}`. */
  name: string;
  /** The root name with the attributes read from it: `comment.body`. */
  path: string;
  start: number;
  end: number;
  /** The whole `{{ … }}` or `{% … %}` tag the use is in. */
  tagStart: number;
  tagEnd: number;
  /** True for an output tag (`{{ x }}`), false for a statement (`{% if x %}`). */
  output: boolean;
  /** True inside a Mustache section (`{{#items}} … {{/items}}`), where names resolve against the item. */
  inSection: boolean;
}

export interface TemplateScan {
  uses: VariableUse[];
  /** Names the template defines itself: loop variables, `set`, macro parameters, imports. */
  defined: Set<string>;
}

const KEYWORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'true', 'false', 'none', 'True', 'False', 'None',
  'recursive',
]);

/** Globals Jinja and Nunjucks provide. */
const GLOBALS = new Set([
  'loop', 'range', 'dict', 'lipsum', 'cycler', 'joiner', 'namespace', 'caller', 'super', 'self', 'varargs', 'kwargs',
  'this',
]);

const IDENT = /[A-Za-z_][\w]*/y;

/**
 * Root names an expression reads: identifiers that are not attributes (`.x`), filters (`| x`), tests
 * (`is x`), keyword arguments (`x=`), keywords or inside strings.
 */
function expressionNames(expr: string, offset: number): { name: string; path: string; start: number; end: number }[] {
  const out: { name: string; path: string; start: number; end: number }[] = [];
  let i = 0;
  let prev = '';
  while (i < expr.length) {
    const c = expr[i] as string;
    if (c === '"' || c === "'") {
      const close = expr.indexOf(c, i + 1);
      i = close < 0 ? expr.length : close + 1;
      prev = 'str';
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      IDENT.lastIndex = i;
      const word = (IDENT.exec(expr) as RegExpExecArray)[0];
      const start = i;
      i += word.length;
      const after = expr.slice(i).match(/^\s*(=?)(=?)/);
      const kwarg = after?.[1] === '=' && after[2] !== '=';
      // A call (`{{ ref('orders') }}`) is a function the engine provides, not a variable.
      const call = /^\s*\(/.test(expr.slice(i));
      if (prev !== '.' && prev !== '|' && prev !== 'is' && !kwarg && !call && !KEYWORDS.has(word) && !GLOBALS.has(word)) {
        const path = /^(?:\.[A-Za-z_]\w*)*/.exec(expr.slice(i))?.[0] ?? '';
        out.push({ name: word, path: word + path, start: offset + start, end: offset + start + word.length });
      }
      prev = word === 'is' || (word === 'not' && prev === 'is') ? 'is' : word;
      continue;
    }
    if (/\d/.test(c)) {
      while (i < expr.length && /[\w.]/.test(expr[i] as string)) i++;
      prev = 'num';
      continue;
    }
    if (!/\s/.test(c)) prev = c;
    i++;
  }
  return out;
}

/** Names a statement binds: `for a, b in`, `set x =`, `macro m(a, b=1)`, `import … as y`, `from … import a as b`, `with x =`. */
function boundNames(statement: string): { bound: string[]; expr: string; exprOffset: number } {
  const s = statement;
  let m = /^(\s*for\s+)([\w\s,()]+?)(\s+in\s+)/.exec(s);
  if (m) {
    const bound = (m[2] as string).match(/[A-Za-z_]\w*/g) ?? [];
    const exprOffset = m[0].length;
    return { bound, expr: s.slice(exprOffset), exprOffset };
  }
  m = /^(\s*set\s+)([\w\s,]+?)(\s*=\s*|\s*$)/.exec(s);
  if (m) {
    const bound = (m[2] as string).match(/[A-Za-z_]\w*/g) ?? [];
    return { bound, expr: s.slice(m[0].length), exprOffset: m[0].length };
  }
  m = /^(\s*macro\s+)([A-Za-z_]\w*)\s*\(([^)]*)\)/.exec(s);
  if (m) {
    const params = (m[3] as string).split(',').map((p) => /^\s*([A-Za-z_]\w*)/.exec(p)?.[1]).filter((p): p is string => !!p);
    return { bound: [m[2] as string, ...params], expr: '', exprOffset: 0 };
  }
  m = /^\s*(?:import\s+\S+\s+as\s+([A-Za-z_]\w*)|from\s+\S+\s+import\s+(.+))/.exec(s);
  if (m) {
    const bound = m[1] ? [m[1]] : (m[2] as string).split(',').map((p) => (/(\w+)\s*$/.exec(p.replace(/\s+with(?:out)?\s+context\s*$/, ''))?.[1] ?? '')).filter(Boolean);
    return { bound, expr: '', exprOffset: 0 };
  }
  m = /^\s*(?:with|call(?:\s*\([^)]*\))?|filter|block|extends|include|raw|endraw|end\w+|else|autoescape|trans|pluralize)\b/.exec(s);
  if (m) {
    const keyword = m[0].trim();
    if (keyword === 'with') {
      const bound = [...s.matchAll(/([A-Za-z_]\w*)\s*=(?!=)/g)].map((b) => b[1] as string);
      return { bound, expr: s.slice(m[0].length), exprOffset: m[0].length };
    }
    // `{% filter upper %}` names a filter; `block`, `include`, `extends` name templates.
    if (/^(?:filter|block|extends|include|raw|endraw|end\w+|else|autoescape|trans|pluralize)$/.test(keyword)) return { bound: [], expr: '', exprOffset: 0 };
    return { bound: [], expr: s.slice(m[0].length), exprOffset: m[0].length };
  }
  m = /^\s*(?:if|elif|elseif)\b/.exec(s);
  if (m) return { bound: [], expr: s.slice(m[0].length), exprOffset: m[0].length };
  return { bound: [], expr: s, exprOffset: 0 };
}

/** Words an expression may put next to each other: `x if y else z`, `not x`, `x is defined`, `a in b`. */
const JOINERS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'defined', 'none', 'true', 'false']);

/**
 * False for text in braces that no template engine would parse: `{{code here}}`, `{{Product / decision}}`,
 * a slot for a person to fill in rather than a variable.
 */
function isExpression(expr: string): boolean {
  const bare = expr.replace(/"[^"]*"|'[^']*'/g, '""');
  for (const m of bare.matchAll(/([A-Za-z_]\w*)\s+(?=([A-Za-z_]\w*))/g)) {
    if (!JOINERS.has((m[1] as string).toLowerCase()) && !JOINERS.has((m[2] as string).toLowerCase())) return false;
  }
  return true;
}

const TAG = /\{\{\{?-?([\s\S]{0,400}?)-?\}?\}\}|\{%-?([\s\S]{0,400}?)-?%\}|\{#[\s\S]{0,2000}?#\}/g;

/**
 * Every variable use in `[from, to)` of the text: `{{ … }}`, `{% … %}` with `{% raw %}` regions and
 * `{# comments #}` skipped. GitHub Actions expressions (`${{ … }}`) are not template variables.
 */
export function scanTemplate(text: string, from = 0, to = text.length): TemplateScan {
  const uses: VariableUse[] = [];
  const defined = new Set<string>();
  const body = text.slice(0, to);
  let raw = false;
  const sections: string[] = [];
  TAG.lastIndex = from;
  for (let m = TAG.exec(body); m; m = TAG.exec(body)) {
    const tagStart = m.index;
    const tagEnd = tagStart + m[0].length;
    if (m[0].startsWith('{#')) continue;
    if (m[2] !== undefined) {
      const statement = m[2];
      if (/^\s*endraw\b/.test(statement)) raw = false;
      if (raw) continue;
      if (/^\s*raw\b/.test(statement)) {
        raw = true;
        continue;
      }
      const inner = tagStart + m[0].indexOf(statement);
      const { bound, expr, exprOffset } = boundNames(statement);
      for (const b of bound) defined.add(b);
      for (const u of expressionNames(expr, inner + exprOffset)) uses.push({ ...u, tagStart, tagEnd, output: false, inSection: sections.length > 0 });
      continue;
    }
    if (raw || text[tagStart - 1] === '$') continue;
    const expr = m[1] ?? '';
    const inner = tagStart + m[0].indexOf(expr);
    // Mustache sections and partials: `{{#items}}`, `{{^items}}`, `{{/items}}`, `{{> partial}}`, `{{! note}}`.
    const sigil = /^\s*([#^/>!&])\s*/.exec(expr);
    if (sigil) {
      const name = /^[A-Za-z_][\w.-]*/.exec(expr.slice(sigil[0].length))?.[0];
      if (sigil[1] === '/' ) sections.pop();
      else if ((sigil[1] === '#' || sigil[1] === '^') && name) {
        // Handlebars block helpers (`{{#if x}}`, `{{#each items}}`) read their argument.
        const helper = /^(?:if|unless|each|with)$/.test(name);
        const argStart = inner + sigil[0].length + (helper ? name.length : 0);
        const arg = helper ? expr.slice(sigil[0].length + name.length) : name;
        for (const u of expressionNames(arg, argStart)) uses.push({ ...u, tagStart, tagEnd, output: false, inSection: sections.length > 0 });
        sections.push(name);
      } else if (sigil[1] === '&' && name) {
        for (const u of expressionNames(name, inner + sigil[0].length)) uses.push({ ...u, tagStart, tagEnd, output: true, inSection: sections.length > 0 });
      }
      continue;
    }
    if (/^\s*(?:\.|@)/.test(expr) || !isExpression(expr)) continue;
    for (const u of expressionNames(expr, inner)) uses.push({ ...u, tagStart, tagEnd, output: true, inSection: sections.length > 0 });
  }
  return { uses, defined };
}

export interface DeclaredInput {
  name: string;
  /** Offsets of the name in the frontmatter, where an unused declaration is reported. */
  start: number;
  end: number;
  /** Prompty's input kind (`string`, `thread`, …) when given. */
  kind?: string;
  source: 'inputs' | 'sample';
}

export interface Declarations {
  /** Declared inputs; `undefined` names a source the file points at (`inputs: ${file:schema.json}`). */
  inputs: DeclaredInput[] | undefined;
  sample: DeclaredInput[] | undefined;
  hasInputs: boolean;
  hasSample: boolean;
}

/** Where `name` is written inside `[from, to)` of the text, as a key (`name:`) or a `name: <value>` entry. */
function locate(text: string, from: number, to: number, name: string, listForm: boolean): [number, number] {
  const slice = text.slice(from, to);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = listForm
    ? new RegExp(`\\bname\\s*:\\s*["']?(${escaped})["']?\\s*$`, 'm')
    : new RegExp(`^[ \\t]*["']?(${escaped})["']?[ \\t]*:`, 'm');
  const m = re.exec(slice);
  if (!m) return [from, from];
  const at = from + m.index + m[0].indexOf(name, listForm ? m[0].indexOf(':') : 0);
  return [at, at + name.length];
}

/** Prompty's declarations: `inputs:` (a list of `{name, kind}` or a mapping by name) and `sample:` (a mapping). */
export function declarationsOf(doc: PromptDocument): Declarations {
  const fm = doc.frontmatter;
  const result: Declarations = { inputs: undefined, sample: undefined, hasInputs: false, hasSample: false };
  if (!fm) return result;
  const offsetOf = (pos: { line: number; character: number }) => doc.lines.offsetAt(pos);
  for (const entry of fm.entries) {
    if (entry.key !== 'inputs' && entry.key !== 'sample') continue;
    const from = offsetOf(entry.valueRange.start);
    const to = offsetOf(entry.valueRange.end);
    const source = entry.key;
    let list: DeclaredInput[] | undefined;
    const value = entry.value;
    if (Array.isArray(value)) {
      list = [];
      for (const item of value) {
        const name = item && typeof item === 'object' && typeof (item as Record<string, unknown>)['name'] === 'string' ? ((item as Record<string, unknown>)['name'] as string) : typeof item === 'string' ? item : undefined;
        if (!name) continue;
        const kind = item && typeof item === 'object' ? (item as Record<string, unknown>)['kind'] ?? (item as Record<string, unknown>)['type'] : undefined;
        const [start, end] = locate(doc.text, from, to, name, typeof item !== 'string');
        const input: DeclaredInput = { name, start, end, source };
        if (typeof kind === 'string') input.kind = kind;
        list.push(input);
      }
    } else if (value && typeof value === 'object') {
      list = [];
      // Only the mapping's own keys, at its first indentation.
      const indent = /^[ \t]*/.exec(doc.text.slice(doc.lines.lineStart(entry.valueRange.start.line), from))?.[0].length ?? 0;
      for (const [name, spec] of Object.entries(value as Record<string, unknown>)) {
        const [start, end] = locateKey(doc.text, from, to, name, indent);
        const input: DeclaredInput = { name, start, end, source };
        const kind = spec && typeof spec === 'object' ? (spec as Record<string, unknown>)['kind'] ?? (spec as Record<string, unknown>)['type'] : typeof spec === 'string' && source === 'inputs' ? spec : undefined;
        if (typeof kind === 'string') input.kind = kind;
        list.push(input);
      }
    }
    if (source === 'inputs') {
      result.hasInputs = true;
      result.inputs = list;
    } else {
      result.hasSample = true;
      result.sample = list;
    }
  }
  return result;
}

/** The first `name:` key in `[from, to)` at the mapping's indentation (or the first at any when that is unknown). */
function locateKey(text: string, from: number, to: number, name: string, indent: number): [number, number] {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^([ \\t]*)(["']?)${escaped}\\2[ \\t]*:`, 'gm');
  const slice = text.slice(from, to);
  let first: [number, number] | undefined;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const at = from + m.index + (m[1] as string).length + (m[2] as string).length;
    first ??= [at, at + name.length];
    if ((m[1] as string).length === indent || m.index === 0) return [at, at + name.length];
  }
  return first ?? locate(text, from, to, name, false);
}

/** A Prompty file: the `.prompty` extension, or frontmatter that declares `inputs` or `sample` for a `model`. */
export function isPrompty(doc: PromptDocument): boolean {
  if (/\.prompty$/i.test(doc.fileName)) return true;
  const data = doc.frontmatter?.data;
  return !!data && ('inputs' in data || 'sample' in data) && ('model' in data || 'template' in data);
}

/** Lower-case words of a variable name: `issue_body` → issue, body; `commentBody` → comment, body; `a.b` → a, b. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

