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
import type { TrendPoint } from '../core/trends';
import { CATEGORIES, type Category, type Host } from '../core/types';
import { git } from './inspection/git';

/** The git arguments every history command starts with: no pager, paths unquoted, no fsmonitor. */
const GIT_SAFE = ['-c', 'core.quotepath=off', '-c', 'core.fsmonitor=false', '--no-pager'];

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
 * Commits reachable from HEAD, oldest first, with the files each added, modified or deleted.
 * `since` is a git date (`90.days.ago`, `2026-01-01`) or undefined for the whole history.
 */
export async function readCommits(repo: string, since?: string): Promise<Commit[]> {
  const args = [...GIT_SAFE, 'log', '--no-renames', '--raw', '--no-abbrev', '-z', '--reverse', '--format=%x1e%H%x1f%ct%x1f%an%x1f%s'];
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

/** A `TrendPoint` (workspace score, files, per-kind means, findings per rule) and what the commit did. */
export interface Snapshot extends TrendPoint {
  byCategory: Record<Category, number>;
  added: string[];
  removed: string[];
  /** Score of each file this commit changed: before (undefined when new) and after (undefined when removed). */
  moved: { path: string; before?: number; after?: number }[];
}

export interface HistoryOptions {
  repo: string;
  /** The config each path is analysed under (today's config). */
  configFor(absPath: string): EffectiveConfig;
  host: Host;
  since?: string;
  /** Files over this many bytes are not analysed (as in `lint`). */
  maxFileSize?: number;
}

export interface History {
  snapshots: Snapshot[];
  /** Distinct file versions analysed (each once). */
  analysed: number;
}

/** Replays the history: one snapshot per commit that changed a prompt or context file. */
export async function buildHistory(options: HistoryOptions): Promise<History> {
  const commits = await readCommits(options.repo, options.since);
  const isPrompt = (rel: string) => {
    const abs = path.join(options.repo, rel);
    return kindOf(abs, options.configFor(abs)) !== undefined;
  };
  const relevant = commits
    .map((c) => ({ ...c, changes: c.changes.filter((ch) => isPrompt(ch.path)) }))
    .filter((c) => c.changes.length);
  const wanted = [...new Set(relevant.flatMap((c) => c.changes.map((ch) => ch.blob).filter((b): b is string => b !== null)))];
  const contents = await readBlobs(options.repo, wanted);

  // A host that does not report ages or listings: those describe today, not the old version.
  const host: Host = { exists: options.host.exists, isDirectory: options.host.isDirectory, readFile: options.host.readFile };
  const maxSize = options.maxFileSize ?? 1024 * 1024;
  const scored = new Map<string, { score: FileScore; rules: Map<string, number> } | null>();
  const scoreBlob = async (rel: string, blob: string) => {
    const key = `${blob}\0${rel}`;
    if (scored.has(key)) return scored.get(key) ?? null;
    const buffer = contents.get(blob);
    let entry: { score: FileScore; rules: Map<string, number> } | null = null;
    if (buffer && buffer.length <= maxSize && !buffer.subarray(0, 8192).includes(0)) {
      const abs = path.join(options.repo, rel);
      const config = options.configFor(abs);
      const categories = new Map<string, Category>([...RULES, ...config.customRules].map((r) => [r.meta.id, r.meta.category]));
      const { document, findings } = await analyze({ path: abs, text: buffer.toString('utf8') }, config, host);
      const rules = new Map<string, number>();
      for (const f of findings) if (categories.has(f.ruleId)) rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
      entry = {
        score: scoreFile({ path: rel, kind: document.kind, tokens: document.tokens, findings }, (id) => categories.get(id), scoringModel(config.scoring)),
        rules,
      };
    }
    scored.set(key, entry);
    return entry;
  };

  const current = new Map<string, { score: FileScore; rules: Map<string, number> }>();
  const snapshots: Snapshot[] = [];
  for (const commit of relevant) {
    const added: string[] = [];
    const removed: string[] = [];
    const moved: Snapshot['moved'] = [];
    for (const change of commit.changes) {
      const before = current.get(change.path);
      if (change.blob === null) {
        if (before) removed.push(change.path);
        current.delete(change.path);
        moved.push({ path: change.path, ...(before ? { before: before.score.score } : {}) });
        continue;
      }
      const after = await scoreBlob(change.path, change.blob);
      if (!after) continue;
      if (!before) added.push(change.path);
      current.set(change.path, after);
      moved.push({ path: change.path, ...(before ? { before: before.score.score } : {}), after: after.score.score });
    }
    const files = [...current.values()];
    const summary = summarize(files.map((f) => f.score), () => '.');
    const findingsByRule: Record<string, number> = {};
    for (const f of files) for (const [id, n] of f.rules) findingsByRule[id] = (findingsByRule[id] ?? 0) + n;
    snapshots.push({
      sha: commit.sha,
      time: commit.time,
      author: commit.author,
      subject: commit.subject,
      score: summary.mean,
      files: files.length,
      byKind: Object.fromEntries(Object.entries(summary.byKind).map(([k, g]) => [k, g.mean])),
      byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, summary.categories[c]])) as Record<Category, number>,
      findingsByRule: Object.fromEntries(Object.entries(findingsByRule).sort(([a], [b]) => (a < b ? -1 : 1))),
      added,
      removed,
      moved,
    });
  }
  return { snapshots, analysed: [...scored.values()].filter(Boolean).length };
}
