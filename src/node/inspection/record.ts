/**
 * Builds a record from a reviewer's decision: hashes the outputs and the prompt as they are on
 * disk, checks the decision against the checklist, and validates the result against the schema.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Checklist } from '../../core/config/types';
import { repoPath } from '../../core/inspection/auto';
import { maskSecrets } from '../../core/secrets';
import { checklistHash, sha256Hex } from '../../core/inspection/checklists';
import {
  decisionProblems,
  InspectionRecordSchema,
  RECORD_OUTPUT_LIMIT,
  RECORD_SCHEMA_VERSION,
  TOOL_NAME,
  truncateMiddle,
  type AutoCheckResult,
  type Decision,
  type FileHash,
  type InspectionRecord,
  type ItemVerdict,
  type Reviewer,
} from '../../core/inspection/record';

/** A decision that cannot be recorded: what is wrong, one sentence each. */
export class RecordError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** sha256 (hex) of a file's bytes. */
export function sha256File(absPath: string): string {
  return sha256Hex(fs.readFileSync(absPath));
}

/** The file's path relative to the repository root, with its sha256; a `RecordError` when it is outside the root or unreadable. */
export function fileHash(root: string, absPath: string): FileHash {
  const rel = repoPath(root, absPath);
  if (rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) {
    throw new RecordError([`Unexpected file ${absPath}, expected one inside the repository ${root}`]);
  }
  try {
    if (!fs.statSync(absPath).isFile()) throw new RecordError([`Unexpected folder ${rel}, expected a file`]);
    return { path: rel, sha256: sha256File(absPath) };
  } catch (error) {
    if (error instanceof RecordError) throw error;
    throw new RecordError([`Cannot read ${rel}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
}

export interface NewRecordInput {
  /** Repository root. */
  root: string;
  checklist: Checklist;
  /** Absolute paths of the outputs inspected. */
  outputs: readonly string[];
  /** Absolute path of the prompt that produced them, if linked. */
  prompt?: string;
  items: readonly ItemVerdict[];
  decision: Decision;
  reason: string;
  reviewer: Reviewer;
  auto: readonly AutoCheckResult[];
  toolVersion: string;
  /** Defaults to now. */
  time?: Date;
  /** Defaults to a random UUID. */
  id?: string;
}

/** A valid record of the decision; a `RecordError` listing every problem otherwise. */
export function newRecord(input: NewRecordInput): InspectionRecord {
  const problems = decisionProblems(input.checklist, input.items, input.decision, input.reason);
  if (input.outputs.length === 0) problems.push('Missing outputs, expected at least one file');
  if (!input.reviewer.name.trim()) {
    problems.push('Missing reviewer name, expected one: set `git config user.name` (and user.email), or give the reviewer');
  }
  if (problems.length) throw new RecordError(problems);
  const seen = new Set<string>();
  const outputs: FileHash[] = [];
  for (const o of input.outputs) {
    const h = fileHash(input.root, o);
    if (!seen.has(h.path)) outputs.push(h);
    seen.add(h.path);
  }
  const order = new Map(input.checklist.items.map((item, i) => [item.id, i]));
  const record: InspectionRecord = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: input.id ?? randomUUID(),
    time: (input.time ?? new Date()).toISOString(),
    reviewer: { name: input.reviewer.name.trim(), email: input.reviewer.email.trim() },
    checklist: { id: input.checklist.id, version: input.checklist.version, hash: checklistHash(input.checklist) },
    outputs,
    prompt: input.prompt === undefined ? null : fileHash(input.root, input.prompt),
    items: [...input.items]
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
      .map((i) => ({ id: i.id, verdict: i.verdict, note: maskSecrets(i.note) })),
    // Records are committed: notes, reasons and command output pasted with a secret in them are masked.
    auto: input.auto.map((r) => ({
      ...r,
      message: maskSecrets(r.message),
      findings: r.findings.map((f) => ({ ...f, message: maskSecrets(f.message) })),
      ...(r.output === undefined ? {} : { output: maskSecrets(truncateMiddle(r.output, RECORD_OUTPUT_LIMIT)) }),
    })),
    decision: input.decision,
    reason: maskSecrets(input.reason),
    tool: { name: TOOL_NAME, version: input.toolVersion },
  };
  const parsed = InspectionRecordSchema.safeParse(record);
  if (!parsed.success) {
    throw new RecordError(parsed.error.issues.map((i) => `${i.message}${i.path.length ? ` at ${i.path.join('.')}` : ''}`));
  }
  return record;
}
