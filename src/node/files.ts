/**
 * Which files `lint` checks. Folders are walked in sorted order; a file is taken when its kind
 * is defined (or, with `--all-files`, when it has a prompt-like extension), unless a `.gitignore`
 * on its path or the config's `ignore` globs exclude it. `node_modules` and `.git` are never
 * entered. Files named on the command line are always taken.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { kindOf } from '../core/analyze';
import { isIgnored } from '../core/config/merge';
import type { EffectiveConfig } from '../core/config/types';

/** The part of the config resolver that file collection needs. */
export interface ConfigSource {
  forFile(absPath: string): EffectiveConfig;
}

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

/** Extensions (and whole names) `--all-files` treats as text prompts. */
export const TEXT_PROMPT_EXTENSIONS = ['.md', '.mdc', '.txt', '.prompty', '.j2', '.jinja', '.toml'];
export const TEXT_PROMPT_NAMES = ['.cursorrules', '.windsurfrules', '.clinerules'];

export function isTextPromptFile(filePath: string): boolean {
  const base = path.basename(filePath);
  return TEXT_PROMPT_NAMES.includes(base) || TEXT_PROMPT_EXTENSIONS.includes(path.extname(base).toLowerCase());
}

export interface CollectOptions {
  cwd: string;
  configs: ConfigSource;
  allFiles: boolean;
}

export interface Collected {
  /** Absolute, sorted, unique. */
  files: string[];
  /** Arguments that name nothing on disk, as given. */
  missing: string[];
}

export function collectFiles(args: readonly string[], opts: CollectOptions): Collected {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const arg of args.length ? args : ['.']) {
    const abs = path.resolve(opts.cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      missing.push(arg);
      continue;
    }
    if (stat.isDirectory()) walk(abs, ancestorLayers(abs, opts.cwd), opts, files);
    else files.add(abs);
  }
  return { files: [...files].sort(), missing };
}

interface IgnoreLayer {
  dir: string;
  ig: Ignore;
}

function loadLayer(dir: string): IgnoreLayer | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { dir, ig: ignore().add(text) };
}

/**
 * The `.gitignore` files above a folder being walked that still apply to it: up to the
 * repository root (the nearest folder holding `.git`), or up to the cwd outside a repository.
 */
function ancestorLayers(start: string, cwd: string): IgnoreLayer[] {
  const chain: string[] = [];
  let top: string | undefined;
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    if (dir === start) break;
    chain.push(dir);
    if (fs.existsSync(path.join(dir, '.git'))) {
      top = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
  }
  if (fs.existsSync(path.join(start, '.git'))) return [];
  let dirs = chain;
  if (top === undefined) {
    const rel = path.relative(cwd, start);
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    dirs = inside ? chain.filter((d) => isWithin(cwd, d)) : [];
  }
  return dirs
    .reverse()
    .map(loadLayer)
    .filter((l): l is IgnoreLayer => l !== undefined);
}

function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Git's rule: the deepest `.gitignore` with a matching pattern decides. */
function gitIgnored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const { dir, ig } of layers) {
    const rel = path.relative(dir, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const r = ig.test(toPosix(rel) + (isDir ? '/' : ''));
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

function walk(dir: string, parentLayers: readonly IgnoreLayer[], opts: CollectOptions, out: Set<string>): void {
  const own = loadLayer(dir);
  const layers = own ? [...parentLayers, own] : parentLayers;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const abs = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Linked files are followed; linked folders are not (they may loop).
      try {
        isFile = fs.statSync(abs).isFile();
      } catch {
        isFile = false;
      }
      isDir = false;
    }
    if (isDir) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      if (gitIgnored(layers, abs, true)) continue;
      // A folder is an entry of its parent: the parent's config decides whether it is ignored.
      if (isIgnored(abs, opts.configs.forFile(abs))) continue;
      walk(abs, layers, opts, out);
    } else if (isFile) {
      if (gitIgnored(layers, abs, false)) continue;
      const config = opts.configs.forFile(abs);
      if (isIgnored(abs, config)) continue;
      if (kindOf(abs, config) !== undefined || (opts.allFiles && isTextPromptFile(abs))) out.add(abs);
    }
  }
}
