/**
 * One config file's text → a `ConfigLayer` (what it says, validated) and its problems, each
 * located at the offending node. Never throws: broken parts are left out and reported.
 *
 * Reading goes JSONC (`jsonc-parser`: comments and trailing commas allowed) → `ConfigSchema`
 * (zod) → per-rule option schemas → custom rule compilation (RE2). Syntax and schema errors mark
 * the file `broken`, which tells the resolver to keep using the file's last good version.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import * as path from 'node:path';
import type { z } from 'zod';
import { LineIndex } from '../text';
import type { Kind, Range, Rule, SeveritySetting } from '../types';
import { compileCustomRule } from './custom-rules';
import {
  ChecklistSchema,
  ConfigSchema,
  CustomRuleSchema,
  describeValue,
  GlobSchema,
  InspectionSchema,
  KindSchema,
  listOf,
  OverrideSchema,
  RuleSettingSchema,
  PACK_FILE_NAME,
  PackSchema,
  ScoringSchema,
  StandardSchema,
  TemplateSchema,
  TrendsSchema,
  CoachingLevelSchema,
  type ChecklistConfig,
  type ClauseConfig,
  type CoachingLevel,
  type TemplateConfig,
  type CustomRuleConfig,
  type OverrideConfig,
  type RuleSettingConfig,
  type ScoringSettings,
  type TrendsSettings,
} from './schema';
import type { ConfigProblem } from './types';

export type JsonPath = (string | number)[];

/** One `rules` entry as written, options already validated for built-in rules. */
export interface RuleEntry {
  id: string;
  severity: SeveritySetting;
  /** True when valid options were given; a severity alone keeps earlier options. */
  hasOptions: boolean;
  options?: unknown;
  /** Options were written (valid or not). */
  optionsWritten: boolean;
  /** Where the id is written, for "unknown rule" problems. */
  keyRange: Range;
  optionsRange: Range | undefined;
}

export interface OverrideEntry {
  files: string[];
  excludedFiles: string[];
  rules: RuleEntry[];
  kind?: Kind;
  checklists: ChecklistEntry[];
}

/** One checklist as written (validated), with where its `rules` checks name rules. */
export interface ChecklistEntry {
  checklist: ChecklistConfig;
  /** Rule ids named by `auto: { type: 'rules' }` items, for "unknown rule" problems. */
  ruleRefs: { id: string; range: Range }[];
}

export interface ExtendsEntry {
  specifier: string;
  range: Range;
}

/** What one config (file or preset) says; globs still relative to its folder. */
export interface ConfigLayer {
  /** Absolute path of the config file, or the preset's name. */
  source: string;
  extends: ExtendsEntry[];
  root: boolean;
  files: [string, Kind][];
  ignore: string[];
  rules: RuleEntry[];
  overrides: OverrideEntry[];
  customRules: Rule<unknown>[];
  requireSuppressionReason?: boolean;
  reportUnusedSuppressions?: boolean;
  checklists: ChecklistEntry[];
  /** `inspection.required` globs, relative to the config's folder. */
  inspectionRequired: string[];
  scoring?: ScoringSettings;
  trends?: TrendsSettings;
  standard?: { title?: string; clauses: ClauseConfig[] };
  /** Rule ids the standard's clauses cite, with where, for "unknown rule" problems. */
  clauseRuleRefs: { id: string; clause: string; range: Range }[];
  /** Templates, their `file` made absolute (relative to this config's folder). */
  templates: TemplateConfig[];
  coachingLevel?: CoachingLevel;
  /** Set for a pack's manifest (`promptcoach-pack.json`). */
  pack?: { name: string; version: string; description: string };
}

export interface ParsedConfig {
  path: string;
  text: string;
  /** The valid parts of this text. */
  layer: ConfigLayer;
  problems: ConfigProblem[];
  /** Syntax or schema errors: the resolver keeps using the last good version of the file. */
  broken: boolean;
}

export function emptyLayer(source: string): ConfigLayer {
  return { source, extends: [], root: false, files: [], ignore: [], rules: [], overrides: [], customRules: [], checklists: [], inspectionRequired: [], templates: [], clauseRuleRefs: [] };
}

/**
 * Parses one config file. `builtIns` are the rules whose ids and options it validates against. A
 * file named `promptcoach-pack.json` is a pack: a config that must also have a name, a version and
 * a description.
 */
export function parseConfig(filePath: string, text: string, builtIns: ReadonlyMap<string, Rule<unknown>>): ParsedConfig {
  const isPack = path.basename(filePath) === PACK_FILE_NAME;
  const problems: ConfigProblem[] = [];
  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const at = new Locator(text, tree);
  const error = (range: Range, message: string) => problems.push({ path: filePath, range, message, severity: 'error' });
  const warning = (range: Range, message: string) => problems.push({ path: filePath, range, message, severity: 'warning' });

  for (const e of syntaxErrors) error(at.offsets(e.offset, e.offset + e.length), syntaxMessage(text, e));
  for (const d of duplicateKeys(tree)) warning(at.node(d.key), `Duplicate key '${d.name}', the last one wins`);

  const value: unknown = tree ? getNodeValue(tree) : {};
  const schemaIssues = validate(value, isPack ? PackSchema : ConfigSchema);
  for (const issue of schemaIssues.unknownKeys) warning(at.path(issue.path, true), issue.message);
  for (const issue of schemaIssues.errors) error(at.path(issue.path, issue.atKey), issue.message);

  const broken = syntaxErrors.length > 0 || schemaIssues.errors.length > 0;
  const layer = toLayer(filePath, schemaIssues.stripped, at, builtIns, problems);
  return { path: filePath, text, layer, problems, broken };
}

// ───────────────────────────── validation ─────────────────────────────

interface LocatedIssue {
  path: JsonPath;
  atKey: boolean;
  message: string;
}

/**
 * Validates with `ConfigSchema`. Unknown keys are warnings: they are reported, removed, and the
 * rest validated again, so an unknown key never hides a real error or breaks the file.
 */
function validate(value: unknown, schema: typeof ConfigSchema | typeof PackSchema): { unknownKeys: LocatedIssue[]; errors: LocatedIssue[]; stripped: unknown } {
  const stripped = structuredCloneJson(value);
  const unknownKeys: LocatedIssue[] = [];
  let errors: LocatedIssue[] = [];
  for (let round = 0; round < 8; round++) {
    const result = schema.safeParse(stripped, { error: errorMap });
    if (result.success) return { unknownKeys, errors: [], stripped };
    let removed = false;
    errors = [];
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        const parent = valueAt(stripped, path);
        for (const key of issue.keys) {
          unknownKeys.push({ path: [...path, key], atKey: true, message: `Unexpected key '${key}', ${issue.message}` });
          if (isRecord(parent) && key in parent) {
            delete parent[key];
            removed = true;
          }
        }
      } else {
        errors.push(locate(issue, path, valueAt(stripped, path)));
      }
    }
    if (!removed) break;
  }
  return { unknownKeys, errors, stripped };
}

/** Where an issue goes; `value` is the value at `path`. */
function locate(issue: z.core.$ZodIssue, path: JsonPath, value: unknown): LocatedIssue {
  const last = path[path.length - 1];
  // A required key that is not there: name it, and point at its object.
  if (issue.code === 'invalid_type' && value === undefined && typeof last === 'string') {
    return { path: path.slice(0, -1), atKey: false, message: `Missing key '${last}', ${issue.message.replace(/^Missing value, /, '')}` };
  }
  return { path, atKey: issue.code === 'invalid_key', message: issue.message };
}

const EXPECTED_TYPE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  tuple: 'an array',
  record: 'an object',
  null: 'null',
};

/** Zod issues in the house formula: "Unexpected X, expected Y". */
export function errorMap(issue: z.core.$ZodRawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_TYPE[issue.expected] ?? issue.expected;
      if (input === undefined) return `Missing value, expected ${expected}`;
      return `Unexpected ${describeValue(input)}, expected ${expected}`;
    }
    case 'invalid_value':
      return `Unexpected ${describeValue(input)}, expected ${issue.values.length > 8 ? 'one of ' : ''}${listOf(issue.values.map(String))}`;
    case 'unrecognized_keys': {
      const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
      const known = shape ? Object.keys(shape) : [];
      return known.length ? `expected one of ${listOf(known)}` : 'expected no keys here';
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const got = isRecord(input) ? input[String(issue.discriminator)] : input;
        return `Unexpected ${String(issue.discriminator)} ${describeValue(got)}, expected ${listOf(options.map(String))}`;
      }
      const expected = new Set<string>();
      for (const branch of issue.errors) {
        const first = branch[0];
        if (first?.code === 'invalid_type') expected.add(EXPECTED_TYPE[first.expected] ?? first.expected);
      }
      return `Unexpected ${describeValue(input)}, expected ${expected.size ? listOf([...expected], false) : 'another value'}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return `Unexpected empty list, expected at least ${min} item${min === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return `Unexpected empty text, expected at least ${min} character${min === 1 ? '' : 's'}`;
      return `Unexpected ${describeValue(input)}, expected a number ${issue.inclusive ? '≥' : '>'} ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `Unexpected ${describeValue(input)}, expected at most ${max} items`;
      if (issue.origin === 'string') return `Unexpected long text, expected at most ${max} characters`;
      return `Unexpected ${describeValue(input)}, expected a number ${issue.inclusive ? '≤' : '<'} ${max}`;
    }
    case 'invalid_key':
      return `Unexpected key ${describeValue(input)}`;
    default:
      return undefined;
  }
}

// ───────────────────────────── layer ─────────────────────────────

/**
 * Builds the layer from the valid parts of the (unknown-key-stripped) value. Each entry is
 * validated on its own, so one bad rule or custom rule leaves the others in force.
 */
function toLayer(
  filePath: string,
  value: unknown,
  at: Locator,
  builtIns: ReadonlyMap<string, Rule<unknown>>,
  problems: ConfigProblem[],
): ConfigLayer {
  const layer = emptyLayer(filePath);
  if (!isRecord(value)) return layer;
  const shape = ConfigSchema.shape;
  const push = (severity: ConfigProblem['severity'], range: Range, message: string) =>
    problems.push({ path: filePath, range, message, severity });

  // extends
  const ext = value.extends;
  if (typeof ext === 'string' && ext) layer.extends.push({ specifier: ext, range: at.path(['extends']) });
  else if (Array.isArray(ext))
    ext.forEach((s, i) => {
      if (typeof s === 'string' && s) layer.extends.push({ specifier: s, range: at.path(['extends', i]) });
    });

  if (shape.root.safeParse(value.root).data === true) layer.root = true;

  if (isRecord(value.files))
    for (const [glob, kind] of Object.entries(value.files)) {
      const k = KindSchema.safeParse(kind);
      if (k.success && GlobSchema.safeParse(glob).success) layer.files.push([glob, k.data]);
    }

  if (Array.isArray(value.ignore)) for (const g of value.ignore) if (GlobSchema.safeParse(g).success) layer.ignore.push(g as string);

  if (isRecord(value.rules)) layer.rules = ruleEntries(value.rules, ['rules'], at, builtIns, push);

  if (Array.isArray(value.overrides))
    value.overrides.forEach((raw, i) => {
      const parsed = OverrideSchema.safeParse(raw);
      if (!parsed.success) return;
      layer.overrides.push(overrideEntry(parsed.data, raw, ['overrides', i], at, builtIns, push));
    });

  if (Array.isArray(value.customRules)) {
    const seen = new Set<string>();
    value.customRules.forEach((raw, i) => {
      const parsed = CustomRuleSchema.safeParse(raw);
      if (!parsed.success) return;
      const def: CustomRuleConfig = parsed.data;
      const base: JsonPath = ['customRules', i];
      if (builtIns.has(def.id)) {
        push('error', at.path([...base, 'id']), `Unexpected id '${def.id}': a built-in rule has it, expected a new id`);
        return;
      }
      if (seen.has(def.id)) {
        push('error', at.path([...base, 'id']), `Duplicate custom rule id '${def.id}', expected each id once`);
        return;
      }
      seen.add(def.id);
      const compiled = compileCustomRule(def);
      for (const e of compiled.errors) push('error', at.path([...base, ...e.path], e.atKey ?? false), e.message);
      if (compiled.rule) layer.customRules.push(compiled.rule);
    });
  }

  if (Array.isArray(value.checklists)) layer.checklists = checklistEntries(value.checklists, ['checklists'], at, push);

  const inspection = InspectionSchema.safeParse(value.inspection);
  if (inspection.success && inspection.data?.required) layer.inspectionRequired = [...inspection.data.required];

  const scoring = ScoringSchema.safeParse(value.scoring);
  if (scoring.success && scoring.data) layer.scoring = scoring.data;
  const trends = TrendsSchema.safeParse(value.trends);
  if (trends.success && trends.data) layer.trends = trends.data;

  const standard = StandardSchema.safeParse(value.standard);
  if (standard.success && standard.data) {
    const seen = new Set<string>();
    standard.data.clauses.forEach((c, i) => {
      if (seen.has(c.id)) push('error', at.path(['standard', 'clauses', i, 'id']), `Duplicate clause id '${c.id}', expected each id once in a standard`);
      seen.add(c.id);
      (c.rules ?? []).forEach((id, k) => layer.clauseRuleRefs.push({ id, clause: c.id, range: at.path(['standard', 'clauses', i, 'rules', k]) }));
    });
    layer.standard = { ...(standard.data.title !== undefined ? { title: standard.data.title } : {}), clauses: standard.data.clauses };
  }
  if (Array.isArray(value.templates)) {
    const seen = new Set<string>();
    value.templates.forEach((raw, i) => {
      const parsed = TemplateSchema.safeParse(raw);
      if (!parsed.success) return;
      if (seen.has(parsed.data.id)) {
        push('error', at.path(['templates', i, 'id']), `Duplicate template id '${parsed.data.id}', expected each id once in a config`);
        return;
      }
      seen.add(parsed.data.id);
      layer.templates.push({ ...parsed.data, file: path.resolve(path.dirname(filePath), parsed.data.file) });
    });
  }
  const level = CoachingLevelSchema.safeParse(value.coachingLevel);
  if (level.success) layer.coachingLevel = level.data;
  if (path.basename(filePath) === PACK_FILE_NAME) {
    const name = PackSchema.shape.name.safeParse(value.name);
    const version = PackSchema.shape.version.safeParse(value.version);
    const description = PackSchema.shape.description.safeParse(value.description);
    if (name.success && version.success && description.success) layer.pack = { name: name.data, version: version.data, description: description.data };
  }

  const requireReason = shape.requireSuppressionReason.safeParse(value.requireSuppressionReason);
  if (requireReason.success && requireReason.data !== undefined) layer.requireSuppressionReason = requireReason.data;
  const reportUnused = shape.reportUnusedSuppressions.safeParse(value.reportUnusedSuppressions);
  if (reportUnused.success && reportUnused.data !== undefined) layer.reportUnusedSuppressions = reportUnused.data;
  return layer;
}

function overrideEntry(
  data: OverrideConfig,
  raw: unknown,
  base: JsonPath,
  at: Locator,
  builtIns: ReadonlyMap<string, Rule<unknown>>,
  push: (severity: ConfigProblem['severity'], range: Range, message: string) => void,
): OverrideEntry {
  const list = (g: string | string[] | undefined) => (g === undefined ? [] : Array.isArray(g) ? g : [g]);
  const entry: OverrideEntry = {
    files: list(data.files),
    excludedFiles: list(data.excludedFiles),
    rules: isRecord(raw) && isRecord(raw.rules) ? ruleEntries(raw.rules, [...base, 'rules'], at, builtIns, push) : [],
    checklists: isRecord(raw) && Array.isArray(raw.checklists) ? checklistEntries(raw.checklists, [...base, 'checklists'], at, push) : [],
  };
  if (data.kind) entry.kind = data.kind;
  return entry;
}

/** The valid checklists of a list; a second checklist with the same id is an error. */
function checklistEntries(
  list: readonly unknown[],
  base: JsonPath,
  at: Locator,
  push: (severity: ConfigProblem['severity'], range: Range, message: string) => void,
): ChecklistEntry[] {
  const out: ChecklistEntry[] = [];
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const parsed = ChecklistSchema.safeParse(raw);
    if (!parsed.success) return;
    const checklist = parsed.data;
    if (seen.has(checklist.id)) {
      push('error', at.path([...base, i, 'id']), `Duplicate checklist id '${checklist.id}', expected each id once in a list`);
      return;
    }
    seen.add(checklist.id);
    const ruleRefs: ChecklistEntry['ruleRefs'] = [];
    checklist.items.forEach((item, j) => {
      if (item.auto?.type !== 'rules') return;
      item.auto.rules.forEach((id, k) => ruleRefs.push({ id, range: at.path([...base, i, 'items', j, 'auto', 'rules', k]) }));
    });
    out.push({ checklist, ruleRefs });
  });
  return out;
}

function ruleEntries(
  rules: Record<string, unknown>,
  base: JsonPath,
  at: Locator,
  builtIns: ReadonlyMap<string, Rule<unknown>>,
  push: (severity: ConfigProblem['severity'], range: Range, message: string) => void,
): RuleEntry[] {
  const out: RuleEntry[] = [];
  for (const [id, raw] of Object.entries(rules)) {
    const parsed = RuleSettingSchema.safeParse(raw);
    if (!parsed.success || !id) continue;
    const setting: RuleSettingConfig = parsed.data;
    const path = [...base, id];
    const severity = typeof setting === 'string' ? setting : setting[0];
    const optionsWritten = Array.isArray(setting) && setting.length > 1;
    const entry: RuleEntry = {
      id,
      severity,
      hasOptions: false,
      optionsWritten,
      keyRange: at.path(path, true),
      optionsRange: optionsWritten ? at.path([...path, 1]) : undefined,
    };
    const rule = builtIns.get(id);
    if (rule && optionsWritten) {
      const options = (setting as [SeveritySetting, unknown])[1];
      if (!rule.meta.options) {
        push('warning', at.path([...path, 1]), `Unexpected options for '${id}', expected none: the rule takes no options`);
      } else {
        const result = rule.meta.options.safeParse(options, { error: errorMap });
        if (result.success) {
          entry.hasOptions = true;
          entry.options = result.data;
        } else {
          for (const issue of result.error.issues) {
            const sub = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
            const target = locate(issue, [...path, 1, ...sub], valueAt(options, sub));
            push('error', at.path(target.path, target.atKey), `Rule '${id}': ${target.message}; using its default options`);
          }
        }
      }
    }
    out.push(entry);
  }
  return out;
}

// ───────────────────────────── locating ─────────────────────────────

/** Maps JSON paths and offsets to ranges in the config's text. */
export class Locator {
  private readonly lines: LineIndex;

  constructor(
    readonly text: string,
    readonly tree: Node | undefined,
  ) {
    this.lines = new LineIndex(text);
  }

  offsets(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  node(node: Node): Range {
    return this.lines.range(node.offset, node.offset + node.length);
  }

  /**
   * Range of the value at `path`, or of its property key with `atKey`. An object or array that
   * spans lines is located by its property key (or its opening bracket) rather than its whole
   * extent. When the path does not exist (a missing key), its nearest existing ancestor's.
   */
  path(path: JsonPath, atKey = false): Range {
    if (!this.tree) return this.lines.range(0, 0);
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.tree : findNodeAtLocation(this.tree, path.slice(0, n));
      if (!node) continue;
      const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      const range = this.node(node);
      const container = (node.type === 'object' || node.type === 'array') && (n < path.length || range.start.line !== range.end.line);
      if (key && (container || (atKey && n === path.length) || n < path.length)) return this.node(key);
      if (container) return this.lines.range(node.offset, node.offset + Math.min(1, node.length));
      return range;
    }
    return this.lines.range(0, 0);
  }
}

const SYNTAX_EXPECTED: Record<string, string> = {
  InvalidSymbol: 'a JSON value',
  InvalidNumberFormat: 'a number',
  PropertyNameExpected: 'a property name in double quotes',
  ValueExpected: 'a value',
  ColonExpected: "':'",
  CommaExpected: "','",
  CloseBraceExpected: "'}'",
  CloseBracketExpected: "']'",
  EndOfFileExpected: 'the end of the file',
  InvalidCommentToken: 'a comment',
  UnexpectedEndOfComment: "'*/'",
  UnexpectedEndOfString: "a closing '\"'",
  UnexpectedEndOfNumber: 'a digit',
  InvalidUnicode: 'a \\uXXXX escape',
  InvalidEscapeCharacter: 'an escape such as \\n, \\" or \\\\',
  InvalidCharacter: 'no control characters in a string',
};

function syntaxMessage(text: string, e: ParseError): string {
  const code = printParseErrorCode(e.error);
  let found: string;
  if (e.offset >= text.length) found = 'end of file';
  else {
    const raw = e.length > 0 ? text.slice(e.offset, e.offset + e.length) : text.charAt(e.offset);
    const shown = raw.length > 30 ? `${raw.slice(0, 27)}…` : raw;
    found = /^\s+$/.test(shown) ? 'line break' : `'${shown.replace(/\r?\n/g, '⏎')}'`;
  }
  return `Unexpected ${found}, expected ${SYNTAX_EXPECTED[code] ?? code}`;
}

function duplicateKeys(tree: Node | undefined): { name: string; key: Node }[] {
  const out: { name: string; key: Node }[] = [];
  const walk = (node: Node) => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (!key || typeof key.value !== 'string') continue;
        if (seen.has(key.value)) out.push({ name: key.value, key });
        seen.add(key.value);
      }
    }
    for (const child of node.children ?? []) walk(child);
  };
  if (tree) walk(tree);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let v = root;
  for (const p of path) {
    if (Array.isArray(v) && typeof p === 'number') v = v[p];
    else if (isRecord(v)) v = v[String(p)];
    else return undefined;
  }
  return v;
}

function structuredCloneJson(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

