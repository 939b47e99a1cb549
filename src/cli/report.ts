/**
 * `prompt-coach report`: quality over time from the git history (src/node/history.ts), the
 * degradation alerts with their evidence (src/core/trends.ts), as JSON or Markdown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigResolver } from '../core/config/load';
import { DEFAULT_THRESHOLDS, findAlerts, type Alert } from '../core/trends';
import { buildHistory, type Snapshot } from '../node/history';
import { git, gitRoot } from '../node/inspection/git';
import type { CliEnv, CommandResult } from './io';

export type ReportFormat = 'json' | 'markdown';

export interface ReportOptions {
  /** `90d`, a date git understands, or a commit-ish (the report starts after it). */
  since?: string;
  format: ReportFormat;
  out?: string;
  failOnDegradation: boolean;
}

export interface QualityReport {
  repository: string;
  since?: string;
  analysedVersions: number;
  snapshots: Snapshot[];
  alerts: Alert[];
}

export async function runReport(options: ReportOptions, env: CliEnv): Promise<CommandResult> {
  const repo = await gitRoot(env.cwd);
  if (!repo) return { exitCode: 2, output: '', stderr: 'prompt-coach: report reads the git history, and this folder is not in a git repository\n' };
  const since = options.since === undefined ? undefined : await gitSince(repo, options.since);
  if (since === null) {
    return { exitCode: 2, output: '', stderr: `prompt-coach: --since '${options.since}' is neither a number of days (90d), a date, nor a commit\n` };
  }
  const resolver = new ConfigResolver({ host: env.host, rootDir: repo, trusted: true });
  const history = await buildHistory({ repo, configFor: (p) => resolver.forFile(p), host: env.host, ...(since ? { since } : {}) });
  const alerts = findAlerts(history.snapshots, { ...DEFAULT_THRESHOLDS, ...resolver.forFile(path.join(repo, '.promptcoach.json')).trends });
  const report: QualityReport = {
    repository: repo,
    ...(options.since ? { since: options.since } : {}),
    analysedVersions: history.analysed,
    snapshots: history.snapshots,
    alerts,
  };
  const text = options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : markdown(report, env.cwd);
  const exitCode = options.failOnDegradation && alerts.length ? 1 : 0;
  if (options.out !== undefined) {
    const out = path.resolve(env.cwd, options.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    return { exitCode, output: '', stderr: alerts.length ? `prompt-coach: ${alerts.length} degradation alert(s); see ${options.out}\n` : '' };
  }
  return { exitCode, output: text, stderr: '' };
}

/** `90d` → a git date; a date passes through; a commit-ish → the time just after its commit. null when none. */
async function gitSince(repo: string, since: string): Promise<string | undefined | null> {
  const days = /^(\d+)d$/.exec(since);
  if (days) return `${days[1]}.days.ago`;
  if (/^\d{4}-\d{2}-\d{2}/.test(since)) return since;
  try {
    const time = (await git(['log', '-1', '--format=%ct', since, '--'], repo)).trim();
    return /^\d+$/.test(time) ? `@${Number(time) + 1}` : null;
  } catch {
    return null;
  }
}

function markdown(report: QualityReport, cwd: string): string {
  const s = report.snapshots;
  const first = s[0];
  const last = s[s.length - 1];
  const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
  const lines = [`# Prompt quality report: ${path.relative(cwd, report.repository) || path.basename(report.repository)}`, ''];
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
  }
  if (report.alerts.length) lines.push('');
  lines.push('## Score by commit', '', '| date | commit | author | score | files | changed |', '| --- | --- | --- | --- | --- | --- |');
  for (const p of s) {
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
  return `${lines.join('\n')}\n`;
}

function signed(n: number): string {
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : String(r);
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
