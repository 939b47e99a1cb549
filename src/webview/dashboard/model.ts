/**
 * What the dashboard page derives from a report before drawing it: the headline, the groups by
 * kind and by folder, the words for ranges and alerts. Pure (no DOM), so the unit tests check it.
 */
import type { QualityReport, Snapshot } from '../../core/report/model';
import type { AlertKind } from '../../core/trends';
import type { Range } from './protocol';

export const RANGE_LABELS: Record<Range, string> = { '30d': '30 days', '90d': '90 days', '365d': '1 year', all: 'All history' };

export const ALERT_TITLES: Record<AlertKind, string> = {
  'score-drop': 'Score drop',
  'rule-rising': 'Rule on the rise',
  'kind-behind': 'Kind of file behind',
  'folder-behind': 'Folder behind',
  'rejections-rising': 'Rejections rising',
  'item-failing': 'Checklist item failing',
};

export interface Headline {
  /** The workspace now: the working tree when it differs from the last commit, else the last commit. */
  now: Snapshot | undefined;
  /** The first point of the range. */
  start: Snapshot | undefined;
  /** now − start, when both exist and differ. */
  change: number | undefined;
  /** Commits in range that changed a prompt file. */
  commits: number;
  /** Files with uncommitted changes counted in `now`. */
  uncommitted: number;
}

export function headline(report: QualityReport): Headline {
  const last = report.snapshots[report.snapshots.length - 1];
  const now = report.workingTree ?? last;
  const start = report.snapshots[0];
  const change = now && start && now !== start ? Math.round((now.score - start.score) * 10) / 10 : undefined;
  return { now, start, change, commits: report.snapshots.length, uncommitted: report.workingTree?.moved.length ?? 0 };
}

export interface GroupRow {
  name: string;
  score: number;
  files: number;
}

/** Mean score and file count by kind and by first folder, lowest score first. */
export function groups(report: QualityReport): { byKind: GroupRow[]; byFolder: GroupRow[] } {
  const now = report.workingTree ?? report.snapshots[report.snapshots.length - 1];
  const kindCount = new Map<string, number>();
  const folderCount = new Map<string, number>();
  for (const f of report.files) {
    kindCount.set(f.kind, (kindCount.get(f.kind) ?? 0) + 1);
    const folder = folderOf(f.path);
    folderCount.set(folder, (folderCount.get(folder) ?? 0) + 1);
  }
  const rows = (scores: Record<string, number> | undefined, counts: Map<string, number>): GroupRow[] =>
    Object.entries(scores ?? {})
      .map(([name, score]) => ({ name, score, files: counts.get(name) ?? 0 }))
      .sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1));
  return { byKind: rows(now?.byKind, kindCount), byFolder: rows(now?.byFolder, folderCount) };
}

/** The first folder of a repository-relative path, `.` at the root (as `Snapshot.byFolder`). */
export function folderOf(rel: string): string {
  const slash = rel.indexOf('/');
  return slash < 0 ? '.' : rel.slice(0, slash);
}

/** The rules with the most findings in a file, most first. */
export function topRules(findingsByRule: Record<string, number>, limit = 3): [string, number][] {
  return Object.entries(findingsByRule)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, limit);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
