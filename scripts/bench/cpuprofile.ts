/**
 * Where the time of a V8 CPU profile went, by the phases of the quality report: each sample is
 * given to the phase its call stack shows (a rule's check, the Markdown parse, scoring a file,
 * summarising a commit, reading git's output…), idle time is waiting on git, and the functions
 * with the most self time are listed for whoever optimises next.
 */
import * as path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Phase → milliseconds, largest first. */
  phases: [string, number][];
  /** Rule id → milliseconds inside its check, largest first. */
  rules: [string, number][];
  /** `function (file:line)` → self milliseconds, largest first. */
  top: [string, number][];
}

/** `src/...` for the project's files, `<package>` for a dependency, else the URL's last part. */
function where(url: string, root: string): string {
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + '/node_modules/'.length).split('/');
    return `<${parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}>`;
  }
  if (file.startsWith(root)) return path.relative(root, file).split(path.sep).join('/');
  return file || '(native)';
}

/** The phase of one sample, from its stack (leaf first). */
function phaseOf(stack: readonly { fn: string; file: string }[]): { phase: string; rule?: string } {
  const leaf = stack[0];
  if (!leaf) return { phase: 'other' };
  if (leaf.fn === '(idle)') return { phase: 'idle: waiting on git and I/O' };
  if (leaf.fn === '(garbage collector)') return { phase: 'garbage collection' };
  if (leaf.fn === '(program)') return { phase: 'V8 and native (program)' };
  const rule = [...stack].reverse().find((f) => f.file.startsWith('src/core/rules/') && !/\/(index|util|wording|instruction-units)\.ts$/.test(f.file));
  if (rule) return { phase: 'analysis: rules', rule: path.posix.basename(rule.file, '.ts') };
  const has = (test: (f: { fn: string; file: string }) => boolean) => stack.some(test);
  if (has((f) => f.file.startsWith('src/core/rules/'))) return { phase: 'analysis: rules', rule: '(shared helpers)' };
  if (has((f) => f.file === 'src/core/document.ts' || f.fn === 'parsePromptDocument')) return { phase: 'analysis: parse (remark, tokens, references)' };
  if (has((f) => f.fn === 'scoreFile')) return { phase: 'analysis: score a file' };
  if (has((f) => f.file === 'src/core/analyze.ts' || f.file === 'src/core/suppressions.ts')) return { phase: 'analysis: engine (suppressions, sorting)' };
  if (has((f) => f.fn === 'summarize' || f.fn === 'snapshotOf')) return { phase: 'replay: snapshot per commit (summarize)' };
  if (has((f) => f.fn === 'readCommits')) return { phase: 'git read: parse the log' };
  if (has((f) => f.fn === 'readBlobs')) return { phase: 'git read: split the blobs' };
  if (has((f) => f.file === 'src/core/trends.ts' || f.file.startsWith('src/core/inspection/'))) return { phase: 'alerts and inspections' };
  if (has((f) => f.file.startsWith('src/core/config/'))) return { phase: 'config' };
  if (has((f) => f.file === 'src/node/history.ts')) return { phase: 'replay: other (history.ts)' };
  if (has((f) => f.file === 'src/node/report.ts')) return { phase: 'report: other (report.ts)' };
  const own = stack.find((f) => f.file.startsWith('src/'));
  if (own) return { phase: `other: ${own.file}` };
  return { phase: leaf.file.startsWith('node:') || leaf.file === '(native)' ? 'node internals' : `other: ${leaf.file}` };
}

export function summarizeProfile(profile: CpuProfile, root: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackCache = new Map<number, { fn: string; file: string }[]>();
  const stackOf = (id: number) => {
    const hit = stackCache.get(id);
    if (hit) return hit;
    const stack: { fn: string; file: string }[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = (byId.get(at) as ProfileNode).callFrame;
      if (frame.functionName === '(root)') break;
      stack.push({ fn: frame.functionName || '(anonymous)', file: where(frame.url, root) });
    }
    stackCache.set(id, stack);
    return stack;
  };
  const phases = new Map<string, number>();
  const rules = new Map<string, number>();
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; the gap after it is the next delta.
    const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    const id = samples[i] as number;
    const stack = stackOf(id);
    const { phase, rule } = phaseOf(stack);
    phases.set(phase, (phases.get(phase) ?? 0) + ms);
    if (rule) rules.set(rule, (rules.get(rule) ?? 0) + ms);
    const frame = (byId.get(id) as ProfileNode).callFrame;
    // Project files run through tsx's transform, whose line numbers are not the source's: name the file only.
    const file = where(frame.url, root);
    const key = `${frame.functionName || '(anonymous)'} (${file}${frame.url && !file.startsWith('src/') ? `:${frame.lineNumber + 1}` : ''})`;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: (profile.endTime - profile.startTime) / 1000, phases: sorted(phases), rules: sorted(rules), top: sorted(self) };
}
