/**
 * Layers → one `EffectiveConfig` for a file. Layers come in precedence order (lowest first);
 * each layer's globs are rebased from its folder onto the one `root` of the result.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';
import { defaultOptions } from '../analyze';
import type { Kind, Rule, SeveritySetting } from '../types';
import type { ChecklistEntry, ConfigLayer, OverrideEntry, RuleEntry } from './parse';
import type { CoachingLevel, ScoringSettings, TrendsSettings } from './schema';
import type { Checklist, Clause, EffectiveConfig, PackInfo, RuleSetting, Template } from './types';

/** A layer whose globs are relative to `globDir`, ready to merge under `root`. */
export interface PreparedLayer {
  layer: ConfigLayer;
  files: [string, Kind][];
  ignore: string[];
  overrides: PreparedOverride[];
  checklists: Checklist[];
  inspectionRequired: string[];
}

interface PreparedOverride {
  entry: OverrideEntry;
  matches(relativePath: string): boolean;
  checklists: Checklist[];
}

/** `root`-relative, `/`-separated path of a file. */
export function relativeTo(root: string, filePath: string): string {
  return path.relative(root, filePath).split(path.sep).join('/');
}

function escapeGlob(literal: string): string {
  return literal.replace(/[\\*?[\]{}()!+@]/g, '\\$&');
}

/** A glob written relative to a config's folder, made relative to `root` (`prefix` = folder relative to root). */
export function rebaseGlob(prefix: string, glob: string): string {
  let negated = '';
  let g = glob;
  if (g.startsWith('!')) {
    negated = '!';
    g = g.slice(1);
  }
  g = g.replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
  if (!prefix) return negated + g;
  return `${negated}${escapeGlob(prefix)}/${g}`;
}

export function prepareLayer(layer: ConfigLayer, root: string, globDir: string): PreparedLayer {
  const prefix = relativeTo(root, globDir);
  const rebase = (g: string) => rebaseGlob(prefix, g);
  const checklists = (entries: readonly ChecklistEntry[]) => entries.map((e) => toChecklist(e, layer.source, rebase));
  return {
    layer,
    files: layer.files.map(([g, kind]) => [rebase(g), kind]),
    ignore: layer.ignore.map(rebase),
    overrides: layer.overrides.map((entry) => {
      const include = picomatch(entry.files.map(rebase), { dot: true });
      const exclude = entry.excludedFiles.length ? picomatch(entry.excludedFiles.map(rebase), { dot: true }) : undefined;
      return { entry, matches: (rel: string) => include(rel) && !(exclude?.(rel) ?? false), checklists: checklists(entry.checklists) };
    }),
    checklists: checklists(layer.checklists),
    inspectionRequired: layer.inspectionRequired.map(rebase),
  };
}

/** A checklist as written → the one in force: defaults applied, globs rebased onto the root. */
export function toChecklist(entry: ChecklistEntry, source: string, rebase: (glob: string) => string = (g) => g): Checklist {
  const c = entry.checklist;
  const list = (g: string | string[] | undefined) => (g === undefined ? [] : Array.isArray(g) ? g : [g]);
  const checklist: Checklist = {
    id: c.id,
    title: c.title,
    version: c.version,
    items: c.items.map((item) => ({
      id: item.id,
      text: item.text,
      ...(item.help === undefined ? {} : { help: item.help }),
      required: item.required ?? true,
      ...(item.auto === undefined ? {} : { auto: item.auto }),
    })),
    files: list(c.files).map(rebase),
    excludedFiles: list(c.excludedFiles).map(rebase),
    kinds: [...(c.kinds ?? [])],
    source,
  };
  if (c.description !== undefined) checklist.description = c.description;
  return checklist;
}

/** Which overrides match a file, as `layer.override` indices: the cache key of its config. */
export function matchingOverrides(layers: readonly PreparedLayer[], relativePath: string): string[] {
  const out: string[] = [];
  layers.forEach((l, li) =>
    l.overrides.forEach((o, oi) => {
      if (o.matches(relativePath)) out.push(`${li}.${oi}`);
    }),
  );
  return out;
}

interface MergedRule {
  severity: SeveritySetting;
  options?: unknown;
  hasOptions: boolean;
}

export interface MergeInput {
  root: string;
  /** Implicit base layer (promptcoach:recommended), globs relative to root. */
  base: ConfigLayer;
  layers: readonly PreparedLayer[];
  builtIns: ReadonlyMap<string, Rule<unknown>>;
  /** The file, relative to root; decides which overrides apply. */
  relativePath: string | undefined;
  sources: string[];
}

/**
 * Merges, lowest precedence first: the base, then each layer's own keys followed by its
 * overrides that match the file (in order). Later wins for rules, booleans and a glob's kind;
 * `ignore` accumulates; a severity alone keeps the options set before it.
 */
export function mergeLayers(input: MergeInput): EffectiveConfig {
  const { root, base, layers, builtIns, relativePath } = input;
  const rules = new Map<string, MergedRule>();
  const customRules = new Map<string, Rule<unknown>>();
  const checklists = new Map<string, Checklist>();
  const ignore: string[] = [];
  const inspectionRequired: string[] = [];
  let requireSuppressionReason = false;
  let reportUnusedSuppressions = true;
  let scoring: ScoringSettings = {};
  let trends: TrendsSettings = {};
  let kind: Kind | undefined;
  const clauses = new Map<string, Clause>();
  let standardTitle: string | undefined;
  const templates = new Map<string, Template>();
  let coachingLevel: CoachingLevel | undefined;
  const packs: PackInfo[] = [];

  const applyRules = (entries: readonly RuleEntry[]) => {
    for (const e of entries) {
      const prev = rules.get(e.id);
      const next: MergedRule = { severity: e.severity, hasOptions: e.hasOptions || (prev?.hasOptions ?? false) };
      if (e.hasOptions) next.options = e.options;
      else if (prev?.hasOptions) next.options = prev.options;
      rules.set(e.id, next);
    }
  };
  const applyLayer = (layer: ConfigLayer) => {
    applyRules(layer.rules);
    for (const rule of layer.customRules) customRules.set(rule.meta.id, rule);
    if (layer.requireSuppressionReason !== undefined) requireSuppressionReason = layer.requireSuppressionReason;
    if (layer.reportUnusedSuppressions !== undefined) reportUnusedSuppressions = layer.reportUnusedSuppressions;
    if (layer.scoring) scoring = { ...scoring, ...layer.scoring, weights: { ...scoring.weights, ...layer.scoring.weights } };
    if (layer.trends) trends = { ...trends, ...layer.trends };
    if (layer.standard) {
      if (layer.standard.title !== undefined) standardTitle = layer.standard.title;
      for (const c of layer.standard.clauses) {
        // A replaced clause keeps its place: the order is the order a newcomer reads the standard in.
        clauses.set(c.id, { id: c.id, text: c.text, rules: c.rules ?? [], items: c.items ?? [], source: layer.source });
      }
    }
    for (const t of layer.templates) {
      const { inputs, folder, ...rest } = t;
      templates.set(t.id, { ...rest, ...(folder !== undefined ? { folder } : {}), inputs: inputs ?? [], source: layer.source });
    }
    if (layer.coachingLevel) coachingLevel = layer.coachingLevel;
    if (layer.pack && !packs.some((p) => p.source === layer.source)) packs.push({ ...layer.pack, source: layer.source });
  };

  const applyChecklists = (list: readonly Checklist[]) => {
    for (const c of list) checklists.set(c.id, c);
  };

  applyLayer(base);
  applyChecklists(base.checklists.map((e) => toChecklist(e, base.source)));
  for (const l of layers) {
    applyLayer(l.layer);
    applyChecklists(l.checklists);
    for (const g of l.ignore) if (!ignore.includes(g)) ignore.push(g);
    inspectionRequired.push(...l.inspectionRequired);
    if (relativePath === undefined) continue;
    for (const o of l.overrides) {
      if (!o.matches(relativePath)) continue;
      applyRules(o.entry.rules);
      applyChecklists(o.checklists);
      if (o.entry.kind) kind = o.entry.kind;
    }
  }

  // Nearer layers' globs first: the first glob that matches decides the kind.
  const files: Record<string, Kind> = {};
  if (kind && relativePath !== undefined) files[escapeGlob(relativePath)] = kind;
  for (let i = layers.length - 1; i >= 0; i--) {
    for (const [g, k] of (layers[i] as PreparedLayer).files) if (!(g in files)) files[g] = k;
  }
  for (const [g, k] of base.files) if (!(g in files)) files[g] = k;

  const ruleSettings: Record<string, RuleSetting> = {};
  for (const [id, merged] of rules) {
    const builtIn = builtIns.get(id);
    if (!builtIn && !customRules.has(id)) continue; // unknown ids are reported, not kept
    const setting: RuleSetting = { severity: merged.severity };
    if (builtIn?.meta.options) {
      const options = merged.hasOptions ? merged.options : defaultOptions(builtIn);
      if (options !== undefined) setting.options = options;
    }
    ruleSettings[id] = setting;
  }

  const config: EffectiveConfig = {
    root,
    files,
    ignore,
    rules: ruleSettings,
    customRules: [...customRules.values()],
    requireSuppressionReason,
    reportUnusedSuppressions,
    scoring,
    trends,
    sources: input.sources,
    checklists: citeInChecklists([...checklists.values()], [...clauses.values()]),
    inspectionRequired,
  };
  if (kind) config.kind = kind;
  if (clauses.size) config.standard = { ...(standardTitle !== undefined ? { title: standardTitle } : {}), clauses: [...clauses.values()] };
  if (templates.size) config.templates = [...templates.values()];
  if (coachingLevel) config.coachingLevel = coachingLevel;
  if (packs.length) config.packs = packs;
  return config;
}

/** The checklists with each item a clause names (`checklist/item`) citing that clause; copies, never the shared originals. */
function citeInChecklists(checklists: Checklist[], clauses: readonly Clause[]): Checklist[] {
  const byItem = new Map<string, Clause>();
  for (const c of clauses) for (const item of c.items) if (!byItem.has(item)) byItem.set(item, c);
  if (!byItem.size) return checklists;
  return checklists.map((list) => ({
    ...list,
    items: list.items.map((item) => {
      const clause = byItem.get(`${list.id}/${item.id}`);
      return clause ? { ...item, standard: { id: clause.id, text: clause.text } } : item;
    }),
  }));
}

const ignoreMatchers = new Map<string, (rel: string) => boolean>();

/**
 * True when the config's `ignore` globs leave the file out. A glob matches the file or any of
 * its folders (`drafts` ignores everything under `drafts/`). Globs are tried in order and the
 * last that matches decides, so `!drafts/keep.md` after `drafts/**` brings a file back.
 */
export function isIgnored(filePath: string, config: Pick<EffectiveConfig, 'root' | 'ignore'>): boolean {
  if (config.ignore.length === 0) return false;
  const rel = relativeTo(config.root, filePath);
  let ignored = false;
  for (const glob of config.ignore) {
    const negated = glob.startsWith('!');
    const key = negated ? glob.slice(1) : glob;
    let test = ignoreMatchers.get(key);
    if (!test) {
      test = picomatch(key, { dot: true });
      ignoreMatchers.set(key, test);
    }
    if (matchesPathOrFolder(test, rel)) ignored = !negated;
  }
  return ignored;
}

function matchesPathOrFolder(test: (p: string) => boolean, rel: string): boolean {
  if (test(rel)) return true;
  for (let i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) if (test(rel.slice(0, i))) return true;
  return false;
}
