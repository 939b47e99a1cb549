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
 */
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
}

export interface TrendThresholds {
  windowDays: number;
  scoreDrop: number;
  ruleRiseMin: number;
  /** Findings a file the hit rate must rise by (0.1: one more finding in every ten files). */
  ruleRateRise: number;
  kindGap: number;
}

export const DEFAULT_THRESHOLDS: Readonly<TrendThresholds> = { windowDays: 30, scoreDrop: 5, ruleRiseMin: 3, ruleRateRise: 0.1, kindGap: 15 };

export interface Mover {
  sha: string;
  author: string;
  subject: string;
  /** Change of the workspace score this commit made. */
  delta: number;
}

export interface Alert {
  kind: 'score-drop' | 'rule-rising' | 'kind-behind';
  message: string;
  /** The commits that lowered the score most within the window, worst first. */
  movers: Mover[];
}

export function findAlerts(points: readonly TrendPoint[], thresholds: TrendThresholds = DEFAULT_THRESHOLDS): Alert[] {
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
  for (const [kind, score] of Object.entries(last.byKind).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (last.score - score > thresholds.kindGap) {
      alerts.push({ kind: 'kind-behind', message: `Files of kind '${kind}' score ${score}, ${round1(last.score - score)} points below the workspace's ${last.score}`, movers: [] });
    }
  }
  return alerts;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
