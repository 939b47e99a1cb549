/**
 * `lint --cache`: the findings of each file, kept between runs and trusted only while nothing they
 * depend on has changed.
 *
 * A file's findings depend on more than its text: rules read the workspace through `Host` (does
 * a referenced file exist, what does a context file say, when did it change, which files does a
 * glob match) and look at the clock (`review-overdue`). So while a file is analysed, a recording
 * host (`recordingHost`) notes every question asked and a digest of the answer; a warm run asks
 * those questions again, each once however many entries share it, and uses an entry only when
 * every answer is the same. Entries whose findings depend on the day are kept for that UTC day.
 *
 * An entry is also tied to its file's text (a content hash), to its config (the root and the
 * text of every config file and pack in its chain: `ConfigKeys`), and the whole cache to the tool
 * version and the options that change findings. The file is written atomically (a temporary file
 * renamed over it); an unreadable, corrupt or foreign file is treated as empty and rewritten.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appliesTo, rulesFor, settingFor } from '../core/analyze';
import { levelSeverity } from '../core/coaching';
import type { EffectiveConfig } from '../core/config/types';
import type { Finding, FileTime, Host, Kind } from '../core/types';

/** Bumped when the file's shape or what an entry means changes. */
const SCHEMA = 1;
const FORMAT = 'prompt-coach-lint-cache';

/** Where `--cache` keeps its file when `--cache-location` is not given, relative to the cwd. */
export const DEFAULT_CACHE_FILE = path.join('.promptcoach', 'cache', 'lint.json');

/**
 * Built-in rules whose findings depend on the current time. A test runs every rule with a clock
 * that notes being read and fails when one reads it and is not listed here.
 */
export const CLOCK_RULES: readonly string[] = ['review-overdue'];

/** What a file's analysis asked the host: `exists`, `isDirectory`, `readFile`, `lastChanged`, `listFiles`, `resolvePackage`. */
export type DependencyKind = 'exists' | 'dir' | 'read' | 'time' | 'list' | 'package';

/** One question and a digest of its answer: [kind, path (a package's: `fromDir\0specifier`), answer]. */
export type Dependency = [kind: DependencyKind, subject: string, answer: string | boolean | null];

/** What a file's analysis leaves for the cache: its text's hash, what it depended on, and the day when the clock mattered. */
export interface CacheRecord {
  hash: string;
  deps: Dependency[];
  /** `YYYY-MM-DD` (UTC) when a rule that reads the clock was in force for the file. */
  day?: string;
}

export function digest(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * The cache's own files: a workspace listing leaves them out, or writing the cache would change
 * what the entries it holds depend on.
 */
export interface CacheFiles {
  /** The cache file (absolute). */
  file: string;
  /** The folder is ours (the default location): its `.gitignore` is ours too. */
  ownFolder: boolean;
}

function isCacheFile(abs: string, own: CacheFiles | undefined): boolean {
  if (!own) return false;
  // The temporary file `save` writes is the cache file's name with a suffix.
  if (abs === own.file || abs.startsWith(`${own.file}.`)) return true;
  return own.ownFolder && abs === path.join(path.dirname(own.file), '.gitignore');
}

type Answer = (host: Host, subject: string, own: CacheFiles | undefined) => string | boolean | null;

const answers: Record<DependencyKind, Answer> = {
  exists: (host, p) => host.exists(p),
  dir: (host, p) => host.isDirectory(p),
  read: (host, p) => readDigest(host.readFile(p)),
  time: (host, p) => timeKey(host.lastChanged?.(p)),
  list: (host, root, own) => listDigest(root, host.listFiles?.(root), own),
  package: (host, key) => {
    const [fromDir = '', specifier = ''] = key.split('\0');
    return host.resolvePackage?.(specifier, fromDir) ?? null;
  },
};

function readDigest(text: string | undefined): string | null {
  return text === undefined ? null : digest(text);
}

function timeKey(time: FileTime | undefined): string | null {
  return time === undefined ? null : `${time.source}:${time.time}`;
}

/** Digests of listings: a host keeps one listing a root for the run, and a glob rule asks for it once a file. */
const listDigests = new WeakMap<readonly string[], string>();

function listDigest(root: string, files: readonly string[] | undefined, own: CacheFiles | undefined): string | null {
  if (files === undefined) return null;
  let known = listDigests.get(files);
  if (known === undefined) {
    const kept = own ? files.filter((f) => !isCacheFile(path.join(root, f), own)) : files;
    known = digest(kept.join('\n'));
    listDigests.set(files, known);
  }
  return known;
}

/** A host that answers as `base` does and notes each question with a digest of its answer. */
export function recordingHost(base: Host, own?: CacheFiles): { host: Host; dependencies(): Dependency[] } {
  const seen = new Map<string, Dependency>();
  const note = (kind: DependencyKind, subject: string, answer: string | boolean | null) => {
    const key = `${kind}\0${subject}`;
    if (!seen.has(key)) seen.set(key, [kind, subject, answer]);
  };
  const host: Host = {
    exists(p) {
      const found = base.exists(p);
      note('exists', p, found);
      return found;
    },
    isDirectory(p) {
      const dir = base.isDirectory(p);
      note('dir', p, dir);
      return dir;
    },
    readFile(p) {
      const text = base.readFile(p);
      note('read', p, readDigest(text));
      return text;
    },
  };
  if (base.lastChanged) {
    const lastChanged = base.lastChanged.bind(base);
    host.lastChanged = (p) => {
      const time = lastChanged(p);
      note('time', p, timeKey(time));
      return time;
    };
  }
  if (base.listFiles) {
    const listFiles = base.listFiles.bind(base);
    host.listFiles = (root) => {
      const files = listFiles(root);
      note('list', root, listDigest(root, files, own));
      return files;
    };
  }
  if (base.resolvePackage) {
    const resolvePackage = base.resolvePackage.bind(base);
    host.resolvePackage = (specifier, fromDir) => {
      const resolved = resolvePackage(specifier, fromDir);
      note('package', `${fromDir}\0${specifier}`, resolved ?? null);
      return resolved;
    };
  }
  return { host, dependencies: () => [...seen.values()] };
}

/**
 * The UTC day a file's findings are good for, or undefined when they do not depend on the clock:
 * a clock rule is in force for it and it has a YAML frontmatter, where review dates live (a fence
 * on the first line, after an optional byte order mark, as the parser requires).
 */
export function clockDay(config: EffectiveConfig, kind: Kind | undefined, text: string, now: number): string | undefined {
  if (!/^\uFEFF?---/.test(text)) return undefined;
  for (const rule of rulesFor(config)) {
    if (!CLOCK_RULES.includes(rule.meta.id) || !appliesTo(rule, kind)) continue;
    if (levelSeverity(settingFor(rule, config).severity, rule, config.coachingLevel) !== 'off') return utcDay(now);
  }
  return undefined;
}

export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** A config's identity for the cache: its root and kind, and the text of every config file and pack that went into it. */
export class ConfigKeys {
  private readonly keys = new WeakMap<EffectiveConfig, string>();
  private readonly texts = new Map<string, string>();

  constructor(private readonly host: Host) {}

  keyOf(config: EffectiveConfig): string {
    let key = this.keys.get(config);
    if (key === undefined) {
      // Presets are named, not read: they change only with the tool's version.
      const sources = (config.sources ?? []).map((s) => (path.isAbsolute(s) ? `${s}\0${this.textDigest(s)}` : s));
      key = digest(JSON.stringify([config.root, config.kind ?? null, sources]));
      this.keys.set(config, key);
    }
    return key;
  }

  private textDigest(file: string): string {
    let text = this.texts.get(file);
    if (text === undefined) {
      text = readDigest(this.host.readFile(file)) ?? 'missing';
      this.texts.set(file, text);
    }
    return text;
  }
}

/** A stored finding: its path is the entry's. */
type StoredFinding = Omit<Finding, 'path'>;

interface StoredEntry {
  hash: string;
  config: string;
  day?: string;
  /** Indexes into the file's `dependencies`. */
  deps: number[];
  findings: StoredFinding[];
}

interface StoredCache {
  format: typeof FORMAT;
  schema: number;
  version: string;
  /** Digest of the options that change findings. */
  options: string;
  /** Every entry's questions, each once: many files ask the same (a folder's `.git`, a workspace listing). */
  dependencies: Dependency[];
  files: Record<string, StoredEntry>;
}

export interface CacheIdentity {
  /** The tool's version: another version may find other things. */
  version: string;
  /** The options that change findings (`--max-file-size`, `--config`, …), in any JSON form. */
  options: unknown;
}

interface LiveEntry {
  hash: string;
  config: string;
  day?: string;
  deps: Dependency[];
  findings: StoredFinding[];
}

/** The cache of one run: loaded at the start, consulted per file, saved at the end. */
export class LintCache {
  private readonly entries = new Map<string, LiveEntry>();
  /** The file on disk says something else than `entries`: it has to be written. */
  private changed = true;
  /** Current answer of each question asked in this run. */
  private readonly answered = new Map<string, string | boolean | null>();
  private readonly options: string;

  private constructor(
    readonly own: CacheFiles,
    private readonly identity: CacheIdentity,
    private readonly host: Host,
    stored: StoredCache | undefined,
  ) {
    this.options = digest(JSON.stringify(identity.options));
    if (!stored || stored.version !== identity.version || stored.options !== this.options) return;
    let whole = true;
    for (const [file, entry] of Object.entries(stored.files)) {
      const deps = entry.deps.map((i) => stored.dependencies[i]).filter((d): d is Dependency => d !== undefined);
      if (deps.length !== entry.deps.length) {
        whole = false;
        continue;
      }
      this.entries.set(file, { hash: entry.hash, config: entry.config, ...(entry.day !== undefined ? { day: entry.day } : {}), deps, findings: entry.findings });
    }
    this.changed = !whole;
  }

  /**
   * Reads the cache file; one that is missing, unreadable, corrupt or not ours counts as empty.
   * A folder that is ours (`ownFolder`) gets a `.gitignore` that keeps it out of commits.
   */
  static load(own: CacheFiles, identity: CacheIdentity, host: Host): LintCache {
    let stored: StoredCache | undefined;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(own.file, 'utf8'));
      if (isStoredCache(parsed)) stored = parsed;
    } catch {
      stored = undefined;
    }
    return new LintCache(own, identity, host, stored);
  }

  get file(): string {
    return this.own.file;
  }

  /**
   * The findings stored for a file, when its text, config and day match and every answer it
   * depended on is still the same; else undefined. With `fix`, an entry with a fix is not used: the
   * fix has to be applied.
   */
  lookup(file: string, text: string, config: string, now: number, fix: boolean): Finding[] | undefined {
    const entry = this.entries.get(file);
    if (!entry || entry.config !== config || entry.hash !== digest(text)) return undefined;
    if (entry.day !== undefined && entry.day !== utcDay(now)) return undefined;
    if (fix && entry.findings.some((f) => f.fixes?.length)) return undefined;
    if (!entry.deps.every((d) => this.answer(d) === d[2])) return undefined;
    return entry.findings.map((f) => ({ ...f, path: file }));
  }

  store(file: string, config: string, record: CacheRecord, findings: readonly Finding[]): void {
    this.changed = true;
    this.entries.set(file, {
      hash: record.hash,
      config,
      ...(record.day !== undefined ? { day: record.day } : {}),
      deps: record.deps,
      findings: findings.map(({ path: _path, ...rest }) => rest),
    });
  }

  /** Drops the entry of a file that is not analysed any more (too large, binary, unreadable). */
  forget(file: string): void {
    if (this.entries.delete(file)) this.changed = true;
  }

  /**
   * Writes the cache: a temporary file beside it, renamed over it, so a reader never sees half a
   * file. Entries of files this run did not visit are kept while their file exists. A cache that
   * is already on disk as it is now is not written again. Returns an error message when it cannot
   * be written.
   */
  save(visited: ReadonlySet<string>): string | undefined {
    for (const file of this.entries.keys()) if (!visited.has(file) && !fs.existsSync(file)) this.forget(file);
    if (!this.changed) return undefined;
    const dependencies: Dependency[] = [];
    const index = new Map<string, number>();
    const files: Record<string, StoredEntry> = {};
    for (const [file, entry] of [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const deps = entry.deps.map((d) => {
        const key = JSON.stringify(d);
        let i = index.get(key);
        if (i === undefined) {
          i = dependencies.push(d) - 1;
          index.set(key, i);
        }
        return i;
      });
      files[file] = { hash: entry.hash, config: entry.config, ...(entry.day !== undefined ? { day: entry.day } : {}), deps, findings: entry.findings };
    }
    const content: StoredCache = { format: FORMAT, schema: SCHEMA, version: this.identity.version, options: this.options, dependencies, files };
    const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const ignore = path.join(path.dirname(this.file), '.gitignore');
      if (this.own.ownFolder && !fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Written by prompt-coach lint --cache: the cache is per machine.\n*\n');
      fs.writeFileSync(temp, JSON.stringify(content));
      fs.renameSync(temp, this.file);
      this.changed = false;
      return undefined;
    } catch (error) {
      fs.rmSync(temp, { force: true });
      return (error as Error).message;
    }
  }

  private answer(dep: Dependency): string | boolean | null {
    const [kind, subject] = dep;
    const key = `${kind}\0${subject}`;
    if (!this.answered.has(key)) this.answered.set(key, answers[kind](this.host, subject, this.own));
    return this.answered.get(key) as string | boolean | null;
  }
}

function isStoredCache(value: unknown): value is StoredCache {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StoredCache>;
  return (
    v.format === FORMAT &&
    v.schema === SCHEMA &&
    typeof v.version === 'string' &&
    typeof v.options === 'string' &&
    Array.isArray(v.dependencies) &&
    v.dependencies.every((d) => Array.isArray(d) && d.length === 3 && typeof d[0] === 'string' && Object.hasOwn(answers, d[0]) && typeof d[1] === 'string') &&
    typeof v.files === 'object' &&
    v.files !== null &&
    Object.values(v.files).every(
      (e) =>
        typeof e === 'object' &&
        e !== null &&
        typeof e.hash === 'string' &&
        typeof e.config === 'string' &&
        (e.day === undefined || typeof e.day === 'string') &&
        Array.isArray(e.deps) &&
        e.deps.every((i) => Number.isInteger(i)) &&
        Array.isArray(e.findings),
    )
  );
}

/**
 * The cache file for `--cache-location` as ESLint reads it: a folder (one that exists, or a path
 * ending in a separator) gets a file named after a hash of the cwd, so projects can share it;
 * anything else is the file itself. Without the flag: `.promptcoach/cache/lint.json` in the cwd.
 */
export function cacheFile(cwd: string, location: string | undefined): CacheFiles {
  if (location === undefined) return { file: path.join(cwd, DEFAULT_CACHE_FILE), ownFolder: true };
  const resolved = path.resolve(cwd, location);
  let isDir = /[\\/]$/.test(location);
  if (!isDir) {
    try {
      isDir = fs.statSync(resolved).isDirectory();
    } catch {
      isDir = false;
    }
  }
  return { file: isDir ? path.join(resolved, `prompt-coach-lint-${digest(cwd).slice(0, 10)}.json`) : resolved, ownFolder: false };
}
