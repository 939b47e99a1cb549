/**
 * The inspection record: one JSON line per decision in `.promptcoach/inspections/YYYY-MM.jsonl`,
 * committed with the work it signs off. This module holds its zod schema (the one definition of
 * the format), the rules a decision must satisfy, and the parser that reads a records file back,
 * reporting every malformed line by number instead of dropping it. No file system here: writing
 * and locking live in `src/node/inspection/records.ts`.
 *
 * The format is a contract with every repository that holds records. Add optional fields freely;
 * anything a reader of schema version 1 would misread needs `schemaVersion: 2`.
 */
import { z } from 'zod';
import type { Checklist } from '../config/types';
import { errorMap } from '../config/parse';
import { AUTO_CHECK_TYPES } from '../config/schema';

export const RECORD_SCHEMA_VERSION = 1;

/** Where records live, relative to the repository root. */
export const INSPECTIONS_DIR = '.promptcoach/inspections';

/** The `name` every record's `tool` carries. */
export const TOOL_NAME = 'prompt-coach';

/** Characters of a command's output kept in a result the panel shows (head and tail). */
export const OUTPUT_LIMIT = 64 * 1024;
/** Characters of a command's output kept in a record, which is committed: the tail says most. */
export const RECORD_OUTPUT_LIMIT = 8 * 1024;

export const Sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { error: (issue) => `Unexpected ${short(issue.input)}, expected a sha256 as 64 lowercase hex digits` });

/** A repository-relative, `/`-separated path that stays inside the repository. */
export const RepoPathSchema = z
  .string()
  .min(1)
  .refine((p) => !p.includes('\\') && !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split('/').some((s) => s === '..' || s === '.' || s === ''), {
    error: (issue) => `Unexpected path ${short(issue.input)}, expected a repository-relative path with '/' separators`,
  });

export const FileHashSchema = z.object({ path: RepoPathSchema, sha256: Sha256Schema });
export type FileHash = z.output<typeof FileHashSchema>;

export const AUTO_STATUSES = ['pass', 'fail', 'error', 'skipped'] as const;
export type AutoStatus = (typeof AUTO_STATUSES)[number];

export const AutoFindingSchema = z.object({
  /** Repository-relative path of the output. */
  path: z.string(),
  /** 1-based. */
  line: z.number().int().nonnegative(),
  message: z.string(),
});
export type AutoFinding = z.output<typeof AutoFindingSchema>;

export const AutoCheckResultSchema = z.object({
  itemId: z.string().min(1),
  type: z.enum(AUTO_CHECK_TYPES),
  /** pass / fail: the check ran and decided; error: it could not run to a verdict; skipped: it was not run (see `message`). */
  status: z.enum(AUTO_STATUSES),
  /** One sentence for the reviewer: what was found, or why it did not run. */
  message: z.string(),
  findings: z.array(AutoFindingSchema),
  /** A command's stdout and stderr, interleaved, its middle cut when long. */
  output: z.string().optional(),
});
export type AutoCheckResult = z.output<typeof AutoCheckResultSchema>;

export const VERDICTS = ['pass', 'fail', 'na'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const ItemVerdictSchema = z.object({ id: z.string().min(1), verdict: z.enum(VERDICTS), note: z.string() });
export type ItemVerdict = z.output<typeof ItemVerdictSchema>;

export const DECISIONS = ['accepted', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

export const ReviewerSchema = z.object({ name: z.string().trim().min(1), email: z.string() });
export type Reviewer = z.output<typeof ReviewerSchema>;

export const InspectionRecordSchema = z.looseObject({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION, {
    error: (issue) => `Unexpected schemaVersion ${short(issue.input)}, expected ${RECORD_SCHEMA_VERSION} (a newer Prompt Coach may have written this record)`,
  }),
  id: z.uuid(),
  /** ISO 8601 with an offset, e.g. `2025-06-01T09:30:00.000Z`. */
  time: z.iso.datetime({ offset: true }),
  reviewer: ReviewerSchema,
  checklist: z.object({ id: z.string().min(1), version: z.number().int().positive(), hash: Sha256Schema }),
  outputs: z.array(FileHashSchema).min(1),
  /** The prompt file that produced the outputs, when one was linked. */
  prompt: FileHashSchema.nullable(),
  items: z.array(ItemVerdictSchema),
  auto: z.array(AutoCheckResultSchema),
  decision: z.enum(DECISIONS),
  reason: z.string(),
  tool: z.object({ name: z.string().min(1), version: z.string().min(1) }),
});
export type InspectionRecord = z.output<typeof InspectionRecordSchema>;

/** A line of a records file that is not a valid record. */
export interface RecordProblem {
  /** Repository-relative path of the records file. */
  file: string;
  /** 1-based line number. */
  line: number;
  message: string;
}

/** The month file a record goes to: `YYYY-MM.jsonl`, by its time in UTC. */
export function recordFileName(time: string): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) throw new Error(`Unexpected time '${time}', expected an ISO date`);
  return `${d.getUTCFullYear().toString().padStart(4, '0')}-${(d.getUTCMonth() + 1).toString().padStart(2, '0')}.jsonl`;
}

/** The records of one records file's text; each line that is not one is a problem with its number. */
export function parseRecordLines(text: string, file: string): { records: InspectionRecord[]; problems: RecordProblem[] } {
  const records: InspectionRecord[] = [];
  const problems: RecordProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const last = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({
        file,
        line: i + 1,
        message: last
          ? 'Unexpected end of the file inside a record, expected a complete JSON line: a write was interrupted, so this line records nothing'
          : `Unexpected text ${short(line)}, expected one JSON record per line: an interrupted write or a hand edit left this line, and it records nothing`,
      });
      return;
    }
    const parsed = InspectionRecordSchema.safeParse(value, { error: errorMap });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
      problems.push({ file, line: i + 1, message: `${issue?.message ?? 'Invalid record'}${where}; the record is ignored` });
      return;
    }
    records.push(parsed.data);
  });
  return { records, problems };
}

/**
 * Why a decision cannot be recorded as given, in the house formula; empty when it can. Every item
 * of the checklist needs a verdict, and a 'fail' needs a note saying what is wrong. Accepting needs
 * each required item 'pass', or 'na' with a note saying why; an optional item may fail. Rejecting
 * needs a reason.
 */
export function decisionProblems(checklist: Checklist, items: readonly ItemVerdict[], decision: Decision, reason: string): string[] {
  const problems: string[] = [];
  const known = new Map(checklist.items.map((i) => [i.id, i]));
  const given = new Map<string, ItemVerdict>();
  for (const v of items) {
    if (!known.has(v.id)) problems.push(`Unexpected item '${v.id}', expected one of checklist '${checklist.id}': ${[...known.keys()].join(', ')}`);
    else if (given.has(v.id)) problems.push(`Unexpected second verdict for item '${v.id}', expected one`);
    else given.set(v.id, v);
  }
  for (const item of checklist.items) {
    const v = given.get(item.id);
    if (!v) {
      problems.push(`Missing verdict for item '${item.id}', expected 'pass', 'fail' or 'na'`);
      continue;
    }
    if (v.verdict === 'fail' && v.note.trim() === '') problems.push(`Missing note on item '${item.id}' marked 'fail', expected what is wrong`);
    if (decision !== 'accepted' || !item.required) continue;
    if (v.verdict === 'fail') problems.push(`Unexpected 'fail' on required item '${item.id}' in an acceptance, expected 'pass' or 'na': reject the output instead`);
    else if (v.verdict === 'na' && v.note.trim() === '') problems.push(`Missing note on required item '${item.id}' marked 'na', expected why it does not apply`);
  }
  if (decision === 'rejected' && reason.trim() === '') problems.push('Missing reason for the rejection, expected what must change before the output can be accepted');
  return problems;
}

/** `text` cut to `limit` characters by dropping its middle (head and tail say most), with a marker. */
export function truncateMiddle(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const marker = (n: number) => `\n… ${n} characters cut …\n`;
  const keep = Math.max(0, limit - marker(text.length).length);
  const head = Math.floor(keep / 4);
  const tail = keep - head;
  return text.slice(0, head) + marker(text.length - head - tail) + text.slice(text.length - tail);
}

function short(value: unknown): string {
  if (typeof value !== 'string') {
    const json = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
    return json.length > 40 ? `${json.slice(0, 37)}…` : json;
  }
  return `'${value.length > 40 ? `${value.slice(0, 37)}…` : value}'`;
}
