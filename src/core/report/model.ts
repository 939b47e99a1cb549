/**
 * The quality report: everything `prompt-coach report` prints and the dashboard draws, as one plain
 * JSON value. The CLI (`--format json|markdown|html`) and the dashboard webview read this one shape;
 * charts are built from it in `charts.ts`. Pure data: no file system, no `vscode`.
 *
 * Times are seconds since the epoch (UTC). Paths are repository-relative with `/` separators.
 */
import type { ScoringModel } from '../score';
import type { Category } from '../types';
import type { Alert, TrendPoint, TrendThresholds } from '../trends';

export const REPORT_SCHEMA_VERSION = 1;

/** A `TrendPoint` (workspace score, files, per-kind means, findings per rule) and what the commit did. */
export interface Snapshot extends TrendPoint {
  /** Mean category score over the files (100 when no finding of that category). */
  byCategory: Record<Category, number>;
  /** Number of findings per category over all files. */
  findingsByCategory: Record<Category, number>;
  /** Mean score by the first folder of the path (`.` for files at the root). */
  byFolder: Record<string, number>;
  added: string[];
  removed: string[];
  /** Score of each file this commit changed: before (absent when new) and after (absent when removed). */
  moved: { path: string; before?: number; after?: number }[];
}

/** One file as it stands at the end of the report (HEAD, or the working tree when it differs). */
export interface FileRow {
  path: string;
  kind: string;
  score: number;
  categories: Record<Category, number>;
  /** Counted findings by rule id. */
  findingsByRule: Record<string, number>;
}

/** Inspection decisions in one week (Monday 00:00 UTC onwards). */
export interface InspectionBucket {
  start: number;
  accepted: number;
  rejected: number;
  /** `checklist/item` → verdicts 'fail' in this week. */
  itemFails: Record<string, number>;
}

/** How often one checklist item failed over all records in range. */
export interface ItemStat {
  checklist: string;
  item: string;
  /** Verdicts given (pass, fail or na). */
  total: number;
  failed: number;
  na: number;
  /** failed ÷ total, 0 when none. */
  failRate: number;
}

export interface InspectionSeries {
  accepted: number;
  rejected: number;
  /** accepted ÷ (accepted + rejected), null when there is no record. */
  acceptRate: number | null;
  weeks: InspectionBucket[];
  items: ItemStat[];
  /** Lines of the records files that are not valid records (reported by `inspections verify`). */
  invalidLines: number;
}

export interface QualityReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** The repository folder's name. */
  repository: string;
  /** ISO time the report was made. */
  generatedAt: string;
  /** As given: `90d`, a date or a commit. */
  since?: string;
  /** Distinct file versions analysed (each blob once). */
  analysedVersions: number;
  /** One per commit that changed a prompt or context file, oldest first. */
  snapshots: Snapshot[];
  /** The files on disk, when they differ from the last commit (the dashboard sets this; `sha` is ''). */
  workingTree?: Snapshot;
  /** Every prompt file at the end of the report, lowest score first. */
  files: FileRow[];
  inspections: InspectionSeries;
  /** The score model in force at the repository root (`scoring` over the defaults). */
  scoring: ScoringModel;
  thresholds: TrendThresholds;
  alerts: Alert[];
}
