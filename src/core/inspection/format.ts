/**
 * Reports of `prompt-coach inspections verify` (text, json, sarif, github) and `list` (table,
 * json). Pure, as the lint formatters are: same input, same bytes; no clock, no absolute paths.
 */
import { escapeData, escapeProperty } from '../format/github';
import { artifactLocation, sarifLog } from '../format/sarif';
import { INSPECTIONS_DIR, type InspectionRecord, type RecordProblem } from './record';
import { chronological, type VerifyEntry, type VerifyStatus } from './verify';

export const VERIFY_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];
export const LIST_FORMATS = ['table', 'json'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export interface VerifyReport {
  /** The `--since` ref, when only files changed since it were checked. */
  since?: string;
  files: VerifyEntry[];
  /** Malformed lines in the records files: reported, never silently dropped. */
  problems: RecordProblem[];
}

/** SARIF rule ids and GitHub annotation titles, one per way a file fails. */
export const VERIFY_RULE_IDS: Record<Exclude<VerifyStatus, 'ok'>, string> = {
  none: 'inspection-missing',
  rejected: 'inspection-rejected',
  stale: 'inspection-stale',
};
export const RECORD_INVALID_ID = 'inspection-record-invalid';

const RULE_DOCS: { id: string; summary: string; help: string }[] = [
  {
    id: VERIFY_RULE_IDS.none,
    summary: 'A file that must be inspected has no inspection record.',
    help: 'The config\'s `inspection.required` names this file, and no record in .promptcoach/inspections/ covers it. Open it in the Prompt Coach checklist panel, work through the checklist, accept or reject, and commit the record with the work.',
  },
  {
    id: VERIFY_RULE_IDS.rejected,
    summary: 'The latest inspection of a required file rejected it.',
    help: 'A reviewer rejected this output; the record\'s reason says what must change. Change it and have it inspected again: the new record decides.',
  },
  {
    id: VERIFY_RULE_IDS.stale,
    summary: 'A required file changed after it was accepted.',
    help: 'The latest record accepted the file with other content (its sha256 differs). The acceptance does not cover the change: inspect the file again and commit the new record.',
  },
  {
    id: RECORD_INVALID_ID,
    summary: 'A line in an inspection records file is not a valid record.',
    help: 'An interrupted write or a hand edit left a line that records nothing; it neither passes nor fails any file. Delete the line (in its own commit, so the history shows why) once you know how it got there.',
  },
];

function failures(files: readonly VerifyEntry[]): VerifyEntry[] {
  return files.filter((f) => f.status !== 'ok');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatVerify(report: VerifyReport, format: VerifyFormat, ctx: { version: string }): string {
  switch (format) {
    case 'text':
      return verifyText(report);
    case 'json':
      return verifyJson(report);
    case 'sarif':
      return verifySarif(report, ctx.version);
    case 'github':
      return verifyGithub(report);
  }
}

function verifyText(report: VerifyReport): string {
  const failed = failures(report.files);
  const scope = report.since ? ` changed since ${report.since}` : '';
  let out = '';
  const pathWidth = Math.max(0, ...failed.map((f) => f.path.length));
  const statusWidth = Math.max(0, ...failed.map((f) => f.status.length));
  for (const f of failed) out += `✖ ${f.path.padEnd(pathWidth)}  ${f.status.padEnd(statusWidth)}  ${f.message}\n`;
  for (const p of report.problems) out += `⚠ ${p.file}:${p.line}  ${p.message}\n`;
  if (out) out += '\n';
  if (report.files.length === 0) return `${out}No required files${scope}: nothing to verify (the config's inspection.required decides which files need one).\n`;
  if (failed.length === 0) return `${out}✔ ${plural(report.files.length, 'required file')}${scope} ${report.files.length === 1 ? 'carries' : 'carry'} an accepted inspection of ${report.files.length === 1 ? 'its' : 'their'} current content.\n`;
  const counts = (['none', 'rejected', 'stale'] as const)
    .map((s) => [s, failed.filter((f) => f.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return (
    `${out}${failed.length} of ${plural(report.files.length, 'required file')}${scope} ${failed.length === 1 ? 'lacks' : 'lack'} an accepted inspection of ${failed.length === 1 ? 'its' : 'their'} current content (${counts}).\n` +
    `Inspect ${failed.length === 1 ? 'it' : 'them'} in the Prompt Coach checklist panel and commit the new lines in ${INSPECTIONS_DIR}/.\n`
  );
}

function verifyJson(report: VerifyReport): string {
  const count = (s: VerifyStatus) => report.files.filter((f) => f.status === s).length;
  return (
    JSON.stringify(
      {
        ok: failures(report.files).length === 0,
        since: report.since ?? null,
        summary: { required: report.files.length, ok: count('ok'), none: count('none'), rejected: count('rejected'), stale: count('stale') },
        files: report.files,
        problems: report.problems,
      },
      null,
      2,
    ) + '\n'
  );
}

function verifySarif(report: VerifyReport, version: string): string {
  const index = new Map(RULE_DOCS.map((r, i) => [r.id, i]));
  const results = [
    ...failures(report.files).map((f) => {
      const ruleId = VERIFY_RULE_IDS[f.status as Exclude<VerifyStatus, 'ok'>];
      return {
        ruleId,
        ruleIndex: index.get(ruleId) as number,
        level: 'error',
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.path), region: { startLine: 1 } } }],
      };
    }),
    ...report.problems.map((p) => ({
      ruleId: RECORD_INVALID_ID,
      ruleIndex: index.get(RECORD_INVALID_ID) as number,
      level: 'warning',
      message: { text: p.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.file), region: { startLine: p.line } } }],
    })),
  ];
  return sarifLog({
    version,
    rules: RULE_DOCS.map((r) => ({
      id: r.id,
      shortDescription: { text: r.summary },
      fullDescription: { text: r.help },
      help: { text: r.help, markdown: r.help },
      defaultConfiguration: { level: r.id === RECORD_INVALID_ID ? 'warning' : 'error' },
      properties: { category: 'inspection', tags: ['inspection'] },
    })),
    results,
  });
}

function verifyGithub(report: VerifyReport): string {
  let out = '';
  for (const f of failures(report.files)) {
    const title = VERIFY_RULE_IDS[f.status as Exclude<VerifyStatus, 'ok'>];
    out += `::error file=${escapeProperty(f.path)},line=1,title=${escapeProperty(title)}::${escapeData(f.message)}\n`;
  }
  for (const p of report.problems) {
    out += `::warning file=${escapeProperty(p.file)},line=${p.line},title=${RECORD_INVALID_ID}::${escapeData(p.message)}\n`;
  }
  return out;
}

export function formatList(records: readonly InspectionRecord[], problems: readonly RecordProblem[], format: ListFormat): string {
  const ordered = chronological(records);
  if (format === 'json') return JSON.stringify({ records: ordered, problems }, null, 2) + '\n';
  if (ordered.length === 0) return `No inspection records in ${INSPECTIONS_DIR}/.\n`;
  const rows = ordered.map((r) => [
    r.time.replace('T', ' ').replace(/:\d\d(?:\.\d+)?(?=Z|[+-]\d\d:\d\d$)/, '').replace(/Z$/, ' UTC'),
    r.decision,
    r.reviewer.email ? `${r.reviewer.name} <${r.reviewer.email}>` : r.reviewer.name,
    `${r.checklist.id} v${r.checklist.version}`,
    r.outputs.length > 1 ? `${r.outputs[0]?.path} (+${r.outputs.length - 1} more)` : (r.outputs[0]?.path ?? ''),
  ]);
  const header = ['TIME', 'DECISION', 'REVIEWER', 'CHECKLIST', 'FILES'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd() + '\n';
  return line(header) + rows.map(line).join('');
}
