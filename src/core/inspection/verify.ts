/**
 * Judges required outputs against the records: the latest record that names a file decides.
 * Pure: the Node side (`src/node/inspection/verify.ts`) finds the files, hashes them and reads
 * the records.
 */
import type { FileHash, InspectionRecord } from './record';

export const VERIFY_STATUSES = ['ok', 'none', 'rejected', 'stale'] as const;
export type VerifyStatus = (typeof VERIFY_STATUSES)[number];

/** The record that decided a file, as a verify report shows it. */
export interface DecidingRecord {
  id: string;
  time: string;
  reviewer: { name: string; email: string };
  checklist: { id: string; version: number };
  decision: InspectionRecord['decision'];
  reason: string;
  /** The file's sha256 when it was inspected. */
  sha256: string;
}

export interface VerifyEntry {
  /** Repository-relative, `/`-separated. */
  path: string;
  status: VerifyStatus;
  /** sha256 of the file as it is now. */
  sha256: string;
  /** The latest record naming the file; absent for `none`. */
  record?: DecidingRecord;
  /** One sentence: why the file passes or fails. */
  message: string;
}

/**
 * Records in the order they were made: by `time`, ties (and unreadable times) in the order read.
 * The input is not modified.
 */
export function chronological(records: readonly InspectionRecord[]): InspectionRecord[] {
  return records
    .map((record, index) => ({ record, index, t: Date.parse(record.time) }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? 0 : a.t - b.t) || a.index - b.index)
    .map((e) => e.record);
}

/** The latest record naming each output path. */
export function latestByPath(records: readonly InspectionRecord[]): Map<string, InspectionRecord> {
  const latest = new Map<string, InspectionRecord>();
  for (const record of chronological(records)) for (const o of record.outputs) latest.set(o.path, record);
  return latest;
}

/** One entry per file, sorted by path: ok, none, rejected, or stale (accepted, but the content changed since). */
export function judge(files: readonly FileHash[], records: readonly InspectionRecord[]): VerifyEntry[] {
  const latest = latestByPath(records);
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file): VerifyEntry => {
      const record = latest.get(file.path);
      if (!record) return { path: file.path, status: 'none', sha256: file.sha256, message: 'No inspection record names this file.' };
      const recorded = record.outputs.find((o) => o.path === file.path)?.sha256 ?? '';
      const deciding: DecidingRecord = {
        id: record.id,
        time: record.time,
        reviewer: { name: record.reviewer.name, email: record.reviewer.email },
        checklist: { id: record.checklist.id, version: record.checklist.version },
        decision: record.decision,
        reason: record.reason,
        sha256: recorded,
      };
      const by = `${record.reviewer.name} on ${record.time.slice(0, 10)} (checklist ${record.checklist.id} v${record.checklist.version})`;
      if (record.decision === 'rejected') {
        const changed = recorded !== file.sha256 ? ' The file changed since; inspect it again.' : '';
        return { path: file.path, status: 'rejected', sha256: file.sha256, record: deciding, message: `Rejected by ${by}${record.reason.trim() ? `: ${record.reason.trim()}` : '.'}${changed}` };
      }
      if (recorded !== file.sha256) {
        return {
          path: file.path,
          status: 'stale',
          sha256: file.sha256,
          record: deciding,
          message: `Accepted by ${by}, but the file changed since (sha256 ${recorded.slice(0, 12)}… then, ${file.sha256.slice(0, 12)}… now); inspect it again.`,
        };
      }
      return { path: file.path, status: 'ok', sha256: file.sha256, record: deciding, message: `Accepted by ${by}.` };
    });
}
