/**
 * Degradation alerts from a series of quality snapshots (one per commit, oldest first), each with
 * its evidence: how far, over which commits, and who moved it most.
 *
 * - `score-drop`: the workspace score now is more than `scoreDrop` points below its best within the
 *   last `windowDays` days.
 * - `rule-rising`: a rule has at least `ruleRiseMin` more findings than at the start of the window,
 *   and its hit rate (findings per file) rose by `ruleRateRise` and by half again: new files alone
 *   do not raise it.
 * - `kind-behind`: a kind of file scores more than `kindGap` points below the workspace.
 * - `folder-behind`: a top-level folder with two or more prompt files scores more than `folderGap`
 *   points below the workspace (one file is that file's problem, not the folder's).
 *
 * The inspection alerts (`rejections-rising`, `item-failing`) are in src/core/inspection/trends.ts.
 */
import type { FileRow } from './report/model';

export interface TrendPoint {
  sha: string;
  /** Seconds since the epoch. */
  time: number;
  author: string;
  subject: string;
  score: number;
  files: number;
  byKind: Record<string, number>;
  findingsByRule: Record<string, number>;
  /** Mean score by top-level folder (`.` for the root). */
  byFolder?: Record<string, number>;
  /** The files the commit changed, with their scores before and after. */
  moved?: { path: string; before?: number; after?: number }[];
}

export interface TrendThresholds {
  windowDays: number;
  scoreDrop: number;
  ruleRiseMin: number;
  /** Findings a file the hit rate must rise by (0.1: one more finding in every ten files). */
  ruleRateRise: number;
  kindGap: number;
  folderGap: number;
  /** Decisions (or verdicts on one item) needed in the window and before it to compare them. */
  minInspections: number;
  rejectRateRise: number;
  itemFailRise: number;
}

export const DEFAULT_THRESHOLDS: Readonly<TrendThresholds> = {
  windowDays: 30,
  scoreDrop: 5,
  ruleRiseMin: 3,
  ruleRateRise: 0.1,
  kindGap: 15,
  folderGap: 15,
  minInspections: 5,
  rejectRateRise: 0.15,
  itemFailRise: 0.15,
};

/** How many of the lowest-scoring or most-moved files an alert names. */
const EVIDENCE_FILES = 5;

export interface Mover {
  sha: string;
  author: string;
  subject: string;
  /** Change of the workspace score this commit made. */
  delta: number;
}

export const ALERT_KINDS = ['score-drop', 'rule-rising', 'kind-behind', 'folder-behind', 'rejections-rising', 'item-failing'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  kind: AlertKind;
  message: string;
  /** The commits that lowered the score most within the window, worst first. */
  movers: Mover[];
  /** Files that show it (lowest score or biggest fall first), when the alert is about files. */
  files?: AlertFile[];
  /** Other evidence, a line each (the rejections' reasons, an item's failure notes). */
  evidence?: string[];
}

export interface AlertFile {
  path: string;
  /** The score now; absent when the file was removed. */
  score?: number;
  /** The score at the start of the window; absent when the file is new in it. */
  before?: number;
}

/** The workspace at the end of the series, for alerts that name files. */
export interface AlertContext {
  files?: readonly FileRow[];
}

export function findAlerts(points: readonly TrendPoint[], thresholds: TrendThresholds = DEFAULT_THRESHOLDS, context: AlertContext = {}): Alert[] {
  const last = points[points.length - 1];
  if (!last) return [];
  const from = last.time - thresholds.windowDays * 86_400;
  const startIndex = Math.max(0, points.findIndex((p) => p.time >= from));
  const window = points.slice(startIndex);
  const before = points[startIndex - 1];
  const movers: Mover[] = window
    .map((p, i) => {
      const previous = i === 0 ? before : window[i - 1];
      return { sha: p.sha, author: p.author, subject: p.subject, delta: round1(p.score - (previous?.score ?? p.score)) };
    })
    .filter((m) => m.delta < 0)
    .sort((a, b) => a.delta - b.delta)
    .slice(0, 3);

  const alerts: Alert[] = [];
  const best = Math.max(...window.map((p) => p.score), before?.score ?? -Infinity);
  if (best - last.score > thresholds.scoreDrop) {
    alerts.push({
      kind: 'score-drop',
      message: `Workspace score fell ${round1(best - last.score)} points in ${thresholds.windowDays} days, from ${best} to ${last.score}`,
      movers,
      files: fallen(window),
    });
  }
  const start = before ?? window[0];
  const rate = (n: number, files: number) => (files ? n / files : 0);
  for (const [rule, now] of Object.entries(last.findingsByRule).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const then = start?.findingsByRule[rule] ?? 0;
    const rateThen = rate(then, start?.files ?? 0);
    const rateNow = rate(now, last.files);
    if (now - then >= thresholds.ruleRiseMin && rateNow - rateThen >= thresholds.ruleRateRise && rateNow >= rateThen * 1.5) {
      alerts.push({
        kind: 'rule-rising',
        message:
          `'${rule}' findings rose from ${then} to ${now} in ${thresholds.windowDays} days, ` +
          `${rateThen.toFixed(2)} to ${rateNow.toFixed(2)} a file`,
        movers: [],
      });
    }
  }
  const lowest = (match: (f: FileRow) => boolean) =>
    context.files
      ?.filter(match)
      .sort((a, b) => a.score - b.score || (a.path < b.path ? -1 : 1))
      .slice(0, EVIDENCE_FILES)
      .map((f) => ({ path: f.path, score: f.score }));
  for (const [kind, score] of Object.entries(last.byKind).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (last.score - score > thresholds.kindGap) {
      const files = lowest((f) => f.kind === kind);
      alerts.push({
        kind: 'kind-behind',
        message: `Files of kind '${kind}' score ${score}, ${round1(last.score - score)} points below the workspace's ${last.score}`,
        movers: [],
        ...(files ? { files } : {}),
      });
    }
  }
  const folders = last.byFolder ?? {};
  for (const [folder, score] of Object.entries(folders).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const inFolder = context.files?.filter((f) => folderOf(f.path) === folder);
    if (!inFolder || inFolder.length < 2 || Object.keys(folders).length < 2) continue;
    if (last.score - score > thresholds.folderGap) {
      alerts.push({
        kind: 'folder-behind',
        message: `Prompt files in '${folder}/' score ${score}, ${round1(last.score - score)} points below the workspace's ${last.score}`,
        movers: [],
        files: lowest((f) => folderOf(f.path) === folder) ?? [],
      });
    }
  }
  return alerts;
}

/** The files whose score fell most between the start of the window and its end, from the commits' moves. */
function fallen(window: readonly TrendPoint[]): AlertFile[] {
  const start = new Map<string, number | undefined>();
  const end = new Map<string, number | undefined>();
  for (const p of window) {
    for (const m of p.moved ?? []) {
      // A file new in the window starts at its first score: a file added bad did not fall.
      if (!start.has(m.path)) start.set(m.path, m.before ?? m.after);
      end.set(m.path, m.after);
    }
  }
  const falls: { path: string; before: number; score: number }[] = [];
  for (const [path, before] of start) {
    const score = end.get(path);
    // A removed file did not fall; the commit that removed it is among the movers if it mattered.
    if (before !== undefined && score !== undefined && score < before) falls.push({ path, before, score });
  }
  return falls
    .sort((a, b) => a.score - a.before - (b.score - b.before) || (a.path < b.path ? -1 : 1))
    .slice(0, EVIDENCE_FILES)
    .map((f) => ({ path: f.path, before: f.before, score: f.score }));
}

/** The first folder of a repository-relative path, `.` for files at the root. */
export function folderOf(rel: string): string {
  const slash = rel.indexOf('/');
  return slash < 0 ? '.' : rel.slice(0, slash);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
