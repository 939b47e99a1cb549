/**
 * Quality over time from git history, without storing anything: every commit that changed a prompt
 * or context file is replayed oldest first, each file version (a blob) is analysed once however
 * many commits carry it, and each commit gets a snapshot of the workspace's scores.
 *
 * Only `git log --raw` (which commits changed which paths, with their blob ids) and
 * `git cat-file --batch` (blob contents) run: neither runs repository-configured filters or hooks.
 *
 * Historical versions are analysed with today's config and against today's working tree: a rule
 * that reads other files (broken-reference) sees the files as they are now, and rules that need
 * file ages or listings (stale-reference, glob-matches-nothing) do not run on old versions.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { analyze, kindOf } from '../core/analyze';
import type { EffectiveConfig } from '../core/config/types';
import { RULES } from '../core/rules';
import { scoreFile, scoringModel, summarize, type FileScore } from '../core/score';
import type { Snapshot } from '../core/report/model';
import { folderOf } from '../core/trends';
import { CATEGORIES, type Category, type Host } from '../core/types';
import { scoreInPool, type PoolJob, type PoolSetup } from './history-pool';
import { git } from './inspection/git';

/** The git arguments every history command starts with: no pager, paths unquoted, no fsmonitor. */
export const GIT_SAFE = ['-c', 'core.quotepath=off', '-c', 'core.fsmonitor=false', '--no-pager'];

export interface Change {
  path: string;
  /** `null` when the commit deleted the file. */
  blob: string | null;
}

export interface Commit {
  sha: string;
  /** Seconds since the epoch (committer time). */
  time: number;
  author: string;
  subject: string;
  changes: Change[];
}

/**
 * Commits on HEAD's first-parent line, oldest first, with the files each added, modified or deleted.
 * `since` is a git date (`90.days.ago`, `2026-01-01`) or undefined for the whole history.
 */
export async function readCommits(repo: string, since?: string): Promise<Commit[]> {
  // The first-parent line of HEAD, merges diffed against their first parent: every point is a state
  // the main line really had, and a merged branch counts once, at its merge.
  const args = [
    ...GIT_SAFE,
    'log',
    '--first-parent',
    '--diff-merges=first-parent',
    '--no-renames',
    '--raw',
    '--no-abbrev',
    '-z',
    '--reverse',
    '--format=%x1e%H%x1f%ct%x1f%an%x1f%s',
  ];
  if (since) args.push(`--since=${since}`);
  const out = await git(args, repo);
  const commits: Commit[] = [];
  for (const chunk of out.split('\x1e')) {
    if (!chunk) continue;
    const headerEnd = chunk.indexOf('\0');
    const header = headerEnd < 0 ? chunk : chunk.slice(0, headerEnd);
    const [sha = '', time = '0', author = '', ...subject] = header.split('\x1f');
    const fields = headerEnd < 0 ? [] : chunk.slice(headerEnd + 1).replace(/^\n/, '').split('\0');
    const changes: Change[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const raw = fields[i] as string;
      const file = fields[i + 1] as string;
      const m = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) ([A-Z])/.exec(raw);
      if (!m) continue;
      // Submodules (mode 160000) and symbolic links (120000) are not prompt files.
      if (m[1] === '160000' || m[1] === '120000') continue;
      changes.push({ path: file, blob: m[3] === 'D' ? null : (m[2] as string) });
    }
    commits.push({ sha, time: Number(time), author, subject: subject.join('\x1f'), changes });
  }
  return commits;
}

/** The contents of blobs, in one `git cat-file --batch` process; a blob git cannot give is left out. */
export function readBlobs(repo: string, blobs: readonly string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const result = new Map<string, Buffer>();
    if (!blobs.length) return resolve(result);
    const child = spawn('git', [...GIT_SAFE, 'cat-file', '--batch'], { cwd: repo, windowsHide: true, stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', () => {
      const out = Buffer.concat(chunks);
      let at = 0;
      while (at < out.length) {
        const eol = out.indexOf(10, at);
        if (eol < 0) break;
        const [sha = '', type = '', size = ''] = out.subarray(at, eol).toString('utf8').split(' ');
        if (type === 'missing' || !/^\d+$/.test(size)) {
          at = eol + 1;
          continue;
        }
        const length = Number(size);
        result.set(sha, out.subarray(eol + 1, eol + 1 + length));
        at = eol + 1 + length + 1;
      }
      resolve(result);
    });
    child.stdin.end(`${blobs.join('\n')}\n`);
  });
}

export type { Snapshot } from '../core/report/model';

/** One analysed file version: its score and its counted findings by rule and by category. */
export interface FileEntry {
  score: FileScore;
  rules: Map<string, number>;
  categories: Record<Category, number>;
}

/**
 * Analysed file versions by `blob + path` (the path matters: kind and config come from it). Pass the
 * same cache to later runs (the dashboard does) and a version is never analysed twice; drop it when
 * the config changes.
 */
export type BlobCache = Map<string, FileEntry | null>;

export interface HistoryOptions {
  repo: string;
  /** The config each path is analysed under (today's config). */
  configFor(absPath: string): EffectiveConfig;
  host: Host;
  since?: string;
  /** Files over this many bytes are not analysed (as in `lint`). */
  maxFileSize?: number;
  cache?: BlobCache;
  /**
   * Score the versions in worker threads, each resolving configs as this says: must give what
   * `configFor` gives. Without it, or when workers cannot start, they are scored in this thread.
   */
  pool?: PoolSetup;
  /** Worker threads for `pool` (default: one per core). */
  workers?: number;
}

export interface History {
  snapshots: Snapshot[];
  /** Distinct file versions analysed (each once). */
  analysed: number;
  /** The prompt files after the last commit, by repository-relative path. */
  files: Map<string, FileEntry>;
  /** The commit the replay started from (its files are the baseline), when the range starts after the first commit. */
  base?: string;
}

/**
 * Analyses file versions, each once: the history replay and the working tree share it. A version
 * that is too large, binary or unreadable counts as no file.
 */
export class VersionScorer {
  readonly cache: BlobCache;
  private readonly host: Host;
  private readonly maxSize: number;
  /** The versions this scorer was asked for (analysed now or found in a cache from an earlier run). */
  private readonly seen = new Set<string>();
  private lastYield = Date.now();

  constructor(private readonly options: HistoryOptions) {
    this.cache = options.cache ?? new Map();
    // A host that does not report ages or listings: those describe today, not the old version.
    this.host = { exists: options.host.exists, isDirectory: options.host.isDirectory, readFile: options.host.readFile };
    this.maxSize = options.maxFileSize ?? 1024 * 1024;
  }

  isPrompt(rel: string): boolean {
    const abs = path.join(this.options.repo, rel);
    return kindOf(abs, this.options.configFor(abs)) !== undefined;
  }

  has(rel: string, blob: string): boolean {
    return this.cache.has(`${blob}\0${rel}`);
  }

  async score(rel: string, blob: string, content: Buffer | undefined): Promise<FileEntry | null> {
    const key = `${blob}\0${rel}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      if (cached) this.seen.add(key);
      return cached;
    }
    let entry: FileEntry | null = null;
    if (content && content.length <= this.maxSize && !content.subarray(0, 8192).includes(0)) {
      const abs = path.join(this.options.repo, rel);
      const config = this.options.configFor(abs);
      const categoryOf = new Map<string, Category>([...RULES, ...config.customRules].map((r) => [r.meta.id, r.meta.category]));
      const { document, findings } = await analyze({ path: abs, text: content.toString('utf8') }, config, this.host);
      const rules = new Map<string, number>();
      const categories = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
      for (const f of findings) {
        const category = categoryOf.get(f.ruleId);
        if (!category) continue;
        rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
        categories[category]++;
      }
      const score = scoreFile({ path: rel, kind: document.kind, tokens: document.tokens, findings }, (id) => categoryOf.get(id), scoringModel(config.scoring));
      entry = { score, rules, categories };
      this.seen.add(key);
      // A long replay in the language server must not starve it: let other requests in every 20 ms.
      if (Date.now() - this.lastYield > 20) {
        await new Promise((resolve) => setImmediate(resolve));
        this.lastYield = Date.now();
      }
    }
    this.cache.set(key, entry);
    return entry;
  }

  /** Records a version scored elsewhere (a worker). */
  put(rel: string, blob: string, entry: FileEntry | null): void {
    const key = `${blob}\0${rel}`;
    this.cache.set(key, entry);
    if (entry) this.seen.add(key);
  }

  /** Distinct file versions scored so far. */
  get analysed(): number {
    return this.seen.size;
  }
}

/** The workspace as a snapshot: scores and findings over `files`, stamped with the commit's facts. */
export function snapshotOf(
  commit: Pick<Commit, 'sha' | 'time' | 'author' | 'subject'>,
  files: ReadonlyMap<string, FileEntry>,
  changes: Pick<Snapshot, 'added' | 'removed' | 'moved'>,
): Snapshot {
  const entries = [...files.values()];
  const summary = summarize(entries.map((f) => f.score), folderOf);
  const findingsByRule: Record<string, number> = {};
  const findingsByCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const f of entries) {
    for (const [id, n] of f.rules) findingsByRule[id] = (findingsByRule[id] ?? 0) + n;
    for (const c of CATEGORIES) findingsByCategory[c] += f.categories[c];
  }
  const means = (groups: Record<string, { mean: number }>) => Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, g.mean]));
  return {
    sha: commit.sha,
    time: commit.time,
    author: commit.author,
    subject: commit.subject,
    score: summary.mean,
    files: entries.length,
    byKind: means(summary.byKind),
    byFolder: means(summary.byFolder),
    byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, summary.categories[c]])) as Record<Category, number>,
    findingsByCategory,
    findingsByRule: Object.fromEntries(Object.entries(findingsByRule).sort(([a], [b]) => (a < b ? -1 : 1))),
    ...changes,
  };
}

/** Path → blob of every regular file in a commit's tree. */
export async function readTree(repo: string, commit: string): Promise<Map<string, string>> {
  const out = await git([...GIT_SAFE, 'ls-tree', '-r', '-z', '--full-tree', commit], repo);
  const tree = new Map<string, string>();
  for (const line of out.split('\0')) {
    const m = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(line);
    if (m && m[1] !== '120000') tree.set(m[3] as string, m[2] as string);
  }
  return tree;
}

/** Replays the history: one snapshot per commit that changed a prompt or context file. */
export async function buildHistory(options: HistoryOptions): Promise<History> {
  const scorer = new VersionScorer(options);
  const commits = await readCommits(options.repo, options.since);
  const relevant = commits
    .map((c) => ({ ...c, changes: c.changes.filter((ch) => scorer.isPrompt(ch.path)) }))
    .filter((c) => c.changes.length);

  // A range that starts after the first commit starts from the files as they were before it.
  const first = commits[0];
  const base = first && options.since ? await parentOf(options.repo, first.sha) : undefined;
  const baseline = base ? [...(await readTree(options.repo, base))].filter(([rel]) => scorer.isPrompt(rel)) : [];

  // Only the versions not analysed in an earlier run (the dashboard's cache) are read.
  const wanted = new Set<string>();
  for (const [rel, blob] of baseline) if (!scorer.has(rel, blob)) wanted.add(blob);
  for (const c of relevant) for (const ch of c.changes) if (ch.blob !== null && !scorer.has(ch.path, ch.blob)) wanted.add(ch.blob);
  const contents = await readBlobs(options.repo, [...wanted]);

  if (options.pool) {
    const jobs = new Map<string, PoolJob>();
    const add = (rel: string, blob: string) => {
      const content = contents.get(blob);
      if (content && !scorer.has(rel, blob)) jobs.set(`${blob}\0${rel}`, { rel, blob, content });
    };
    for (const [rel, blob] of baseline) add(rel, blob);
    for (const c of relevant) for (const ch of c.changes) if (ch.blob !== null) add(ch.path, ch.blob);
    const list = [...jobs.values()];
    const entries = await scoreInPool(options.pool, list, options.workers);
    entries?.forEach((entry, i) => scorer.put((list[i] as PoolJob).rel, (list[i] as PoolJob).blob, entry));
  }

  const current = new Map<string, FileEntry>();
  for (const [rel, blob] of baseline) {
    const entry = await scorer.score(rel, blob, contents.get(blob));
    if (entry) current.set(rel, entry);
  }
  const snapshots: Snapshot[] = [];
  // The range's starting point, so the series starts where the workspace stood, not at zero files.
  if (base && current.size) snapshots.push(snapshotOf(await commitFacts(options.repo, base), current, { added: [], removed: [], moved: [] }));
  for (const commit of relevant) {
    const added: string[] = [];
    const removed: string[] = [];
    const moved: Snapshot['moved'] = [];
    for (const change of commit.changes) {
      const before = current.get(change.path);
      const after = change.blob === null ? null : await scorer.score(change.path, change.blob, contents.get(change.blob));
      if (!after) {
        // Deleted, or now too large or binary: it leaves the workspace's score.
        if (!before) continue;
        removed.push(change.path);
        current.delete(change.path);
        moved.push({ path: change.path, before: before.score.score });
        continue;
      }
      if (!before) added.push(change.path);
      current.set(change.path, after);
      moved.push({ path: change.path, ...(before ? { before: before.score.score } : {}), after: after.score.score });
    }
    snapshots.push(snapshotOf(commit, current, { added, removed, moved }));
  }
  return { snapshots, analysed: scorer.analysed, files: current, ...(base ? { base } : {}) };
}

/** Hash, committer time, author and subject of one commit. */
export async function commitFacts(repo: string, commit: string): Promise<Pick<Commit, 'sha' | 'time' | 'author' | 'subject'>> {
  const [sha = '', time = '0', author = '', ...subject] = (await git([...GIT_SAFE, 'log', '-1', '--format=%H%x1f%ct%x1f%an%x1f%s', commit, '--'], repo))
    .replace(/\n$/, '')
    .split('\x1f');
  return { sha, time: Number(time), author, subject: subject.join('\x1f') };
}

/** The first parent of a commit, or undefined for a root commit. */
async function parentOf(repo: string, sha: string): Promise<string | undefined> {
  const line = (await git([...GIT_SAFE, 'rev-list', '--parents', '-n', '1', sha], repo)).trim();
  return line.split(' ')[1];
}
