import { editDistance } from '../edit-distance';
import type { FrontmatterEntry, PromptDocument } from '../document';
import { FRONTMATTER_KEYS, frontmatterFlavor, type FrontmatterFlavor } from '../frontmatter-keys';
import { defineRule, type Fix, type Range, type Report } from '../types';
import { frontmatterLines, globKeyFor, globValue, type GlobPattern, type GlobValue } from './frontmatter-globs';

/** Who reads each flavour's keys, for messages. */
const TOOL: Readonly<Record<FrontmatterFlavor, string>> = {
  prompt: 'VS Code',
  instructions: 'VS Code',
  agent: 'VS Code',
  chatmode: 'VS Code',
  'claude-agent': 'Claude Code',
  'claude-command': 'Claude Code',
  skill: 'the agent',
  rules: 'Cursor',
};

const NOUN: Readonly<Record<FrontmatterFlavor, string>> = {
  prompt: 'a prompt file',
  instructions: 'an instructions file',
  agent: 'a custom agent',
  chatmode: 'a chat mode',
  'claude-agent': 'a Claude Code subagent',
  'claude-command': 'a Claude Code command',
  skill: 'a skill',
  rules: 'a Cursor rule',
};

const VSCODE_AGENT = ['target', 'infer', 'agents', 'user-invocable', 'user-invokable', 'disable-model-invocation', 'mcp-servers', 'hooks', 'github', 'advancedOptions'];
const CLAUDE_SKILL = ['argument-hint', 'user-invocable', 'disable-model-invocation', 'model', 'context', 'agent', 'hooks', 'effort', 'paths'];

/** Keys the tools read that `frontmatter-keys.ts` (written for hovers and completion) leaves out. */
const MORE_KEYS: Readonly<Record<FrontmatterFlavor, readonly string[]>> = {
  prompt: [],
  instructions: ['name', 'excludeAgent'],
  agent: VSCODE_AGENT,
  chatmode: ['name', ...VSCODE_AGENT],
  'claude-agent': ['disallowedTools', 'permissionMode', 'maxTurns', 'skills', 'mcpServers', 'hooks', 'memory', 'background', 'isolation', 'effort', 'initialPrompt'],
  'claude-command': ['name', ...CLAUDE_SKILL],
  skill: ['compatibility', 'metadata', ...CLAUDE_SKILL],
  rules: [],
};

export const KNOWN: Readonly<Record<FrontmatterFlavor, ReadonlySet<string>>> = Object.fromEntries(
  (Object.keys(TOOL) as FrontmatterFlavor[]).map((f) => [f, new Set([...FRONTMATTER_KEYS[f].map((k) => k.key), ...MORE_KEYS[f]])]),
) as unknown as Record<FrontmatterFlavor, ReadonlySet<string>>;

/**
 * Keys that are never a misspelling: every tool's own keys, and the metadata people add on purpose
 * (tools ignore unknown keys, so `version`, `author` or `tags` are harmless).
 */
const NOT_A_TYPO = new Set([
  ...Object.values(KNOWN).flatMap((s) => [...s]),
  ...'version author authors tags tag title category categories date created updated last_updated lastUpdated owner owners status type priority id keywords language lang source url homepage repository examples example notes scope icon emoji color mode hidden temperature trigger order group labels topics maintainer maintainers contributors license deprecated platform platforms requires dependencies inputs outputs template sample'.split(
    ' ',
  ),
]);

/** Another tool's key for the same setting: the file is written for the wrong tool, and the setting is lost. */
const OTHER_TOOL: Readonly<Partial<Record<FrontmatterFlavor, Readonly<Record<string, { key: string; owner: string }>>>>> = {
  instructions: {
    globs: { key: 'applyTo', owner: "Cursor's" },
    alwaysApply: { key: 'applyTo', owner: "Cursor's" },
    paths: { key: 'applyTo', owner: "Claude Code's" },
  },
  rules: {
    applyTo: { key: 'globs', owner: "VS Code's" },
    paths: { key: 'globs', owner: "Claude Code's" },
  },
  prompt: { 'allowed-tools': { key: 'tools', owner: "Claude Code's" } },
  agent: { 'allowed-tools': { key: 'tools', owner: "Claude Code's" } },
  chatmode: { 'allowed-tools': { key: 'tools', owner: "Claude Code's" } },
  'claude-agent': { 'allowed-tools': { key: 'tools', owner: "a command's and a skill's" } },
  'claude-command': { tools: { key: 'allowed-tools', owner: "a subagent's" } },
  skill: { tools: { key: 'allowed-tools', owner: "a subagent's" } },
};

type Shape = 'string' | 'string-or-list' | 'list' | 'boolean' | 'map' | 'string-or-map';
const SHAPES: Readonly<Record<string, Shape>> = {
  name: 'string',
  description: 'string',
  'argument-hint': 'string',
  applyTo: 'string',
  tools: 'string-or-list',
  model: 'string-or-list',
  'allowed-tools': 'string-or-list',
  disallowedTools: 'string-or-list',
  skills: 'string-or-list',
  agents: 'string-or-list',
  excludeAgent: 'string-or-list',
  globs: 'string-or-list',
  alwaysApply: 'boolean',
  'user-invocable': 'boolean',
  'user-invokable': 'boolean',
  'disable-model-invocation': 'boolean',
  infer: 'boolean',
  background: 'boolean',
  handoffs: 'list',
  hooks: 'map',
  metadata: 'map',
  license: 'string-or-map',
  compatibility: 'string-or-map',
};
const ENUMS: Readonly<Partial<Record<FrontmatterFlavor, Readonly<Record<string, readonly string[]>>>>> = {
  agent: { target: ['vscode', 'github-copilot'] },
  chatmode: { target: ['vscode', 'github-copilot'] },
  'claude-agent': { permissionMode: ['default', 'acceptEdits', 'dontAsk', 'bypassPermissions', 'plan', 'delegate'] },
};

/** The flavour whose keys the tool reads from this file: only for files in that tool's own format. */
export function flavorOf(doc: PromptDocument): FrontmatterFlavor | undefined {
  const flavor = frontmatterFlavor(doc.kind, doc.path);
  const posix = doc.path.replace(/\\/g, '/');
  switch (flavor) {
    case 'prompt':
      return doc.fileName.endsWith('.prompt.md') ? flavor : undefined;
    case 'instructions':
      return doc.fileName.endsWith('.instructions.md') ? flavor : undefined;
    case 'agent':
      return doc.fileName.endsWith('.agent.md') || posix.includes('/.github/agents/') ? flavor : undefined;
    case 'skill':
      return doc.fileName === 'SKILL.md' ? flavor : undefined;
    default:
      return flavor;
  }
}

const normalize = (key: string) => key.toLowerCase().replace(/[-_\s]/g, '');


/** The known key `key` is a misspelling of: same letters up to case and separators, a plural, or one or two edits away. */
export function suggestKey(key: string, known: Iterable<string>): string | undefined {
  const list = [...known];
  const n = normalize(key);
  const same = list.find((k) => normalize(k) === n);
  if (same) return same;
  if (NOT_A_TYPO.has(key) || NOT_A_TYPO.has(key.toLowerCase())) return undefined;
  if (n.length >= 4) {
    const plural = list.find((k) => normalize(k) === `${n}s` || `${normalize(k)}s` === n);
    if (plural) return plural;
  }
  const max = n.length >= 9 ? 2 : n.length >= 5 ? 1 : 0;
  if (!max) return undefined;
  const close = list.filter((k) => editDistance(n, normalize(k), max) <= max);
  return close.length === 1 ? close[0] : undefined;
}

const rename = (range: Range, to: string): Fix => ({ title: `Rename the key to '${to}'`, edits: [{ range, newText: to }] });

function unknownKeys(flavor: FrontmatterFlavor, entries: readonly FrontmatterEntry[]): Report[] {
  const known = KNOWN[flavor];
  const present = new Set(entries.map((e) => e.key));
  const out: Report[] = [];
  for (const entry of entries) {
    if (known.has(entry.key)) continue;
    const other = OTHER_TOOL[flavor]?.[entry.key];
    if (other) {
      if (present.has(other.key)) continue;
      // `alwaysApply: true` means `applyTo: '**'`; a renamed string value (`globs: 'src/**'`) keeps its meaning.
      const expected = entry.key === 'alwaysApply' ? `${other.key}: '**'` : other.key;
      const renamable = typeof entry.value === 'string' && entry.key !== 'alwaysApply';
      out.push({
        range: entry.keyRange,
        message: `Unexpected key '${entry.key}' in ${NOUN[flavor]}, expected '${expected}': '${entry.key}' is ${other.owner} key, and ${TOOL[flavor]} ignores it`,
        ...(renamable ? { fixes: [rename(entry.keyRange, other.key)] } : {}),
      });
      continue;
    }
    const suggestion = suggestKey(entry.key, known);
    if (!suggestion || present.has(suggestion)) continue;
    out.push({
      range: entry.keyRange,
      message: `Unexpected frontmatter key '${entry.key}', expected '${suggestion}': ${TOOL[flavor]} ignores keys it does not know, so the setting has no effect`,
      fixes: [rename(entry.keyRange, suggestion)],
    });
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty value';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'string') return `string '${value.length > 30 ? `${value.slice(0, 27)}…` : value}'`;
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Readonly<Record<Shape, string>> = {
  string: 'a string',
  'string-or-list': 'a list of names or one comma-separated string',
  list: 'a list',
  boolean: 'true or false',
  map: 'a mapping of keys to values',
  'string-or-map': 'a string',
};

function fits(shape: Shape, value: unknown): boolean {
  if (value === null || value === undefined) return true; // empty: frontmatter-required's business
  switch (shape) {
    case 'string':
      return typeof value !== 'object';
    case 'string-or-list':
      return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null));
    case 'list':
      return Array.isArray(value);
    case 'boolean':
      return typeof value === 'boolean' || (typeof value === 'string' && /^(?:true|false)$/i.test(value));
    case 'map':
      return typeof value === 'object' && !Array.isArray(value);
    case 'string-or-map':
      return !Array.isArray(value);
  }
}

function wrongValues(doc: PromptDocument, flavor: FrontmatterFlavor, entries: readonly FrontmatterEntry[]): Report[] {
  const known = KNOWN[flavor];
  const out: Report[] = [];
  for (const entry of entries) {
    if (!known.has(entry.key)) continue;
    const allowed = ENUMS[flavor]?.[entry.key];
    if (allowed && typeof entry.value === 'string' && !allowed.includes(entry.value)) {
      out.push({
        range: entry.valueRange,
        message: `Unexpected '${entry.value}' for '${entry.key}', expected ${allowed.map((v) => `'${v}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`,
      });
      continue;
    }
    const shape = SHAPES[entry.key];
    if (!shape || fits(shape, entry.value)) continue;
    if (entry.key === 'applyTo' && Array.isArray(entry.value)) {
      const items = entry.value.filter((v): v is string => typeof v === 'string');
      const colon = doc.text.indexOf(':', doc.lines.offsetAt(entry.keyRange.end));
      // A block list's range runs into the next line; the new value ends where the last item does.
      let end = doc.lines.offsetAt(entry.valueRange.end);
      while (end > colon && /\s/.test(doc.text[end - 1] as string)) end--;
      const joined = `'${items.join(', ').replace(/'/g, "''")}'`;
      out.push({
        range: entry.valueRange,
        message: `Unexpected list for 'applyTo', expected one string of comma-separated globs (${joined}): VS Code ignores a list, so the instructions are never attached`,
        ...(items.length === entry.value.length && colon >= 0
          ? { fixes: [{ title: `Write 'applyTo' as ${joined}`, edits: [{ range: doc.range(colon + 1, end), newText: ` ${joined}` }] }] }
          : {}),
      });
      continue;
    }
    // `argument-hint: [issue number]` is a YAML list; the author meant the brackets as text.
    const source = doc.text.slice(doc.lines.offsetAt(entry.valueRange.start), doc.lines.offsetAt(entry.valueRange.end));
    const bracketed = shape === 'string' && /^\[[^\n]*\]$/.test(source);
    out.push({
      range: entry.valueRange,
      message: bracketed
        ? `Unexpected list for '${entry.key}', expected a string: YAML reads ${source} as a list, so quote it ('${source}')`
        : `Unexpected ${describeValue(entry.value)} for '${entry.key}', expected ${EXPECTED[shape]}`,
      ...(bracketed
        ? { fixes: [{ title: `Quote ${source}`, edits: [{ range: entry.valueRange, newText: `'${source.replace(/'/g, "''")}'` }] }] }
        : {}),
    });
  }
  return out;
}

/** What in a pattern keeps it from matching what its author meant; undefined when nothing does. */
function globProblem(glob: GlobValue, pattern: GlobPattern): { message: string; fix?: string } | undefined {
  const p = pattern.text;
  let braces = 0;
  let brackets = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '{') braces++;
    else if (c === '}') braces--;
    else if (c === '[') brackets++;
    else if (c === ']') brackets--;
    if (braces < 0 || brackets < 0) break;
  }
  if (braces !== 0) {
    return { message: `Unexpected unbalanced '${braces > 0 ? '{' : '}'}' in glob '${p}', expected '{' and '}' in pairs ('**/*.{ts,tsx}'): the pattern matches no file` };
  }
  if (brackets !== 0) {
    return { message: `Unexpected unbalanced '${brackets > 0 ? '[' : ']'}' in glob '${p}', expected '[' and ']' in pairs: the pattern matches no file` };
  }
  if (/^(?:[A-Za-z]:[\\/]|~[\\/]|\/(?:Users|home)\/)/.test(p)) {
    return { message: `Unexpected absolute path in glob '${p}', expected a glob relative to the workspace root ('src/**/*.ts')` };
  }
  // VS Code matches `applyTo` against the file's absolute path, and only a pattern without a
  // leading `/` gets the `**/` that makes it relative.
  if (glob.key === 'applyTo' && p.startsWith('/')) {
    return {
      message: `Unexpected leading '/' in glob '${p}', expected a glob relative to the workspace root ('${p.replace(/^\/+/, '')}'): VS Code reads '/' as the root of the disk`,
      fix: p.replace(/^\/+/, ''),
    };
  }
  const slash = /\\(?![[\]{}()])/.exec(p);
  if (slash) {
    const windows = !p.includes('/') && /^[\w.*-]+(?:\\[\w.*{},-]+)+$/.test(p);
    return {
      message: `Unexpected '\\' in glob '${p}', expected '/' between folders: a backslash escapes the next character in a glob`,
      ...(windows ? { fix: p.replace(/\\/g, '/') } : {}),
    };
  }
  return undefined;
}

function invalidGlobs(doc: PromptDocument, glob: GlobValue): Report[] {
  const out: Report[] = [];
  for (const pattern of glob.patterns) {
    const problem = globProblem(glob, pattern);
    if (!problem) continue;
    const range = doc.range(pattern.start, pattern.end);
    out.push({
      range,
      message: problem.message,
      ...(problem.fix !== undefined ? { fixes: [{ title: `Replace with '${problem.fix}'`, edits: [{ range, newText: problem.fix }] }] } : {}),
    });
  }
  return out;
}

/** A one-line value as a line-based reader sees it: booleans, numbers, quoted strings, `[a, b]` lists, else the text. */
function plainValue(raw: string): unknown {
  if (!raw || raw === '~' || raw === 'null') return null;
  if (/^(?:true|false)$/.test(raw)) return raw === 'true';
  if (/^-?\d+(?:\.\d+)?$/.test(raw)) return Number(raw);
  if (/^'.*'$|^".*"$/.test(raw)) return raw.slice(1, -1);
  if (/^\[.*\]$/.test(raw)) return raw.slice(1, -1).split(',').map((v) => v.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean);
  return raw;
}

/**
 * Cursor writes a rule's globs unquoted (`globs: **\/*.ts`), which is not valid YAML but is its
 * format; for rules a YAML error only counts when a line is not a flat `key: value`.
 */
function readLineByLine(doc: PromptDocument): FrontmatterEntry[] | undefined {
  const lines = frontmatterLines(doc).filter((l) => l.text.trim() && !/^\s*#/.test(l.text));
  const entries: FrontmatterEntry[] = [];
  for (const line of lines) {
    const m = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$/.exec(line.text);
    if (!m) return undefined;
    const raw = (m[2] ?? '').trim();
    const value = plainValue(raw);
    const keyRange = doc.range(line.start, line.start + (m[1] as string).length);
    const valueStart = line.start + line.text.length - (m[2] ?? '').trimStart().length;
    entries.push({ key: m[1] as string, keyRange, value, valueRange: raw ? doc.range(valueStart, valueStart + raw.length) : keyRange });
  }
  return entries;
}

/** Why a `key: value` line does not parse, and the quoted value that would, when the cause is a plain value. */
function yamlProblem(doc: PromptDocument, range: Range, message: string): Report {
  const lineText = doc.lines.lineText(range.start.line);
  const m = /^([A-Za-z_][\w-]*)([ \t]*:[ \t]+)(.*)$/.exec(lineText);
  const value = (m?.[3] ?? '').trimEnd();
  const cause = !m || /^['"[{|>]/.test(value)
    ? undefined
    : /:\s/.test(value)
      ? "': ' inside an unquoted value"
      : /^[*&!%@`]/.test(value)
        ? `an unquoted value that starts with '${value[0]}'`
        : / #/.test(value)
          ? "' #' inside an unquoted value"
          : undefined;
  if (m && cause) {
    const start = doc.lines.lineStart(range.start.line) + (m[1] as string).length + (m[2] as string).length;
    const valueRange = doc.range(start, start + value.length);
    const quoted = `'${value.replace(/'/g, "''")}'`;
    return {
      range: valueRange,
      message: `Unexpected ${cause} of '${m[1]}', expected the value in quotes: the frontmatter is not valid YAML, so the tools that read it drop every key`,
      fixes: [{ title: `Quote the value of '${m[1]}'`, edits: [{ range: valueRange, newText: quoted }] }],
    };
  }
  return {
    range,
    message: `Unexpected YAML syntax in the frontmatter (${message.replace(/\.$/, '')}), expected valid YAML: the tools that read it drop every key`,
  };
}

function duplicateKeys(entries: readonly FrontmatterEntry[]): Report[] {
  const seen = new Set<string>();
  const out: Report[] = [];
  for (const entry of entries) {
    if (seen.has(entry.key)) {
      out.push({ range: entry.keyRange, message: `Unexpected second '${entry.key}' key, expected each key once: one of the two values is silently dropped` });
    }
    seen.add(entry.key);
  }
  return out;
}

export const frontmatterInvalid = defineRule({
  meta: {
    id: 'frontmatter-invalid',
    category: 'format',
    defaultSeverity: 'warning',
    kinds: ['prompt', 'instructions', 'agent', 'skill', 'rules'],
    fixable: true,
    docs: {
      summary:
        'Reports frontmatter the tool cannot use: YAML that does not parse, a misspelt key (`applyto`, `allowed_tools`) or another tool\'s key (`globs` in Copilot instructions), a value of the wrong type, and `applyTo`/`globs` patterns that cannot match.',
      rationale:
        'VS Code, Claude Code and Cursor ignore frontmatter keys they do not know and drop a frontmatter that does not ' +
        'parse, without a word. A misspelt `applyTo`, a Cursor `globs` in a Copilot instructions file or an unquoted ' +
        '`: ` in a description looks fine in review, and the file then never reaches the agent or runs with the wrong ' +
        'tools. The operator sees an agent that ignores the team\'s instructions and has nothing to go on.',
      bad: "---\ndescription: Review rules: security first\napplyto: '**/*.ts'\ntools: {read: true}\n---",
      good: "---\ndescription: 'Review rules: security first'\napplyTo: '**/*.ts'\ntools: ['read']\n---",
      kindsNote:
        'Keys and values are checked against the format of the file: `*.prompt.md`, `*.instructions.md`, `*.agent.md` ' +
        'and chat modes (VS Code), `.claude/agents/` and `.claude/commands/` (Claude Code), `SKILL.md`, and Cursor rules ' +
        '(`*.mdc`, `.cursor/rules/`). Other files of these kinds (a `prompts/*.md` collection, Continue rules) have ' +
        'free-form keys, so only their YAML syntax and globs are checked. Unknown keys are reported only when they are ' +
        'a misspelling of a known key or another tool\'s key for the same setting: extra metadata (`version`, `author`, ' +
        '`tags`, another tool\'s own settings) is harmless and left alone. Missing and empty required keys are ' +
        '`frontmatter-required`\'s. In Cursor and Continue rules unquoted globs are the format (Cursor itself writes ' +
        '`globs: **/*.ts`, which is not valid YAML), so there a frontmatter of flat `key: value` lines is read line by ' +
        'line. Context files (AGENTS.md, CLAUDE.md) are exempt: no tool reads their frontmatter.',
      precision: {
        right: 8,
        judged: 8,
        note:
          'The corpus gave 8 findings, all read and all right: six Claude Code subagents whose `description` holds an ' +
          "unquoted `: ` (the YAML does not parse), an `applyTo` written as a list, and a Continue rule's glob mangled into " +
          '`docs/\\*_/_.{md,mdx}`. The 169 Cursor rules with unquoted globs are not reported (that is Cursor\'s own ' +
          'format), nor is metadata such as `version`, `tags` or `mode`. Misspelt keys, other tools\' keys and wrong value ' +
          'types, which the corpus does not contain, were checked with fixtures and unit tests.',
      },
    },
  },
  check({ doc, report }) {
    const fm = doc.frontmatter;
    if (!fm || !fm.raw.trim()) return;
    const flavor = flavorOf(doc);
    let entries: readonly FrontmatterEntry[] = fm.entries;
    if (fm.errors.length) {
      const lenient = globKeyFor(doc) === 'globs' ? readLineByLine(doc) : undefined;
      if (!lenient) {
        const first = fm.errors[0] as { message: string; range: Range };
        report(yamlProblem(doc, first.range, first.message));
        return;
      }
      entries = lenient;
    } else if (!entries.length) {
      if (/^\s*(?:#.*)?$/.test(fm.raw.replace(/\n\s*#.*$/gm, ''))) return;
      report({ range: fm.range, message: "Unexpected frontmatter that is not a mapping, expected 'key: value' lines" });
      return;
    }
    const found: Report[] = [...duplicateKeys(entries)];
    if (flavor) found.push(...unknownKeys(flavor, entries), ...wrongValues(doc, flavor, entries));
    const glob = globValue(doc);
    if (glob && !(glob.key === 'applyTo' && glob.form === 'list')) found.push(...invalidGlobs(doc, glob));
    for (const r of found) report(r);
  },
});
