/**
 * Finds, reads and merges the team's config, `.promptcoach.json` (JSON with comments), for any
 * file. Bad config never throws: every problem is a `ConfigProblem` located in its file, and the
 * last good version of a file keeps working while the file is broken.
 *
 * Precedence, lowest first (later wins):
 *
 * 1. `promptcoach:recommended`, the implicit base (every rule at its default severity, the
 *    default `files`). With no config file anywhere, that is the whole config, rooted at the
 *    lint root (`rootDir`).
 * 2. The `.promptcoach.json` files from the outermost folder down to the file's own folder: the
 *    nearer a config is to the file, the more it wins. The search goes up to the filesystem root,
 *    or stops at the first config with `"root": true`. With an explicit `configFile` (`--config`),
 *    only that file is used, for every file, and its globs are relative to `rootDir`.
 * 3. Within one config: its `extends`, in order (each fully resolved, its own extends first),
 *    then its own keys, then its `overrides` whose `files` match (and `excludedFiles` do not), in
 *    order.
 *
 * Merging: a rule's later setting replaces an earlier one, but a severity alone keeps the options
 * set before it; booleans: later wins; `files`: a nearer glob is tried first (the first glob that
 * matches decides the kind); `ignore` accumulates; custom rules: a later rule with the same id
 * replaces the earlier one; checklists: a later checklist with the same id replaces the earlier
 * one (an `overrides` entry's checklists count for the files it matches); `inspection.required`
 * accumulates.
 *
 * Globs are relative to the folder of the config file that contains them; an extended config's
 * globs are read as if written in the config that extends it. The result has one `root`, the
 * outermost config's folder, and every glob rebased onto it.
 *
 * `extends` entries: a path starting with `./` or `../` (relative to the config file; a folder
 * means its `promptcoach-pack.json`, else its `.promptcoach.json`), a built-in preset
 * (`promptcoach:recommended`, `promptcoach:strict`), or an npm package installed in the workspace
 * (resolved with `host.resolvePackage` from the config's folder: the package's main file when it
 * is JSON, else its `promptcoach-pack.json`, `promptcoach.json` or `.promptcoach.json`). In an untrusted
 * workspace (`trusted: false`) packages and absolute paths are not loaded, only presets and
 * relative files; each skipped entry is a warning.
 */
import { editDistance } from '../edit-distance';
import * as path from 'node:path';
import { RULES } from '../rules';
import type { Host, Range, Rule } from '../types';
import { mergeLayers, matchingOverrides, prepareLayer, relativeTo, type PreparedLayer } from './merge';
import { emptyLayer, parseConfig, type ChecklistEntry, type ConfigLayer, type ParsedConfig, type RuleEntry } from './parse';
import { isPresetName, preset, PRESET_NAMES, type PresetName } from './presets';
import { CONFIG_FILE_NAME, PACK_FILE_NAME } from './schema';
import type { ConfigProblem, EffectiveConfig } from './types';

export { CONFIG_FILE_NAME };

export interface ConfigResolverOptions {
  host: Host;
  /** The lint root or workspace folder: the root when no config file exists (and for `configFile`'s globs). */
  rootDir: string;
  /** An explicit config (`--config`; relative to `rootDir`): only this file and its `extends` are used, for every file. */
  configFile?: string;
  /** False in an untrusted workspace: npm packages in `extends` are not loaded. Default true. */
  trusted?: boolean;
  /** The built-in rules to validate ids and options against. Default: `RULES`. */
  rules?: readonly Rule<unknown>[];
}

/** A config file as read in this generation: what it says now, and the layer in force. */
interface Loaded {
  current: ParsedConfig;
  /** The current layer, or the last good one while the file is broken. */
  layer: ConfigLayer;
  /** `layer` is from an earlier text: its ranges do not match the file. */
  stale: boolean;
}

/** A config with its `extends` resolved: layers lowest first, ending with the config's own. */
interface Closure {
  layers: ConfigLayer[];
  /** Every config file read for it. */
  files: string[];
  problems: ConfigProblem[];
}

interface PreparedChain {
  root: string;
  layers: PreparedLayer[];
  sources: string[];
  problems: ConfigProblem[];
  byOverrides: Map<string, EffectiveConfig>;
}

/** Resolves the effective config of files; caches parses by content and results by folder. */
export class ConfigResolver {
  private readonly host: Host;
  private readonly rootDir: string;
  private readonly configFile: string | undefined;
  private readonly trusted: boolean;
  private readonly builtIns: ReadonlyMap<string, Rule<unknown>>;
  private readonly base: ConfigLayer;

  /** Latest parse of each config file, reused while its text is the same. */
  private readonly parsed = new Map<string, ParsedConfig>();
  /** Last parse of each config file without syntax or schema errors. */
  private readonly lastGood = new Map<string, ParsedConfig>();
  /** Folders asked about, so `problems()` can re-resolve after `invalidate`. */
  private readonly dirsSeen = new Set<string>();

  // One generation: dropped by `invalidate`.
  private loaded = new Map<string, Loaded | undefined>();
  private closures = new Map<string, Closure | undefined>();
  private chains = new Map<string, string[]>();
  private prepared = new Map<string, PreparedChain>();
  private dirPrepared = new Map<string, PreparedChain>();

  constructor(options: ConfigResolverOptions) {
    this.host = options.host;
    this.rootDir = path.resolve(options.rootDir);
    this.configFile = options.configFile === undefined ? undefined : path.resolve(this.rootDir, options.configFile);
    this.trusted = options.trusted ?? true;
    const rules = options.rules ?? RULES;
    this.builtIns = new Map(rules.map((r) => [r.meta.id, r as Rule<unknown>]));
    this.base = presetLayer('promptcoach:recommended', rules);
    this.dirsSeen.add(this.rootDir);
  }

  /**
   * The config in force for a file (absolute path). Results are shared between files with the
   * same config: treat them as read-only.
   */
  forFile(absPath: string): EffectiveConfig {
    const file = path.resolve(absPath);
    const dir = path.dirname(file);
    this.dirsSeen.add(dir);
    const chain = this.preparedForDir(dir);
    const rel = relativeTo(chain.root, file);
    const matched = matchingOverrides(chain.layers, rel);
    const needsPath = matched.some((m) => {
      const [li, oi] = m.split('.').map(Number) as [number, number];
      return chain.layers[li]?.overrides[oi]?.entry.kind !== undefined;
    });
    const key = needsPath ? `${matched.join(',')}|${rel}` : matched.join(',');
    let config = chain.byOverrides.get(key);
    if (!config) {
      config = mergeLayers({
        root: chain.root,
        base: this.base,
        layers: chain.layers,
        builtIns: this.builtIns,
        relativePath: rel,
        sources: chain.sources,
      });
      chain.byOverrides.set(key, config);
    }
    return config;
  }

  /** Every problem in every config file read so far (as they are now), deduplicated and sorted. */
  problems(): ConfigProblem[] {
    const all = new Map<string, ConfigProblem>();
    for (const dir of this.dirsSeen) {
      for (const p of this.preparedForDir(dir).problems) {
        const key = `${p.path}\0${p.range.start.line}:${p.range.start.character}-${p.range.end.line}:${p.range.end.character}\0${p.severity}\0${p.message}`;
        if (!all.has(key)) all.set(key, p);
      }
    }
    return [...all.values()].sort(compareProblems);
  }

  /**
   * Drops cached reads (all of them, or one config file's) so the next call reads again; call it
   * when a config file changes, appears or goes. The last good version of each file is kept.
   */
  invalidate(configPath?: string): void {
    if (configPath === undefined) this.parsed.clear();
    else this.parsed.delete(path.resolve(configPath));
    this.loaded = new Map();
    this.closures = new Map();
    this.chains = new Map();
    this.prepared = new Map();
    this.dirPrepared = new Map();
  }

  // ───────────────────────── chains ─────────────────────────

  private preparedForDir(dir: string): PreparedChain {
    let prepared = this.dirPrepared.get(dir);
    if (prepared) return prepared;
    const chain = this.configFile ? [this.configFile] : this.chainFor(dir);
    const key = chain.join('\0');
    prepared = this.prepared.get(key);
    if (!prepared) {
      prepared = this.prepareChain(chain);
      this.prepared.set(key, prepared);
    }
    this.dirPrepared.set(dir, prepared);
    return prepared;
  }

  /** Config files that apply in `dir`, outermost first. */
  private chainFor(dir: string): string[] {
    const hit = this.chains.get(dir);
    if (hit) return hit;
    const parent = path.dirname(dir);
    const atTop = parent === dir;
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    const loaded = this.load(candidate);
    let chain: string[];
    if (loaded) chain = loaded.layer.root || atTop ? [candidate] : [...this.chainFor(parent), candidate];
    else chain = atTop ? [] : this.chainFor(parent);
    this.chains.set(dir, chain);
    return chain;
  }

  private prepareChain(chain: readonly string[]): PreparedChain {
    const explicit = this.configFile !== undefined;
    const problems: ConfigProblem[] = [];
    const present = chain.filter((c) => this.load(c) !== undefined);
    if (explicit && present.length === 0 && this.configFile) {
      problems.push({
        path: this.configFile,
        range: zeroRange(),
        message: `Cannot find the config file ${this.configFile}; using promptcoach:recommended`,
        severity: 'error',
      });
    }
    const root = explicit || present.length === 0 ? this.rootDir : path.dirname(present[0] as string);
    const layers: PreparedLayer[] = [];
    const sources: string[] = [];
    const files: string[] = [];
    for (const configPath of present) {
      const closure = this.closure(configPath, []);
      if (!closure) continue;
      const globDir = explicit ? this.rootDir : path.dirname(configPath);
      for (const layer of closure.layers) {
        layers.push(prepareLayer(layer, root, globDir));
        if (!sources.includes(layer.source)) sources.push(layer.source);
      }
      problems.push(...closure.problems);
      for (const f of closure.files) if (!files.includes(f)) files.push(f);
    }
    for (const f of files) problems.push(...(this.load(f)?.current.problems ?? []));
    problems.push(...this.ruleIdProblems(files, layers));
    return { root, layers, sources, problems, byOverrides: new Map() };
  }

  /**
   * `rules` entries that name neither a built-in nor a custom rule of this chain; custom rules
   * given options. Checked per chain, since a custom rule can be defined in a parent or an
   * extended config.
   */
  private ruleIdProblems(files: readonly string[], layers: readonly PreparedLayer[]): ConfigProblem[] {
    const custom = new Set<string>();
    for (const l of layers) for (const r of l.layer.customRules) custom.add(r.meta.id);
    const known = [...this.builtIns.keys(), ...custom];
    const problems: ConfigProblem[] = [];
    for (const file of files) {
      const loaded = this.load(file);
      if (!loaded) continue;
      // Always the current text's entries: their ranges match the file.
      const layer = loaded.current.layer;
      const check = (entries: readonly RuleEntry[]) => {
        for (const e of entries) {
          if (this.builtIns.has(e.id)) continue;
          if (!custom.has(e.id)) {
            const suggestion = didYouMean(e.id, known);
            problems.push({
              path: file,
              range: e.keyRange,
              message: `Unknown rule '${e.id}'${suggestion ? `, did you mean '${suggestion}'?` : ''}`,
              severity: 'error',
            });
          } else if (e.optionsWritten && e.optionsRange) {
            problems.push({
              path: file,
              range: e.optionsRange,
              message: `Unexpected options for '${e.id}', expected none: custom rules take no options`,
              severity: 'warning',
            });
          }
        }
      };
      check(layer.rules);
      for (const o of layer.overrides) check(o.rules);
      const checkRefs = (entries: readonly ChecklistEntry[]) => {
        for (const ref of entries.flatMap((e) => e.ruleRefs)) {
          if (this.builtIns.has(ref.id) || custom.has(ref.id)) continue;
          const suggestion = didYouMean(ref.id, known);
          problems.push({
            path: file,
            range: ref.range,
            message: `Unknown rule '${ref.id}'${suggestion ? `, did you mean '${suggestion}'?` : ''}`,
            severity: 'error',
          });
        }
      };
      checkRefs(layer.checklists);
      for (const o of layer.overrides) checkRefs(o.checklists);
      // A clause citing an unknown rule cites nothing: a warning, the rest of the standard stands.
      for (const ref of layer.clauseRuleRefs) {
        if (this.builtIns.has(ref.id) || custom.has(ref.id)) continue;
        const suggestion = didYouMean(ref.id, known);
        problems.push({
          path: file,
          range: ref.range,
          message: `Unknown rule '${ref.id}' cited by clause ${ref.clause}${suggestion ? `, did you mean '${suggestion}'?` : ''}`,
          severity: 'warning',
        });
      }
    }
    return problems;
  }

  // ───────────────────────── files and extends ─────────────────────────

  /** Reads a config file once per generation; undefined when it does not exist. */
  private load(configPath: string): Loaded | undefined {
    if (this.loaded.has(configPath)) return this.loaded.get(configPath);
    let result: Loaded | undefined;
    const text = this.host.exists(configPath) && !this.host.isDirectory(configPath) ? this.host.readFile(configPath) : undefined;
    if (text === undefined) {
      this.parsed.delete(configPath);
      this.lastGood.delete(configPath);
    } else {
      let current = this.parsed.get(configPath);
      if (!current || current.text !== text) {
        current = parseConfig(configPath, text, this.builtIns);
        this.parsed.set(configPath, current);
        if (!current.broken) this.lastGood.set(configPath, current);
      }
      const good = current.broken ? this.lastGood.get(configPath) : current;
      result = { current, layer: (good ?? current).layer, stale: good !== undefined && good !== current };
    }
    this.loaded.set(configPath, result);
    return result;
  }

  /**
   * A config and everything it extends. `stack` holds the configs extending it, to catch cycles.
   * Memoized only from the top, since a cycle is seen differently from inside it.
   */
  private closure(configPath: string, stack: readonly string[]): Closure | undefined {
    if (stack.length === 0 && this.closures.has(configPath)) return this.closures.get(configPath);
    const loaded = this.load(configPath);
    let result: Closure | undefined;
    if (loaded) {
      const layers: ConfigLayer[] = [];
      const files = [configPath];
      const problems: ConfigProblem[] = [];
      const problem = (range: Range, message: string, severity: ConfigProblem['severity'] = 'error') => {
        // A stale layer's ranges point into an older text; its problems wait until the file is fixed.
        if (!loaded.stale) problems.push({ path: configPath, range, message, severity });
      };
      const fromDir = path.dirname(configPath);
      for (const ext of loaded.layer.extends) {
        const target = this.resolveExtends(ext.specifier, fromDir);
        if (target.kind === 'preset') {
          layers.push(presetLayer(target.name, [...this.builtIns.values()]));
        } else if (target.kind === 'problem') {
          problem(ext.range, target.message, target.severity);
        } else if (target.path === configPath || stack.includes(target.path)) {
          const from = stack.indexOf(target.path);
          const cycle = from < 0 ? [configPath, configPath] : [...stack.slice(from), configPath, target.path];
          problem(ext.range, `Circular extends: ${cycle.map((c) => this.display(c)).join(' → ')}`);
        } else {
          const sub = this.closure(target.path, [...stack, configPath]);
          if (!sub) {
            problem(ext.range, `Cannot find '${ext.specifier}' to extend: ${this.display(target.path)} does not exist`);
            continue;
          }
          layers.push(...sub.layers);
          for (const f of sub.files) if (!files.includes(f)) files.push(f);
          problems.push(...sub.problems);
        }
      }
      layers.push(loaded.layer);
      result = { layers, files, problems };
    }
    if (stack.length === 0) this.closures.set(configPath, result);
    return result;
  }

  private resolveExtends(
    specifier: string,
    fromDir: string,
  ):
    | { kind: 'preset'; name: PresetName }
    | { kind: 'file'; path: string }
    | { kind: 'problem'; message: string; severity: ConfigProblem['severity'] } {
    if (specifier.startsWith('promptcoach:')) {
      if (isPresetName(specifier)) return { kind: 'preset', name: specifier };
      const suggestion = didYouMean(specifier, PRESET_NAMES);
      return {
        kind: 'problem',
        message: `Unknown preset '${specifier}', expected ${suggestion ? `'${suggestion}'` : PRESET_NAMES.map((p) => `'${p}'`).join(' or ')}`,
        severity: 'error',
      };
    }
    if (path.isAbsolute(specifier) && !this.trusted) {
      return {
        kind: 'problem',
        message: `Absolute path '${specifier}' is not loaded in an untrusted workspace; use a relative path or trust the workspace`,
        severity: 'warning',
      };
    }
    if (/^\.\.?(?:[\\/]|$)/.test(specifier) || path.isAbsolute(specifier)) {
      const target = path.resolve(fromDir, specifier);
      if (this.host.exists(target) && this.host.isDirectory(target)) {
        for (const name of [PACK_FILE_NAME, CONFIG_FILE_NAME, 'promptcoach.json']) {
          const inside = path.join(target, name);
          if (this.host.exists(inside)) return { kind: 'file', path: inside };
        }
        return {
          kind: 'problem',
          message: `Cannot find '${specifier}' to extend: no ${PACK_FILE_NAME} or ${CONFIG_FILE_NAME} in ${this.display(target)}`,
          severity: 'error',
        };
      }
      return { kind: 'file', path: target };
    }
    if (!this.trusted) {
      return {
        kind: 'problem',
        message: `Package '${specifier}' is not loaded in an untrusted workspace; trust the workspace to use it`,
        severity: 'warning',
      };
    }
    if (!this.host.resolvePackage) {
      return { kind: 'problem', message: `Cannot load package '${specifier}': this host does not resolve npm packages`, severity: 'error' };
    }
    const found = this.resolvePackageConfig(specifier, fromDir);
    if (!found) {
      return {
        kind: 'problem',
        message: `Cannot find package '${specifier}' from ${this.display(fromDir)}, expected it installed in the workspace (npm install --save-dev ${packageName(specifier)}) with a ${PACK_FILE_NAME}, a JSON main file or a promptcoach.json`,
        severity: 'error',
      };
    }
    return { kind: 'file', path: found };
  }

  /** The package's main file when it is JSON, else its `promptcoach.json` or `.promptcoach.json`. */
  private resolvePackageConfig(specifier: string, fromDir: string): string | undefined {
    const resolve = (s: string) => {
      try {
        return this.host.resolvePackage?.(s, fromDir);
      } catch {
        return undefined;
      }
    };
    const main = resolve(specifier);
    if (main && /\.jsonc?$/i.test(main)) return main;
    const name = packageName(specifier);
    let pkgDir: string | undefined;
    const manifest = resolve(`${name}/package.json`);
    if (manifest) pkgDir = path.dirname(manifest);
    else if (main) {
      for (let d = path.dirname(main); ; d = path.dirname(d)) {
        if (this.host.exists(path.join(d, 'package.json'))) {
          pkgDir = d;
          break;
        }
        if (path.dirname(d) === d) break;
      }
    }
    if (pkgDir && specifier === name) {
      for (const file of [PACK_FILE_NAME, 'promptcoach.json', CONFIG_FILE_NAME]) {
        const candidate = path.join(pkgDir, file);
        if (this.host.exists(candidate)) return candidate;
      }
    }
    for (const file of [PACK_FILE_NAME, 'promptcoach.json', CONFIG_FILE_NAME]) {
      const viaExports = specifier === name ? resolve(`${name}/${file}`) : undefined;
      if (viaExports) return viaExports;
    }
    return undefined;
  }

  /** A path for messages: relative to the root when inside it. */
  private display(p: string): string {
    const rel = path.relative(this.rootDir, p);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
  }
}

/** A preset as a layer; its globs are relative to the config that extends it. */
function presetLayer(name: PresetName, rules: readonly Rule<unknown>[]): ConfigLayer {
  const p = preset(name, rules);
  const layer = emptyLayer(name);
  layer.files = Object.entries(p.files);
  layer.rules = Object.entries(p.rules).map(([id, s]) => ({
    id,
    severity: s.severity,
    hasOptions: false,
    optionsWritten: false,
    keyRange: zeroRange(),
    optionsRange: undefined,
  }));
  if (p.requireSuppressionReason !== undefined) layer.requireSuppressionReason = p.requireSuppressionReason;
  if (p.reportUnusedSuppressions !== undefined) layer.reportUnusedSuppressions = p.reportUnusedSuppressions;
  layer.checklists = p.checklists.map((checklist) => ({ checklist, ruleRefs: [] }));
  layer.standard = p.standard;
  layer.templates = p.templates;
  if (p.pack) layer.pack = p.pack;
  return layer;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function compareProblems(a: ConfigProblem, b: ConfigProblem): number {
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.range.end.line - b.range.end.line ||
    a.range.end.character - b.range.end.character ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Problems without repeats (the same place, message and severity reported by two paths). */
export function dedupeProblems<P extends Pick<ConfigProblem, 'path' | 'range' | 'message' | 'severity'>>(problems: readonly P[]): P[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.path, p.range, p.message, p.severity]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The closest candidate within a few edits, for "did you mean". */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      if (d < bestDistance) bestDistance = d;
      best = c;
    }
  }
  return best;
}

