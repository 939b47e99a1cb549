/**
 * `prompt-coach pack check`: what is wrong with a pack before it is published, each problem located
 * in its file (the manifest, a template, package.json) in the house formula.
 *
 * The manifest is read the way `extends` reads it (the config resolver, so the problems are the ones
 * a workspace would see), then the pack's own promises are checked: every rule and checklist item a
 * clause cites exists, every template file is there, its file name uses only declared inputs, and
 * the file it makes with sample answers passes the pack's own direction and format rules (a
 * template that starts a newcomer off with findings teaches the wrong thing). Last, the package.json
 * next to the manifest, which npm publishes it with.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import picomatch from 'picomatch';
import { analyze } from '../core/analyze';
import { ConfigResolver, dedupeProblems, didYouMean } from '../core/config/load';
import { Locator, type JsonPath } from '../core/config/parse';
import { preset } from '../core/config/presets';
import { listOf, PACK_FILE_NAME, TemplateSchema, type TemplateConfig } from '../core/config/schema';
import type { EffectiveConfig, Template } from '../core/config/types';
import { RULES } from '../core/rules';
import { INPUT, instantiateTemplate, templateInputs } from '../core/templates';
import { LineIndex } from '../core/text';
import type { Category, Host, Range } from '../core/types';

export { PACK_FILE_NAME };

export interface PackProblem {
  /** Absolute path of the file the problem is in. */
  path: string;
  range: Range;
  message: string;
  severity: 'error' | 'warning';
}

export interface PackCheck {
  /** Absolute path of the pack's folder. */
  dir: string;
  /** Absolute path of its `promptcoach-pack.json`. */
  manifest: string;
  /** Name, version and description, when the manifest has valid ones. */
  pack?: { name: string; version: string; description: string };
  /** Sorted by file, then position. */
  problems: PackProblem[];
  /** What the pack holds, for the summary. */
  counts: { clauses: number; templates: number; customRules: number; checklists: number };
}

/** Categories of the rules a template's file must pass: the ones about how a prompt directs. */
export const TEMPLATE_CATEGORIES: readonly Category[] = ['direction', 'format'];

/** Thrown when `dir` is not a folder holding a readable pack manifest, so there is nothing to check. */
export class NotAPackError extends Error {
  constructor(readonly reason: 'no-folder' | 'no-manifest' | 'unreadable') {
    super(reason);
  }
}

/** Checks the pack in `dir` (absolute). Throws `NotAPackError` when there is no manifest to check. */
export async function checkPack(dir: string, host: Host): Promise<PackCheck> {
  const root = path.resolve(dir);
  const manifest = path.join(root, PACK_FILE_NAME);
  if (!host.isDirectory(root)) throw new NotAPackError('no-folder');
  if (!host.exists(manifest)) throw new NotAPackError('no-manifest');
  const text = host.readFile(manifest);
  if (text === undefined) throw new NotAPackError('unreadable');

  const problems: PackProblem[] = [];
  // The resolver reports what a workspace extending the pack would see: syntax, schema, rule ids, extends.
  const resolver = new ConfigResolver({ host, rootDir: root, configFile: manifest, trusted: true });
  const config = resolver.forFile(path.join(root, 'pack-check.prompt.md'));
  // A clause's unknown rule is only a warning to a workspace; here `checkClauses` makes it an error, once.
  problems.push(...resolver.problems().filter((p) => !/^Unknown rule '[^']*' cited by clause /.test(p.message)));

  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const value: unknown = tree ? getNodeValue(tree) : undefined;
  const at = new Locator(text, tree);
  const raw = isRecord(value) ? value : {};
  const problem = (severity: PackProblem['severity'], where: JsonPath, message: string, atKey = false) =>
    problems.push({ path: manifest, range: at.path(where, atKey), message, severity });

  checkClauses(raw, config, problem);
  const templates = rawTemplates(raw);
  for (const t of templates) checkTemplateDeclaration(t, root, problem);
  await checkTemplateFiles(templates, manifest, host, problem, problems);
  checkPackageJson(root, raw, templates, problems);

  const pack = config.packs?.find((p) => p.source === manifest);
  const clauses = recordAt(raw, 'standard')?.clauses;
  return {
    dir: root,
    manifest,
    ...(pack ? { pack: { name: pack.name, version: pack.version, description: pack.description } } : {}),
    problems: dedupeProblems(problems).sort(compareProblems),
    counts: {
      clauses: Array.isArray(clauses) ? clauses.length : 0,
      templates: templates.length,
      customRules: Array.isArray(raw.customRules) ? raw.customRules.length : 0,
      checklists: Array.isArray(raw.checklists) ? raw.checklists.length : 0,
    },
  };
}

// ───────────────────────────── clauses ─────────────────────────────

type Report = (severity: PackProblem['severity'], where: JsonPath, message: string, atKey?: boolean) => void;

/** Rule ids and checklist items the clauses cite must exist; a rule cited twice cites only the last clause. */
function checkClauses(raw: Record<string, unknown>, config: EffectiveConfig, problem: Report): void {
  const clauses = recordAt(raw, 'standard')?.clauses;
  if (!Array.isArray(clauses)) return;
  const knownRules = [...RULES.map((r) => r.meta.id), ...config.customRules.map((r) => r.meta.id)];
  const known = new Set(knownRules);
  const items = checklistItems(raw, config);
  const citedBy = new Map<string, string>();

  clauses.forEach((clause, i) => {
    if (!isRecord(clause)) return;
    const id = typeof clause.id === 'string' ? clause.id : `#${i + 1}`;
    if (Array.isArray(clause.rules)) {
      clause.rules.forEach((rule, j) => {
        if (typeof rule !== 'string' || !rule) return;
        const where: JsonPath = ['standard', 'clauses', i, 'rules', j];
        if (!known.has(rule)) {
          const suggestion = didYouMean(rule, knownRules);
          problem('error', where, `Unknown rule '${rule}'${suggestion ? `, did you mean '${suggestion}'?` : ", expected a built-in rule id or the id of one of the pack's customRules"}`);
          return;
        }
        const earlier = citedBy.get(rule);
        if (earlier !== undefined && earlier !== id) {
          problem('warning', where, `Unexpected rule '${rule}' in a second clause, expected each rule in one clause: its findings cite '${id}', never '${earlier}'`);
        }
        citedBy.set(rule, id);
      });
    }
    if (Array.isArray(clause.items)) {
      clause.items.forEach((item, j) => {
        if (typeof item !== 'string' || !/^[^/]+\/[^/]+$/.test(item)) return; // the schema reports the shape
        const message = unknownItem(item, items);
        if (message) problem('error', ['standard', 'clauses', i, 'items', j], message);
      });
    }
  });
}

/** Checklist id → its item ids: the pack's (overrides' too), what it extends, and the built-in presets'. */
function checklistItems(raw: Record<string, unknown>, config: EffectiveConfig): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: unknown, items: unknown) => {
    if (typeof id !== 'string' || !Array.isArray(items)) return;
    const ids = items.map((it) => (isRecord(it) && typeof it.id === 'string' ? it.id : undefined)).filter((x): x is string => x !== undefined);
    out.set(id, [...new Set([...(out.get(id) ?? []), ...ids])]);
  };
  for (const c of preset('promptcoach:recommended').checklists) add(c.id, c.items);
  for (const c of config.checklists ?? []) add(c.id, c.items);
  const lists = [raw.checklists, ...(Array.isArray(raw.overrides) ? raw.overrides.map((o) => (isRecord(o) ? o.checklists : undefined)) : [])];
  for (const list of lists) if (Array.isArray(list)) for (const c of list) if (isRecord(c)) add(c.id, c.items);
  return out;
}

function unknownItem(ref: string, items: ReadonlyMap<string, string[]>): string | undefined {
  const [list, item] = ref.split('/') as [string, string];
  const ids = items.get(list);
  if (!ids) {
    const suggestion = didYouMean(list, [...items.keys()]);
    return `Unknown checklist '${list}'${suggestion ? `, did you mean '${suggestion}/${item}'?` : `, expected ${listOf([...items.keys()])}`}`;
  }
  if (ids.includes(item)) return undefined;
  const suggestion = didYouMean(item, ids);
  return `Unknown item '${item}' in checklist '${list}'${suggestion ? `, did you mean '${list}/${suggestion}'?` : `, expected ${listOf(ids)}`}`;
}

// ───────────────────────────── templates ─────────────────────────────

/** A template as declared in the manifest, and its place in `templates` (to locate problems). */
interface RawTemplate {
  index: number;
  template: TemplateConfig;
}

/** The templates whose declaration is valid (the schema reports the others). */
function rawTemplates(raw: Record<string, unknown>): RawTemplate[] {
  if (!Array.isArray(raw.templates)) return [];
  const out: RawTemplate[] = [];
  raw.templates.forEach((t, index) => {
    const parsed = TemplateSchema.safeParse(t);
    if (parsed.success) out.push({ index, template: parsed.data });
  });
  return out;
}


/** The file name and folder use only declared inputs, and the template's file ships with the pack. */
function checkTemplateDeclaration(t: RawTemplate, root: string, problem: Report): void {
  const base: JsonPath = ['templates', t.index];
  const declared = new Set((t.template.inputs ?? []).map((i) => i.id));
  for (const key of ['fileName', 'folder'] as const) {
    const value = t.template[key];
    if (value === undefined) continue;
    const reported = new Set<string>();
    for (const m of value.matchAll(INPUT)) {
      const id = m[1] as string;
      if (declared.has(id) || reported.has(id)) continue;
      reported.add(id);
      problem('error', [...base, key], `Unexpected undeclared input '${id}' in ${key}, expected it in the template's inputs with a question that says what makes a good ${key === 'folder' ? 'folder' : 'file name'}`);
    }
  }
  const rel = path.relative(root, path.resolve(root, t.template.file));
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    problem('warning', [...base, 'file'], `Unexpected template file '${t.template.file}' outside the pack's folder, expected a file inside it, which npm publishes with the pack`);
  }
}

/** Each template's text is there, and the file it makes with sample answers passes the pack's direction rules. */
async function checkTemplateFiles(templates: readonly RawTemplate[], manifest: string, host: Host, problem: Report, problems: PackProblem[]): Promise<void> {
  if (!templates.length) return;
  const root = path.dirname(manifest);
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-pack-check-')));
  try {
    // The pack's own config as a workspace extending it has it: its globs are the workspace's.
    const resolver = new ConfigResolver({ host, rootDir: work, configFile: manifest, trusted: true });
    for (const t of templates) {
      const base: JsonPath = ['templates', t.index];
      const file = path.resolve(root, t.template.file);
      const text = readTemplate(file);
      if (typeof text !== 'string') {
        problem('error', [...base, 'file'], text.message.replace('{file}', t.template.file));
        continue;
      }
      const template = { ...t.template, inputs: t.template.inputs ?? [] };
      const used = new Set([text, template.fileName, template.folder ?? ''].flatMap((s) => [...s.matchAll(INPUT)].map((m) => m[1] as string)));
      template.inputs.forEach((input, k) => {
        if (!used.has(input.id)) problem('warning', [...base, 'inputs', k, 'id'], `Unexpected input '${input.id}' that the template never uses, expected \${input:${input.id}} in its text, fileName or folder`);
      });
      const answers = sampleAnswers(template, text);
      let made: { path: string; text: string };
      try {
        made = instantiateTemplate(template, text, answers);
      } catch (error) {
        problem('error', [...base, 'fileName'], `${(error as Error).message} (sample answers: ${describeAnswers(answers)})`);
        continue;
      }
      const target = path.join(work, ...made.path.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, made.text);
      const config = resolver.forFile(target);
      const { document, findings } = await analyze({ path: target, text: made.text }, config, host);
      if (document.kind !== template.kind) {
        const actual = document.kind ? `a${/^[aeiou]/.test(document.kind) ? 'n' : ''} ${document.kind} file` : 'a file of no known kind';
        problem(
          'warning',
          [...base, 'kind'],
          `Unexpected kind '${template.kind}': the file '${made.path}' the template makes is ${actual} by the pack's "files", expected them to agree (change "kind", "fileName", "folder" or "files")`,
        );
      }
      const categories = new Map<string, Category>([...RULES, ...config.customRules].map((r) => [r.meta.id, r.meta.category]));
      const toSource = sourceMap(text, answers);
      const madeLines = new LineIndex(made.text);
      const templateLines = new LineIndex(text);
      for (const f of findings) {
        const category = categories.get(f.ruleId);
        if (!category || !TEMPLATE_CATEGORIES.includes(category)) continue;
        const start = toSource(madeLines.offsetAt(f.range.start), false);
        const end = toSource(madeLines.offsetAt(f.range.end), true);
        problems.push({
          path: file,
          range: templateLines.range(start, Math.max(start, end)),
          message: `${f.message.split('\n')[0]} (${f.ruleId} in the file template '${template.id}' makes); a template should already pass the standard's direction rules`,
          severity: 'warning',
        });
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function readTemplate(file: string): string | { message: string } {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { message: "Cannot find template file '{file}', expected it next to the manifest" };
    if (code === 'EISDIR') return { message: "Unexpected folder '{file}', expected the template's text file" };
    return { message: `Cannot read template file '{file}' (${code ?? 'error'})` };
  }
}

/** Each input's declared default, else a sample word a file name can hold. */
export function sampleAnswers(template: Pick<Template, 'inputs' | 'fileName' | 'folder'>, text: string): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const input of templateInputs(template, text)) answers[input.id] = input.default ?? `sample-${input.id.toLowerCase().replace(/_/g, '-')}`;
  return answers;
}

function describeAnswers(answers: Record<string, string>): string {
  return Object.entries(answers)
    .map(([k, v]) => `${k}='${v}'`)
    .join(', ');
}

/**
 * Maps offsets in the template filled in (as `fillTemplate` fills it) back to the template's
 * text, so a finding in the file made is shown where the template says it: an answer maps to its
 * placeholder.
 */
function sourceMap(text: string, answers: Readonly<Record<string, string>>): (offset: number, isEnd: boolean) => number {
  // Each piece: where it starts in the output and in the source, its length in each.
  const pieces: { out: number; src: number; outLen: number; srcLen: number; literal: boolean }[] = [];
  let out = '';
  let last = 0;
  const push = (piece: string, srcLen: number, literal: boolean, src: number) => {
    pieces.push({ out: out.length, src, outLen: piece.length, srcLen, literal });
    out += piece;
  };
  for (const m of text.matchAll(INPUT)) {
    const index = m.index as number;
    push(text.slice(last, index), index - last, true, last);
    push(answers[m[1] as string] ?? m[2] ?? m[0], m[0].length, false, index);
    last = index + m[0].length;
  }
  push(text.slice(last), text.length - last, true, last);
  return (offset, isEnd) => {
    for (const p of pieces) {
      const inside = isEnd ? offset > p.out && offset <= p.out + p.outLen : offset >= p.out && offset < p.out + p.outLen;
      if (!inside) continue;
      if (p.literal) return p.src + (offset - p.out);
      return isEnd ? p.src + p.srcLen : p.src;
    }
    return offset <= 0 ? 0 : text.length;
  };
}

// ───────────────────────────── package.json ─────────────────────────────

/**
 * The package.json npm publishes the pack with: it must ship the manifest (and the templates), and
 * carry the pack's name and version, since `extends` names the package and people read its version.
 */
function checkPackageJson(root: string, raw: Record<string, unknown>, templates: readonly RawTemplate[], problems: PackProblem[]): void {
  const file = path.join(root, 'package.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const syntax: ParseError[] = [];
  const tree: Node | undefined = parseTree(text, syntax, { allowTrailingComma: false, disallowComments: true });
  const value: unknown = tree ? getNodeValue(tree) : undefined;
  const at = new Locator(text, tree);
  const warn = (where: JsonPath, message: string, atKey = false) => problems.push({ path: file, range: at.path(where, atKey), message, severity: 'warning' });
  const first = syntax[0];
  if (first) {
    // npm reads strict JSON: no comments, no trailing commas.
    const found = first.offset >= text.length ? 'end of file' : `'${text.slice(first.offset, first.offset + Math.max(1, Math.min(first.length, 20)))}'`;
    problems.push({ path: file, range: at.offsets(first.offset, first.offset + first.length), message: `Unexpected ${found}, expected strict JSON that npm can read (${printParseErrorCode(first.error)})`, severity: 'warning' });
    return;
  }
  if (!isRecord(value)) {
    warn([], 'Unexpected package.json that is not a JSON object, expected the package npm publishes the pack with');
    return;
  }
  if (typeof raw.name === 'string' && !raw.name.startsWith('promptcoach:') && value.name !== raw.name) {
    warn(
      value.name === undefined ? [] : ['name'],
      `Unexpected package name ${value.name === undefined ? 'missing' : `'${String(value.name)}'`}, expected '${raw.name}', the pack's name: workspaces extend the pack by the package's name`,
    );
  }
  if (typeof raw.version === 'string' && typeof value.version === 'string' && value.version !== raw.version) {
    warn(['version'], `Unexpected package version '${value.version}', expected '${raw.version}', the pack's version`);
  }
  if (!Array.isArray(value.files)) return;
  const globs = value.files.filter((f): f is string => typeof f === 'string');
  if (!published(PACK_FILE_NAME, globs)) {
    warn(['files'], `Unexpected "files" without '${PACK_FILE_NAME}', expected it listed so npm publishes the pack's manifest`, true);
  }
  for (const t of templates) {
    const rel = path.relative(root, path.resolve(root, t.template.file)).split(path.sep).join('/');
    if (rel.startsWith('..') || published(rel, globs)) continue;
    warn(['files'], `Unexpected "files" without the template file '${rel}', expected it (or its folder) listed so npm publishes it`, true);
  }
}

/** Whether npm's `files` list takes `rel`: a glob that matches it or a folder that holds it. */
function published(rel: string, files: readonly string[]): boolean {
  return files.some((entry) => {
    const e = entry.replace(/^\.\//, '').replace(/\/+$/, '');
    if (!e) return false;
    return rel === e || rel.startsWith(`${e}/`) || picomatch(e, { dot: true })(rel) || picomatch(`${e}/**`, { dot: true })(rel);
  });
}

// ───────────────────────────── helpers ─────────────────────────────

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordAt(value: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = value[key];
  return isRecord(v) ? v : undefined;
}


function compareProblems(a: PackProblem, b: PackProblem): number {
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
