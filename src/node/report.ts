/**
 * The quality report (src/core/report/model.ts) of a git repository: the history replay
 * (history.ts), the working tree when it differs from HEAD (the dashboard's live point), the
 * inspection records, and the alerts over all of them. The CLI's `report` and the language
 * server's dashboard request both call `buildQualityReport`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EffectiveConfig } from '../core/config/types';
import { inspectionAlerts, inspectionSeries } from '../core/inspection/trends';
import { scoringModel } from '../core/score';
import { REPORT_SCHEMA_VERSION, type FileRow, type QualityReport, type Snapshot } from '../core/report/model';
import { DEFAULT_THRESHOLDS, findAlerts, type TrendThresholds } from '../core/trends';
import type { Host } from '../core/types';
import { buildHistory, GIT_SAFE, readTree, snapshotOf, VersionScorer, type BlobCache, type FileEntry } from './history';
import type { PoolSetup } from './history-pool';
import { git } from './inspection/git';
import { readRecords } from './inspection/records';

export class ReportError extends Error {}

export interface QualityReportOptions {
  repo: string;
  /** The config each path is analysed under (today's config). */
  configFor(absPath: string): EffectiveConfig;
  host: Host;
  /** `90d`, a date (`2026-01-31`), or a commit-ish: the report covers what came after it. */
  since?: string;
  /** Adds the files on disk as a last point when they differ from HEAD (the dashboard). */
  workingTree?: boolean;
  now?: Date;
  /** Analysed versions kept between runs: see `BlobCache`. */
  cache?: BlobCache;
  maxFileSize?: number;
  /** Worker threads score the versions, resolving configs as this says (see `HistoryOptions.pool`). */
  pool?: PoolSetup;
  workers?: number;
}

/** The time `since` names, in seconds; a `ReportError` when it names nothing. */
export async function resolveSince(repo: string, since: string, now: Date = new Date()): Promise<number> {
  const days = /^(\d+)d$/.exec(since);
  if (days) return Math.floor(now.getTime() / 1000) - Number(days[1]) * 86_400;
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(since)) {
    const time = Date.parse(since.length === 10 ? `${since}T00:00:00Z` : since);
    if (!Number.isNaN(time)) return Math.floor(time / 1000);
  }
  try {
    // `--end-of-options`: a value such as `--output=x` is a revision to look up, never an option.
    const time = (await git([...GIT_SAFE, 'log', '-1', '--format=%ct', '--end-of-options', since, '--'], repo)).trim();
    // Just after the commit: the report covers what came after it.
    if (/^\d+$/.test(time)) return Number(time) + 1;
  } catch {
    // not a commit either
  }
  throw new ReportError(`Unexpected --since '${since}', expected a number of days (90d), a date (2026-01-31) or a commit`);
}

/** The thresholds in force: the config's `trends` at the repository root over the defaults. */
export function thresholdsFor(repo: string, configFor: (absPath: string) => EffectiveConfig): TrendThresholds {
  return { ...DEFAULT_THRESHOLDS, ...configFor(path.join(repo, '.promptcoach.json')).trends };
}

export async function buildQualityReport(options: QualityReportOptions): Promise<QualityReport> {
  const now = options.now ?? new Date();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const from = options.since === undefined ? undefined : await resolveSince(options.repo, options.since, now);
  // One cache for the replay and the working tree: a file unchanged since HEAD is not analysed again.
  const cache = options.cache ?? new Map();
  const history = await buildHistory({ ...options, cache, ...(from !== undefined ? { since: `@${from}` } : {}) });

  let files = history.files;
  let workingTree: Snapshot | undefined;
  if (options.workingTree) {
    const scorer = new VersionScorer({ ...options, cache });
    const tree = await readWorkingTree(options.repo, scorer, history.files);
    if (tree) {
      files = tree.files;
      workingTree = snapshotOf({ sha: '', time: nowSeconds, author: '', subject: 'Working tree (not committed)' }, tree.files, tree.changes);
    }
  }

  const thresholds = thresholdsFor(options.repo, options.configFor);
  const rows: FileRow[] = [...files]
    .map(([rel, f]) => ({
      path: rel,
      kind: f.score.kind ?? 'none',
      score: f.score.score,
      categories: f.score.categories,
      findingsByRule: Object.fromEntries([...f.rules].sort(([a], [b]) => (a < b ? -1 : 1))),
    }))
    .sort((a, b) => a.score - b.score || (a.path < b.path ? -1 : 1));
  const { records, problems } = readRecords(options.repo);
  const points = workingTree ? [...history.snapshots, workingTree] : history.snapshots;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    repository: path.basename(options.repo),
    generatedAt: now.toISOString(),
    ...(options.since !== undefined ? { since: options.since } : {}),
    analysedVersions: history.analysed,
    snapshots: history.snapshots,
    ...(workingTree ? { workingTree } : {}),
    files: rows,
    inspections: inspectionSeries(records, problems.length, from, nowSeconds),
    scoring: scoringModel(options.configFor(path.join(options.repo, '.promptcoach.json')).scoring),
    thresholds,
    alerts: [...findAlerts(points, thresholds, { files: rows }), ...inspectionAlerts(records, thresholds, nowSeconds)],
  };
}

/**
 * The prompt files on disk (tracked, and untracked but not ignored), scored, with what differs
 * from HEAD; undefined when nothing does. A file's version is its git blob id, so a file that is
 * the same as in HEAD is the cached analysis of HEAD's version.
 */
async function readWorkingTree(
  repo: string,
  scorer: VersionScorer,
  head: ReadonlyMap<string, FileEntry>,
): Promise<{ files: Map<string, FileEntry>; changes: Pick<Snapshot, 'added' | 'removed' | 'moved'> } | undefined> {
  const listed = (await git([...GIT_SAFE, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], repo)).split('\0').filter(Boolean);
  const headBlobs = await readTree(repo, 'HEAD').catch(() => new Map<string, string>());
  const files = new Map<string, FileEntry>();
  const changes: Pick<Snapshot, 'added' | 'removed' | 'moved'> = { added: [], removed: [], moved: [] };
  for (const rel of new Set(listed)) {
    if (!scorer.isPrompt(rel)) continue;
    let content: Buffer;
    try {
      const abs = path.join(repo, rel);
      if (!fs.lstatSync(abs).isFile()) continue; // deleted but still in the index, or a link
      content = fs.readFileSync(abs);
    } catch {
      continue;
    }
    let blob = blobId(content);
    // With core.autocrlf the checkout has CRLF where the blob has LF: the same version, not a change.
    if (headBlobs.get(rel) !== blob && content.includes('\r\n')) {
      const lf = blobId(Buffer.from(content.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'));
      if (headBlobs.get(rel) === lf) blob = lf;
    }
    const entry = await scorer.score(rel, blob, content);
    if (!entry) continue;
    files.set(rel, entry);
    if (headBlobs.get(rel) === blob && head.has(rel)) continue;
    const before = head.get(rel);
    if (!before) changes.added.push(rel);
    changes.moved.push({ path: rel, ...(before ? { before: before.score.score } : {}), after: entry.score.score });
  }
  for (const [rel, before] of head) {
    if (files.has(rel)) continue;
    changes.removed.push(rel);
    changes.moved.push({ path: rel, before: before.score.score });
  }
  return changes.moved.length ? { files, changes } : undefined;
}

/** The id git gives these bytes as a blob. */
function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
