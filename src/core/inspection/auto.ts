/**
 * The automatic checks of a checklist, run on the outputs before the reviewer decides. Those that
 * read text reuse the analyzer with only the relevant rules on (`no-placeholders` →
 * `unresolved-placeholder`, `references-exist` → `broken-reference`, `no-secrets` →
 * `secret-in-prompt`, `rules` → the named ones); `command` goes through an injected runner (the
 * Node one spawns a shell) and runs only in a trusted workspace.
 */
import * as path from 'node:path';
import { analyze, appliesTo, kindOf, rulesFor } from '../analyze';
import type { AutoCheck, Checklist, ChecklistItem, EffectiveConfig, RuleSetting } from '../config/types';
import { DEFAULT_COMMAND_TIMEOUT_S } from '../config/schema';
import { INTERNAL_ERROR, type Host, type Kind, type Rule } from '../types';
import { OUTPUT_LIMIT, truncateMiddle, type AutoCheckResult, type AutoFinding } from './record';

/** An output to check: absolute path, and its text (undefined when it is not a readable text file). */
export interface AutoCheckOutput {
  path: string;
  text: string | undefined;
}

export interface CommandRequest {
  /** Run by the platform's shell. */
  command: string;
  cwd: string;
  timeoutMs: number;
  /** Added to the inherited environment. */
  env: Record<string, string>;
}

export interface CommandOutcome {
  /** Null when the process did not exit by itself (killed, timed out, never started). */
  exitCode: number | null;
  signal: string | null;
  /** stdout and stderr, interleaved as they came; the runner may cut its middle. */
  output: string;
  timedOut: boolean;
  /** Set when the command could not be started at all. */
  error?: string;
}

export type CommandRunner = (request: CommandRequest) => Promise<CommandOutcome>;

export interface RunAutoChecksInput {
  checklist: Checklist;
  outputs: readonly AutoCheckOutput[];
  /** Repository root: result paths are relative to it and commands run in it. */
  root: string;
  /** The config in force, one for every output or per output (`resolver.forFile`). */
  config: EffectiveConfig | ((absPath: string) => EffectiveConfig);
  host: Host;
  /** False in an untrusted workspace: `command` checks are skipped. */
  trusted: boolean;
  /** Runs `command` checks; without one they are skipped. */
  runCommand?: CommandRunner;
  /** Only the items with these ids (e.g. to re-run one). */
  only?: readonly string[];
}

/** The rule each built-in check type runs. */
export const CHECK_RULES = {
  'no-placeholders': 'unresolved-placeholder',
  'references-exist': 'broken-reference',
  'no-secrets': 'secret-in-prompt',
} as const;

/** One result per item with an `auto` check, in checklist order. Never throws for a failing check. */
export async function runAutoChecks(input: RunAutoChecksInput): Promise<AutoCheckResult[]> {
  const results: AutoCheckResult[] = [];
  for (const item of input.checklist.items) {
    if (!item.auto || (input.only && !input.only.includes(item.id))) continue;
    try {
      results.push(await runOne(item, item.auto, input));
    } catch (error) {
      results.push(result(item, 'error', `The check failed to run: ${describe(error)}.`));
    }
  }
  return results;
}

function runOne(item: ChecklistItem, auto: AutoCheck, input: RunAutoChecksInput): Promise<AutoCheckResult> {
  switch (auto.type) {
    case 'no-placeholders':
    case 'references-exist':
    case 'no-secrets':
      return analyzerCheck(item, [CHECK_RULES[auto.type]], undefined, input);
    case 'rules':
      return analyzerCheck(item, auto.rules, auto.kind, input);
    case 'command':
      return commandCheck(item, auto.command, auto.timeout ?? DEFAULT_COMMAND_TIMEOUT_S, input);
  }
}

function result(item: ChecklistItem, status: AutoCheckResult['status'], message: string, findings: AutoFinding[] = []): AutoCheckResult {
  return { itemId: item.id, type: (item.auto as AutoCheck).type, status, message, findings };
}

async function analyzerCheck(item: ChecklistItem, ruleIds: readonly string[], kind: Kind | undefined, input: RunAutoChecksInput): Promise<AutoCheckResult> {
  const findings: AutoFinding[] = [];
  const failures: string[] = [];
  const notChecked: string[] = [];
  let checkedFiles = 0;
  let references = 0;
  for (const output of input.outputs) {
    const rel = repoPath(input.root, output.path);
    if (output.text === undefined) {
      notChecked.push(`${rel} (not a readable text file)`);
      continue;
    }
    const base = typeof input.config === 'function' ? input.config(output.path) : input.config;
    const all = rulesFor(base);
    const byId = new Map(all.map((r) => [r.meta.id, r]));
    const unknown = ruleIds.filter((id) => !byId.has(id));
    if (unknown.length) return result(item, 'error', `Unknown rule ${unknown.map((id) => `'${id}'`).join(', ')}: the config defines no such rule.`);
    const fileKind = kind ?? kindOf(output.path, base);
    const running = ruleIds.filter((id) => appliesTo(byId.get(id) as Rule<unknown>, fileKind));
    if (running.length === 0) {
      notChecked.push(`${rel} (${ruleIds.length === 1 ? 'the rule does' : 'the rules do'} not apply to ${fileKind ? `'${fileKind}' files` : 'files of no kind'}; set \`kind\`)`);
      continue;
    }
    const rules: Record<string, RuleSetting> = {};
    for (const r of all) {
      const on = running.includes(r.meta.id);
      rules[r.meta.id] = on ? { severity: 'error', ...(base.rules[r.meta.id]?.options === undefined ? {} : { options: base.rules[r.meta.id]?.options }) } : { severity: 'off' };
    }
    const config: EffectiveConfig = { ...base, rules, requireSuppressionReason: false, reportUnusedSuppressions: false };
    const analysis = await analyze({ path: output.path, text: output.text, ...(kind ? { kind } : {}) }, config, input.host);
    checkedFiles++;
    references += analysis.document.references.length;
    for (const f of analysis.findings) {
      if (f.ruleId === INTERNAL_ERROR) failures.push(`${rel}: ${f.message}`);
      else findings.push({ path: rel, line: f.range.start.line + 1, message: ruleIds.length > 1 || item.auto?.type === 'rules' ? `${f.message} (${f.ruleId})` : f.message });
    }
  }
  const skippedNote = notChecked.length ? ` Not checked: ${notChecked.join(', ')}.` : '';
  if (failures.length) return result(item, 'error', `The check could not finish: ${failures.join('; ')}.${skippedNote}`, findings);
  if (checkedFiles === 0) return result(item, 'skipped', `Nothing was checked.${skippedNote}`);
  const type = (item.auto as AutoCheck).type;
  const files = plural(checkedFiles, 'file');
  if (findings.length === 0) {
    const pass: Record<AutoCheck['type'], string> = {
      'no-placeholders': `No placeholders left in ${files}.`,
      'references-exist': references ? `Every reference resolves (${plural(references, 'reference')} in ${files}).` : `No references to check in ${files}.`,
      'no-secrets': `No credentials found in ${files}.`,
      rules: `No findings from ${ruleIds.map((id) => `'${id}'`).join(', ')} in ${files}.`,
      command: '',
    };
    return result(item, 'pass', pass[type] + skippedNote);
  }
  const inFiles = plural(new Set(findings.map((f) => f.path)).size, 'file');
  const fail: Record<AutoCheck['type'], string> = {
    'no-placeholders': `${plural(findings.length, 'placeholder')} left in ${inFiles}.`,
    'references-exist': `${plural(findings.length, 'reference')} in ${inFiles} ${findings.length === 1 ? 'points' : 'point'} to nothing.`,
    'no-secrets': `${plural(findings.length, 'credential')} found in ${inFiles} (the values are not shown).`,
    rules: `${plural(findings.length, 'finding')} from ${ruleIds.map((id) => `'${id}'`).join(', ')} in ${inFiles}.`,
    command: '',
  };
  return result(item, 'fail', fail[type] + skippedNote, findings);
}

async function commandCheck(item: ChecklistItem, command: string, timeoutS: number, input: RunAutoChecksInput): Promise<AutoCheckResult> {
  if (!input.trusted) {
    return result(item, 'skipped', `Not run: commands run only in a trusted workspace. Trust the workspace to run \`${command}\`.`);
  }
  if (!input.runCommand) return result(item, 'skipped', `Not run: commands cannot run here; run \`${command}\` yourself.`);
  const outcome = await input.runCommand({
    command,
    cwd: input.root,
    timeoutMs: Math.round(timeoutS * 1000),
    env: {
      PROMPTCOACH_OUTPUTS: input.outputs.map((o) => repoPath(input.root, o.path)).join('\n'),
      PROMPTCOACH_CHECKLIST: input.checklist.id,
    },
  });
  const withOutput = (r: AutoCheckResult): AutoCheckResult => (outcome.output ? { ...r, output: truncateMiddle(outcome.output, OUTPUT_LIMIT) } : r);
  if (outcome.error !== undefined) return withOutput(result(item, 'error', `Could not run \`${command}\`: ${outcome.error}.`));
  if (outcome.timedOut) return withOutput(result(item, 'error', `Timed out after ${formatSeconds(timeoutS)} s: \`${command}\` was stopped.`));
  if (outcome.exitCode === 0) return withOutput(result(item, 'pass', `\`${command}\` exited with 0.`));
  const how = outcome.exitCode === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with ${outcome.exitCode}`;
  return withOutput(result(item, 'fail', `\`${command}\` ${how}.`));
}

/** Repository-relative, `/`-separated. */
export function repoPath(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}

function formatSeconds(s: number): string {
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] || error.name : String(error);
}
