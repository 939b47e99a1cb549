/**
 * `prompt-coach report`: quality over time from the git history (src/node/history.ts), the
 * degradation alerts with their evidence (src/core/trends.ts), as Markdown, HTML or JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigResolver } from '../core/config/load';
import type { QualityReport } from '../core/report/model';
import { gitRoot } from '../node/inspection/git';
import { buildQualityReport, ReportError } from '../node/report';
import { reportHtml } from '../node/report-html';
import type { CliEnv, CommandResult } from './io';

export const REPORT_FORMATS = ['markdown', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** `90d`, a date git understands, or a commit-ish (the report starts after it). */
  since?: string;
  format: ReportFormat;
  out?: string;
  failOnDegradation: boolean;
}

export async function runReport(options: ReportOptions, env: CliEnv): Promise<CommandResult> {
  const repo = await gitRoot(env.cwd);
  if (!repo) return { exitCode: 2, output: '', stderr: 'prompt-coach: report reads the git history, and this folder is not in a git repository\n' };
  const resolver = new ConfigResolver({ host: env.host, rootDir: repo, trusted: true });
  let report: QualityReport;
  try {
    report = await buildQualityReport({
      repo,
      configFor: (p) => resolver.forFile(p),
      host: env.host,
      // Workers resolve configs as `resolver` does.
      pool: { repo, rootDir: repo, trusted: true },
      ...(options.since !== undefined ? { since: options.since } : {}),
    });
  } catch (error) {
    if (error instanceof ReportError) return { exitCode: 2, output: '', stderr: `prompt-coach: ${error.message}\n` };
    throw error;
  }
  const { alerts } = report;
  const text = options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : options.format === 'html' ? reportHtml(report) : markdown(report);
  const exitCode = options.failOnDegradation && alerts.length ? 1 : 0;
  if (options.out !== undefined) {
    const out = path.resolve(env.cwd, options.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    return { exitCode, output: '', stderr: alerts.length ? `prompt-coach: ${alerts.length} degradation alert(s); see ${options.out}\n` : '' };
  }
  return { exitCode, output: text, stderr: '' };
}

/** Commits the Markdown table shows (the latest); the JSON has them all. */
const MARKDOWN_COMMITS = 50;

function markdown(report: QualityReport): string {
  const s = report.snapshots;
  const first = s[0];
  const last = s[s.length - 1];
  const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
  const lines = [`# Prompt quality report: ${report.repository}`, ''];
  if (!first || !last) return `${lines.join('\n')}No commit in this range changed a prompt or context file.\n`;
  lines.push(
    `Score **${last.score}** over ${last.files} files on ${day(last.time)}` +
      (s.length > 1 ? ` (${first.score} on ${day(first.time)}, ${signed(last.score - first.score)})` : '') +
      `; ${s.length} commits changed prompt files, ${report.analysedVersions} file versions analysed.`,
    '',
    '## Alerts',
    '',
  );
  if (!report.alerts.length) lines.push('None.', '');
  for (const a of report.alerts) {
    lines.push(`- **${a.kind}**: ${a.message}`);
    for (const m of a.movers) lines.push(`  - ${m.sha.slice(0, 8)} ${m.author}: ${m.subject} (${signed(m.delta)})`);
    for (const f of a.files ?? []) lines.push(`  - \`${f.path}\` ${f.before !== undefined ? `${f.before}→` : ''}${f.score ?? 'removed'}`);
    for (const e of a.evidence ?? []) lines.push(`  - ${e}`);
  }
  if (report.alerts.length) lines.push('');

  lines.push('## By kind and folder', '', '| group | score |', '| --- | --- |');
  for (const [kind, score] of Object.entries(last.byKind)) lines.push(`| kind ${cell(kind)} | ${score} |`);
  for (const [folder, score] of Object.entries(last.byFolder)) lines.push(`| folder ${cell(folder === '.' ? '(root)' : `${folder}/`)} | ${score} |`);
  lines.push('', '## Lowest-scoring files', '');
  for (const f of report.files.slice(0, 10)) {
    const top = Object.entries(f.findingsByRule).sort(([, a], [, b]) => b - a).slice(0, 3).map(([id, n]) => `${id} ×${n}`);
    lines.push(`- ${f.score} \`${f.path}\`${top.length ? `: ${top.join(', ')}` : ''}`);
  }
  const shown = s.slice(-MARKDOWN_COMMITS);
  lines.push(
    '',
    '## Score by commit',
    '',
    ...(shown.length < s.length ? [`The latest ${shown.length} of ${s.length} commits; \`--format json\` or \`html\` has them all.`, ''] : []),
    '| date | commit | author | score | files | changed |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const p of shown) {
    // The files that moved most, so a commit touching hundreds of files stays one readable row.
    const moved = [...p.moved].sort((a, b) => Math.abs((b.after ?? 0) - (b.before ?? 100)) - Math.abs((a.after ?? 0) - (a.before ?? 100)));
    const changed =
      moved.slice(0, 5).map((m) => `${m.path} ${m.before ?? '–'}→${m.after ?? '–'}`).join(', ') + (moved.length > 5 ? `, and ${moved.length - 5} more` : '');
    lines.push(`| ${day(p.time)} | ${p.sha.slice(0, 8)} | ${cell(p.author)} | ${p.score} | ${p.files} | ${cell(changed)} |`);
  }
  const rules = Object.entries(last.findingsByRule).sort(([, a], [, b]) => b - a).slice(0, 10);
  lines.push('', '## Most frequent findings now', '');
  if (!rules.length) lines.push('None.');
  for (const [rule, n] of rules) lines.push(`- \`${rule}\`: ${n}`);

  const ins = report.inspections;
  lines.push('', '## Inspections', '');
  if (ins.acceptRate === null) lines.push('No inspection recorded in this range.');
  else {
    lines.push(`${ins.accepted} accepted, ${ins.rejected} rejected (${Math.round(ins.acceptRate * 100)} % accepted).`);
    const failing = ins.items.filter((i) => i.failed > 0).slice(0, 5);
    if (failing.length) lines.push('', 'Items that fail most:', '', ...failing.map((i) => `- ${i.checklist}/${i.item}: ${i.failed} of ${i.total} (${Math.round(i.failRate * 100)} %)`));
  }
  if (ins.invalidLines) lines.push('', `${ins.invalidLines} line(s) of the records are not valid records: run \`prompt-coach inspections verify\`.`);
  return `${lines.join('\n')}\n`;
}

function signed(n: number): string {
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : String(r);
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
