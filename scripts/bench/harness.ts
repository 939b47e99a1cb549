/**
 * The benchmark harness: named suites, each measuring several runs of its products next to
 * anchors (tools that do the same kind of work, or the floor of it) in the same run. These machines
 * are shared and noisy, so what a suite reports is medians and ratios against its anchors; a
 * ratio survives a busy machine far better than a number of seconds.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';

export type Role = 'anchor' | 'product' | 'detail';
/** What a measurement's samples count: milliseconds of wall time, or a size (memory, a file). */
export type Unit = 'ms' | 'MB' | 'KB';

export interface Measurement {
  name: string;
  /** Anchors are what products are compared with; details explain a product (a phase, a variant). */
  role: Role;
  /** One per run, in `unit`: milliseconds of wall time unless it says otherwise. */
  samples: number[];
  unit?: Unit;
  /** Milliseconds of CPU time (user + system, all threads and child processes), one per run, when known. */
  cpu?: number[];
  /** When set, the row also shows median ÷ this measurement's median. */
  ratioTo?: string;
}

/**
 * A target: the median of `measurement` under `limitMs`, at most `limit` in the measurement's unit
 * (a size), or at most `limitRatio` times the median of `ratioTo`.
 */
export type Check = { name: string; measurement: string } & ({ limitMs: number } | { limit: number } | { limitRatio: number; ratioTo: string });

export interface SuiteResult {
  suite: string;
  /** What was measured on: sizes, counts, versions. */
  facts: [string, string | number][];
  measurements: Measurement[];
  checks: Check[];
  /** Free text printed under the table: profiles, warnings. */
  notes: string[];
}

export interface SuiteContext {
  runs: number;
  /** The command line after the suite names (`--keep DIR`, `--profile`, …): each suite reads its own. */
  args: readonly string[];
  /** Progress, to stderr: the table on stdout stays clean. */
  log(line: string): void;
}

export interface Suite {
  name: string;
  summary: string;
  run(context: SuiteContext): Promise<SuiteResult>;
}

/** The value after `flag` on a command line (`--runs 3` → '3'), or undefined when the flag is absent. */
export function optionValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface ProcessRun {
  ms: number;
  /** CPU time of the process and its children (user + system), or NaN off Linux: steadier than wall time on a busy machine. */
  cpuMs: number;
  code: number | null;
  stdoutBytes: number;
  /** Kept only when asked for (`keepStdout`): a report can be megabytes. */
  stdout?: Buffer;
  stderr: string;
}

/** Runs a process to its end and times it from spawn to exit; stdout is drained (counted, or kept). */
export function timeProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; input?: string | Buffer; keepStdout?: boolean; env?: NodeJS.ProcessEnv },
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let stdoutBytes = 0;
    child.stdout.on('data', (c: Buffer) => {
      stdoutBytes += c.length;
      if (options.keepStdout) out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      // Children's CPU time lands in ours when they are reaped; runs are one at a time, so the difference is this child's.
      const cpuMs = childrenCpuMs() - cpuBefore;
      resolve({ ms, cpuMs, code, stdoutBytes, ...(options.keepStdout ? { stdout: Buffer.concat(out) } : {}), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => undefined); // a process that exits before reading all its input
    child.stdin.end(options.input ?? '');
  });
}

/** Seconds with two decimals, or milliseconds under a tenth of a second (a floor can be that small). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A sample in its unit: time as `formatMs` writes it, sizes in whole units. */
export function formatValue(value: number, unit: Unit = 'ms'): string {
  if (unit === 'ms') return formatMs(value);
  return Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} ${unit}` : '–';
}

export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return '–';
  return r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(2)}×`;
}

/** A Markdown table, padded so it also reads as plain text in a terminal. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The suite's table, facts and checks as text. */
export function renderResult(result: SuiteResult): string {
  const medians = new Map(result.measurements.map((m) => [m.name, median(m.samples)]));
  const rows = result.measurements.map((m) => {
    const med = medians.get(m.name) as number;
    const base = m.ratioTo === undefined ? undefined : medians.get(m.ratioTo);
    return [m.name, m.role, m.samples.map((v) => formatValue(v, m.unit)).join(', '), formatValue(med, m.unit), m.cpu ? formatMs(median(m.cpu)) : '', base === undefined ? '' : formatRatio(med / base)];
  });
  const ratioHeads = [...new Set(result.measurements.map((m) => m.ratioTo).filter((r): r is string => r !== undefined))];
  const lines = [
    `## ${result.suite}`,
    '',
    ...result.facts.map(([k, v]) => `- ${k}: ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`),
    '',
    markdownTable(['measurement', 'role', 'runs (wall)', 'median', 'CPU', 'ratio'], rows, [false, false, false, true, true, true]),
    '',
  ];
  if (ratioHeads.length) lines.push(`Ratio: the median (wall time, or size) ÷ that of ${ratioHeads.map((h) => `'${h}'`).join(' or ')}, measured in the same runs. CPU: median user + system time, all threads and child processes.`, '');
  for (const c of result.checks) lines.push(checkOutcome(c, medians, result.measurements).line);
  if (result.checks.length) lines.push('');
  if (result.notes.length) lines.push(...result.notes, '');
  return lines.join('\n');
}

export function checksPass(result: SuiteResult): boolean {
  const medians = new Map(result.measurements.map((m) => [m.name, median(m.samples)]));
  return result.checks.every((c) => checkOutcome(c, medians, result.measurements).pass);
}

/** Whether a check holds on these medians, and its line in the report. */
function checkOutcome(c: Check, medians: ReadonlyMap<string, number>, measurements: readonly Measurement[]): { pass: boolean; line: string } {
  const ms = medians.get(c.measurement) ?? Number.NaN;
  if ('limit' in c) {
    const unit = measurements.find((m) => m.name === c.measurement)?.unit;
    const pass = ms <= c.limit;
    return { pass, line: `${pass ? 'PASS' : 'FAIL'} ${c.name}: median ${formatValue(ms, unit)} (limit ${formatValue(c.limit, unit)}, ${formatRatio(ms / c.limit)} of it)` };
  }
  if ('limitMs' in c) {
    const pass = ms < c.limitMs;
    return { pass, line: `${pass ? 'PASS' : 'FAIL'} ${c.name}: median ${formatMs(ms)} (limit ${formatMs(c.limitMs)}, ${formatRatio(ms / c.limitMs)} of it)` };
  }
  const ratio = ms / (medians.get(c.ratioTo) ?? Number.NaN);
  const pass = ratio <= c.limitRatio;
  return { pass, line: `${pass ? 'PASS' : 'FAIL'} ${c.name}: median ${formatMs(ms)} = ${formatRatio(ratio)} '${c.ratioTo}' (limit ${formatRatio(c.limitRatio)})` };
}

/** The machine, for the report: what a reader needs to compare two runs. */
export function machine(): { cpus: number; cpu: string; memoryGb: number; node: string; platform: string } {
  const cpus = os.cpus();
  return { cpus: cpus.length, cpu: cpus[0]?.model.trim() ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

/** User + system time of this process's reaped children, in milliseconds (NaN off Linux). */
export function childrenCpuMs(): number {
  try {
    const self = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    return ((fields[13] ?? 0) + (fields[14] ?? 0)) * 10; // cutime, cstime in USER_HZ (100 a second)
  } catch {
    return Number.NaN;
  }
}

/** CPU time (seconds) of the whole machine and of this process with its finished children, from /proc. */
function cpuNow(): { machineBusy: number; machineTotal: number; own: number } | undefined {
  try {
    const hz = 100; // USER_HZ: 100 on every Linux this runs on
    const cpu = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = cpu;
    const busy = user + nice + system + irq + softirq + steal;
    const self = fs.readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are the 12th to 15th.
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    const own = (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
    return { machineBusy: busy / hz, machineTotal: (busy + idle + iowait) / hz, own: own / hz };
  } catch {
    return undefined; // not Linux: the report says so instead of guessing
  }
}

/**
 * How busy the machine was while a suite ran, and how much of that was not this benchmark: other
 * sessions share these cores, and a reader needs to know whether a slow figure met a busy machine.
 */
export class CpuWatch {
  private readonly start = cpuNow();
  private readonly started = performance.now();
  private readonly load = os.loadavg()[0] as number;

  /** One line: wall time, cores busy on average (all, this benchmark, others), load average at start. */
  describe(): string {
    const end = cpuNow();
    const wall = (performance.now() - this.started) / 1000;
    if (!this.start || !end || wall <= 0) return `load average ${this.load.toFixed(2)} at start (no /proc: busy cores unknown)`;
    const busy = (end.machineBusy - this.start.machineBusy) / wall;
    const own = (end.own - this.start.own) / wall;
    return (
      `${os.cpus().length} cores; over ${wall.toFixed(0)} s the machine kept ${busy.toFixed(2)} cores busy on average, ` +
      `${own.toFixed(2)} of them this benchmark and ${Math.max(0, busy - own).toFixed(2)} other work; load average ${this.load.toFixed(2)} at start`
    );
  }
}
