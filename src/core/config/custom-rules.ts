/**
 * Declarative custom rules (`customRules` in `.promptcoach.json`) compiled into ordinary
 * `Rule` objects, so the engine runs them like built-in rules.
 *
 * Every pattern is compiled with RE2 (`re2js`): matching is linear in the length of the text,
 * whatever the pattern, so a config can never freeze the editor (no catastrophic backtracking).
 * The price is RE2 syntax: no backreferences, no lookarounds. A pattern RE2 rejects becomes an
 * error located at that pattern in the config file, and the rule is left out.
 */
import { RE2JS } from 're2js';
import type { PromptDocument } from '../document';
import type { Category, Fix, Range, Rule, RuleContext, SeveritySetting } from '../types';
import type {
  CustomRuleConfig,
  ExistenceRuleConfig,
  MaxTokensRuleConfig,
  RequiredFrontmatterRuleConfig,
  RequiredSectionRuleConfig,
  SubstitutionRuleConfig,
} from './schema';

/** A problem in one custom rule; `path` is relative to the rule's object in the config. */
export interface CustomRuleError {
  path: (string | number)[];
  /** Locate the property's key rather than its value (a `swap` pattern is a key). */
  atKey?: boolean;
  message: string;
}

export interface CompiledCustomRule {
  /** Undefined when a pattern does not compile. */
  rule: Rule<unknown> | undefined;
  errors: CustomRuleError[];
}

export type CompiledPattern = { ok: true; re: RE2JS } | { ok: false; reason: string };

/**
 * Compiles a user pattern with RE2. `^`/`$` match at line boundaries. Never throws: a pattern
 * RE2 rejects comes back with the reason, naming backreferences and lookarounds outright.
 */
export function compilePattern(source: string, options: { ignoreCase?: boolean | undefined } = {}): CompiledPattern {
  try {
    const flags = RE2JS.MULTILINE | (options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    return { ok: true, re: RE2JS.compile(source, flags) };
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp:\s*/, '');
    let hint = '';
    if (/\(\?<?[=!]/.test(source)) hint = 'lookarounds ((?=…), (?!…), (?<=…), (?<!…)) are not supported';
    else if (/\\[1-9]|\\k</.test(source)) hint = 'backreferences (\\1, \\k<name>) are not supported';
    return {
      ok: false,
      reason:
        `Unexpected pattern ${JSON.stringify(source)}: ${detail}` +
        `${hint ? `; ${hint}` : ''}. Patterns use RE2 syntax so they run in linear time.`,
    };
  }
}

const DEFAULT_MESSAGES: Record<CustomRuleConfig['type'], string> = {
  existence: "Unexpected '{match}'",
  substitution: "Unexpected '{match}', expected '{replacement}'",
  'required-section': "Missing section '{section}', expected a heading that matches it",
  'required-frontmatter': "Missing frontmatter field '{field}'",
  'max-tokens': 'Unexpected size of about {tokens} tokens, expected at most {max}',
};

const DEFAULT_CATEGORIES: Record<CustomRuleConfig['type'], Category> = {
  existence: 'direction',
  substitution: 'direction',
  'required-section': 'format',
  'required-frontmatter': 'format',
  'max-tokens': 'context',
};

/** Compiles one validated custom rule. Never throws. */
export function compileCustomRule(def: CustomRuleConfig): CompiledCustomRule {
  switch (def.type) {
    case 'existence':
      return compileExistence(def);
    case 'substitution':
      return compileSubstitution(def);
    case 'required-section':
      return compileRequiredSection(def);
    case 'required-frontmatter':
      return single(def, requiredFrontmatterCheck(def));
    case 'max-tokens':
      return single(def, maxTokensCheck(def));
  }
}

type Check = (context: RuleContext<unknown>) => void;

function single(def: CustomRuleConfig, check: Check): CompiledCustomRule {
  return { rule: makeRule(def, check), errors: [] };
}

function makeRule(def: CustomRuleConfig, check: Check): Rule<unknown> {
  const severity: SeveritySetting = def.severity ?? 'warning';
  const summary = def.description ?? defaultSummary(def);
  return {
    meta: {
      id: def.id,
      category: def.category ?? DEFAULT_CATEGORIES[def.type],
      defaultSeverity: severity,
      kinds: def.kinds ?? 'all',
      fixable: def.type === 'substitution',
      docs: {
        summary,
        rationale: def.description ?? 'A rule of the team, defined in its .promptcoach.json.',
        bad: '',
        good: '',
      },
    },
    check,
  };
}

function defaultSummary(def: CustomRuleConfig): string {
  switch (def.type) {
    case 'existence':
      return def.tokens ? `Flags ${quoteList(def.tokens)}.` : `Flags text matching ${JSON.stringify(def.pattern)}.`;
    case 'substitution':
      return `Replaces ${quoteList(Object.keys(def.swap))}.`;
    case 'required-section':
      return `Requires the sections ${quoteList(def.sections)}.`;
    case 'required-frontmatter':
      return `Requires the frontmatter fields ${quoteList(def.fields)}.`;
    case 'max-tokens':
      return `Caps a file at about ${def.max} tokens.`;
  }
}

function quoteList(items: readonly string[]): string {
  const shown = items.slice(0, 5).map((i) => `'${i}'`);
  return items.length > 5 ? `${shown.join(', ')}, …` : shown.join(', ');
}

function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

/** Escapes a literal for RE2. */
function quote(literal: string): string {
  return RE2JS.quote(literal);
}

function compileExistence(def: ExistenceRuleConfig): CompiledCustomRule {
  let source: string;
  let wholeWord: boolean;
  const errors: CustomRuleError[] = [];
  if (def.tokens) {
    // Longest first, so "follow up" wins over "follow" at the same place.
    const tokens = [...def.tokens].sort((a, b) => b.length - a.length);
    source = tokens.map((t) => quote(t).replace(/\\? +/g, '\\s+')).join('|');
    wholeWord = def.wholeWord ?? true;
  } else {
    source = def.pattern ?? '';
    wholeWord = def.wholeWord ?? false;
  }
  const compiled = compilePattern(source, { ignoreCase: def.ignoreCase });
  if (!compiled.ok) {
    errors.push({ path: ['pattern'], message: compiled.reason });
    return { rule: undefined, errors };
  }
  const message = def.message ?? DEFAULT_MESSAGES.existence;
  const scope = def.scope ?? 'prose';
  const check: Check = ({ doc, report }) => {
    for (const m of findMatches(compiled.re, scopeText(doc, scope), wholeWord)) {
      report({ range: doc.range(m.start, m.end), message: format(message, { match: shorten(m.text) }) });
    }
  };
  return { rule: makeRule(def, check), errors };
}

function compileSubstitution(def: SubstitutionRuleConfig): CompiledCustomRule {
  const errors: CustomRuleError[] = [];
  const swaps: { re: RE2JS; replacement: string }[] = [];
  for (const [pattern, replacement] of Object.entries(def.swap)) {
    const compiled = compilePattern(pattern, { ignoreCase: def.ignoreCase });
    if (compiled.ok) swaps.push({ re: compiled.re, replacement });
    else errors.push({ path: ['swap', pattern], atKey: true, message: compiled.reason });
  }
  if (errors.length) return { rule: undefined, errors };
  const message = def.message ?? DEFAULT_MESSAGES.substitution;
  const scope = def.scope ?? 'prose';
  const wholeWord = def.wholeWord ?? true;
  const check: Check = ({ doc, report }) => {
    const text = scopeText(doc, scope);
    const taken: { start: number; end: number }[] = [];
    for (const swap of swaps) {
      for (const m of findMatches(swap.re, text, wholeWord)) {
        if (taken.some((t) => m.start < t.end && t.start < m.end)) continue;
        const replacement = matchCase(m.text, expand(swap.replacement, m), def.ignoreCase ?? false);
        if (replacement === m.text) continue;
        taken.push(m);
        const range = doc.range(m.start, m.end);
        const fix: Fix = {
          title: `Replace '${shorten(m.text)}' with '${shorten(replacement)}'`,
          edits: [{ range, newText: replacement }],
        };
        report({ range, message: format(message, { match: shorten(m.text), replacement }), fixes: [fix] });
      }
    }
  };
  return { rule: makeRule(def, check), errors };
}

function compileRequiredSection(def: RequiredSectionRuleConfig): CompiledCustomRule {
  const errors: CustomRuleError[] = [];
  const sections: { source: string; re: RE2JS }[] = [];
  def.sections.forEach((source, i) => {
    const compiled = compilePattern(source, { ignoreCase: true });
    if (compiled.ok) sections.push({ source, re: compiled.re });
    else errors.push({ path: ['sections', i], message: compiled.reason });
  });
  if (errors.length) return { rule: undefined, errors };
  const message = def.message ?? DEFAULT_MESSAGES['required-section'];
  const check: Check = ({ doc, report }) => {
    for (const section of sections) {
      if (doc.allSections.some((s) => section.re.test(s.title))) continue;
      report({ range: topRange(doc), message: format(message, { section: section.source }) });
    }
  };
  return { rule: makeRule(def, check), errors };
}

function requiredFrontmatterCheck(def: RequiredFrontmatterRuleConfig): Check {
  const message = def.message ?? DEFAULT_MESSAGES['required-frontmatter'];
  return ({ doc, report }) => {
    const fm = doc.frontmatter;
    for (const field of def.fields) {
      const entry = fm?.entries.find((e) => e.key === field);
      const empty = entry && (entry.value === null || entry.value === undefined || (typeof entry.value === 'string' && entry.value.trim() === ''));
      if (entry && !empty) continue;
      const range = entry ? entry.keyRange : fm ? firstLine(doc, fm.range) : topRange(doc);
      report({ range, message: format(message, { field }) });
    }
  };
}

function maxTokensCheck(def: MaxTokensRuleConfig): Check {
  const message = def.message ?? DEFAULT_MESSAGES['max-tokens'];
  return ({ doc, report }) => {
    if (doc.tokens <= def.max) return;
    report({ range: topRange(doc), message: format(message, { tokens: doc.tokens, max: def.max }) });
  };
}

function scopeText(doc: PromptDocument, scope: 'prose' | 'text'): string {
  return scope === 'text' ? doc.text : doc.prose;
}

interface Match {
  start: number;
  end: number;
  text: string;
  /** Capture groups, 1-based like `$1`; index 0 is the whole match. */
  groups: (string | undefined)[];
}

/**
 * Every non-empty match, left to right. With `wholeWord`, a match must not continue a word on
 * either side (Unicode letters, digits and `_`); a rejected candidate resumes the search one
 * character later, so overlapping candidates still get their chance.
 */
export function findMatches(re: RE2JS, text: string, wholeWord: boolean): Match[] {
  const out: Match[] = [];
  if (!wholeWord) {
    for (const m of re.matchAll(text)) {
      const whole = m[0];
      if (!whole) continue;
      out.push({ start: m.index ?? 0, end: (m.index ?? 0) + whole.length, text: whole, groups: [...m] });
    }
    return out;
  }
  const matcher = re.matcher(text);
  let from = 0;
  while (from <= text.length && matcher.find(from)) {
    const start = matcher.start();
    const end = matcher.end();
    if (end === start || !atWordBoundaries(text, start, end)) {
      from = start + 1;
      continue;
    }
    const groups: (string | undefined)[] = [];
    for (let g = 0; g <= matcher.groupCount(); g++) groups.push(matcher.group(g) ?? undefined);
    out.push({ start, end, text: text.slice(start, end), groups });
    from = end;
  }
  return out;
}

const WORD = /[\p{L}\p{N}\p{M}_]/u;

function charBefore(text: string, offset: number): string {
  if (offset <= 0) return '';
  const low = text.charCodeAt(offset - 1);
  if (low >= 0xdc00 && low <= 0xdfff && offset >= 2) return text.slice(offset - 2, offset);
  return text.charAt(offset - 1);
}

function charAt(text: string, offset: number): string {
  const cp = text.codePointAt(offset);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function atWordBoundaries(text: string, start: number, end: number): boolean {
  const first = charAt(text, start);
  const last = charBefore(text, end);
  if (WORD.test(first) && WORD.test(charBefore(text, start))) return false;
  if (WORD.test(last) && WORD.test(charAt(text, end))) return false;
  return true;
}

/** `$&`, `$1`…`$99` and `$$` in a replacement. */
function expand(replacement: string, match: Match): string {
  return replacement.replace(/\$(\$|&|\d{1,2})/g, (whole, what: string) => {
    if (what === '$') return '$';
    if (what === '&') return match.text;
    const n = Number(what);
    return n < match.groups.length ? (match.groups[n] ?? '') : whole;
  });
}

/** "Utilize" → "Use", not "use", when matching ignored case. */
function matchCase(found: string, replacement: string, ignoreCase: boolean): string {
  if (!ignoreCase || !replacement) return replacement;
  const f = found.charAt(0);
  const r = replacement.charAt(0);
  if (f !== f.toLowerCase() && f === f.toUpperCase() && r === r.toLowerCase()) return r.toUpperCase() + replacement.slice(1);
  return replacement;
}

/** Where a whole-file finding goes: the first heading, else the first line after the frontmatter. */
function topRange(doc: PromptDocument): Range {
  const heading = doc.allSections[0];
  if (heading) return heading.headingRange;
  let offset = 0;
  if (doc.frontmatter) offset = doc.lines.offsetAt({ line: doc.frontmatter.range.end.line + 1, character: 0 });
  const text = doc.text;
  while (offset < text.length && /\s/.test(text.charAt(offset))) offset++;
  if (offset >= text.length) return doc.range(0, 0);
  const lineEnd = text.slice(offset).search(/\r?\n|\r/);
  return doc.range(offset, lineEnd < 0 ? text.length : offset + lineEnd);
}

function firstLine(doc: PromptDocument, range: Range): Range {
  const start = doc.lines.offsetAt(range.start);
  return doc.range(start, start + doc.lines.lineText(range.start.line).length - range.start.character);
}
