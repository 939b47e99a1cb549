/**
 * The score model: findings → a 0–100 score per file and per category, and a workspace summary.
 *
 * 1. Each finding costs penalty points by severity (`scoring.weights`, default error 15, warning 5,
 *    info 1). A rule that fires n times in one file costs its weight × (1 + ln n), not × n: ten
 *    vague words are one habit to fix, not ten.
 * 2. Long files are not punished for length alone: a file over `referenceTokens` (default 1,000
 *    estimated tokens) has its penalty divided by √(tokens ÷ referenceTokens).
 * 3. score = 100 × e^(−penalty ÷ scale) (default scale 25): one warning → 82, one error → 55, no
 *    finding → 100. The same curve gives each category (direction, context, safety, format) its
 *    score from that category's findings alone.
 *
 * Findings of the engine (internal errors, config problems, skipped files, suppression
 * bookkeeping) do not count: they say nothing about the prompt's quality.
 */
import type { ScoringSettings } from './config/schema';
import { CATEGORIES, type Category, type Finding, type Kind, type Severity } from './types';

export interface ScoringModel {
  weights: Record<Severity, number>;
  scale: number;
  referenceTokens: number;
}

export const DEFAULT_SCORING: Readonly<ScoringModel> = {
  weights: { error: 15, warning: 5, info: 1 },
  scale: 25,
  referenceTokens: 1000,
};

/** The model in force: the config's fields over the defaults. */
export function scoringModel(settings: ScoringSettings | undefined): ScoringModel {
  return {
    weights: { ...DEFAULT_SCORING.weights, ...settings?.weights },
    scale: settings?.scale ?? DEFAULT_SCORING.scale,
    referenceTokens: settings?.referenceTokens ?? DEFAULT_SCORING.referenceTokens,
  };
}

export interface FileScoreInput {
  path: string;
  kind: Kind | undefined;
  tokens: number;
  findings: readonly Finding[];
}

export interface FileScore {
  path: string;
  kind: Kind | undefined;
  tokens: number;
  score: number;
  categories: Record<Category, number>;
  /** Findings that counted, by severity. */
  counts: Record<Severity, number>;
}

/** Rule id → category, for the rules whose findings count; others are ignored. */
export type CategoryOf = (ruleId: string) => Category | undefined;

export function scoreFile(input: FileScoreInput, categoryOf: CategoryOf, model: ScoringModel = DEFAULT_SCORING): FileScore {
  const byRule = new Map<string, { category: Category; severity: Severity; count: number }>();
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of input.findings) {
    const category = categoryOf(f.ruleId);
    if (!category) continue;
    counts[f.severity]++;
    const key = `${f.ruleId}\0${f.severity}`;
    const entry = byRule.get(key);
    if (entry) entry.count++;
    else byRule.set(key, { category, severity: f.severity, count: 1 });
  }
  const lengthFactor = Math.max(1, Math.sqrt(input.tokens / model.referenceTokens));
  const penalty = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const { category, severity, count } of byRule.values()) {
    penalty[category] += (model.weights[severity] * (1 + Math.log(count))) / lengthFactor;
  }
  const total = CATEGORIES.reduce((sum, c) => sum + penalty[c], 0);
  const curve = (p: number) => round1(100 * Math.exp(-p / model.scale));
  return {
    path: input.path,
    kind: input.kind,
    tokens: input.tokens,
    score: curve(total),
    categories: Object.fromEntries(CATEGORIES.map((c) => [c, curve(penalty[c])])) as Record<Category, number>,
    counts,
  };
}

export interface Distribution {
  /** Files scoring 90–100, 70–89.9, 50–69.9 and below 50. */
  good: number;
  fair: number;
  poor: number;
  bad: number;
}

export interface GroupScore {
  files: number;
  mean: number;
  median: number;
  distribution: Distribution;
  categories: Record<Category, number>;
}

export interface WorkspaceScore extends GroupScore {
  byKind: Record<string, GroupScore>;
  /** By the first folder of the path relative to the root (`.` for files at the root). */
  byFolder: Record<string, GroupScore>;
}

export function summarize(files: readonly FileScore[], folderOf: (path: string) => string): WorkspaceScore {
  const group = (list: readonly FileScore[]): GroupScore => {
    const scores = list.map((f) => f.score).sort((a, b) => a - b);
    const mid = scores.length >> 1;
    const median = scores.length === 0 ? 100 : scores.length % 2 ? (scores[mid] as number) : ((scores[mid - 1] as number) + (scores[mid] as number)) / 2;
    const mean = (values: number[]) => (values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : 100);
    return {
      files: list.length,
      mean: mean(scores),
      median: round1(median),
      distribution: {
        good: scores.filter((s) => s >= 90).length,
        fair: scores.filter((s) => s >= 70 && s < 90).length,
        poor: scores.filter((s) => s >= 50 && s < 70).length,
        bad: scores.filter((s) => s < 50).length,
      },
      categories: Object.fromEntries(CATEGORIES.map((c) => [c, mean(list.map((f) => f.categories[c]))])) as Record<Category, number>,
    };
  };
  const split = (key: (f: FileScore) => string): Record<string, GroupScore> => {
    const groups = new Map<string, FileScore[]>();
    for (const f of files) {
      const k = key(f);
      const list = groups.get(k);
      if (list) list.push(f);
      else groups.set(k, [f]);
    }
    return Object.fromEntries([...groups.keys()].sort().map((k) => [k, group(groups.get(k) as FileScore[])]));
  };
  return { ...group(files), byKind: split((f) => f.kind ?? 'none'), byFolder: split((f) => folderOf(f.path)) };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
