/**
 * The engine: one parse, every enabled rule, suppressions applied. A rule that throws loses only
 * its own findings and leaves one `internal-error` finding naming it.
 */
import * as path from 'node:path';
import { coachFindings, levelSeverity } from './coaching';
import type { EffectiveConfig, RuleSetting } from './config/types';
import { buildPromptDocument, parseMarkdown, parsePromptDocument, restrictDocument, type PromptDocument } from './document';
import { changeBetween, reparse, type Reparse, type TextChange } from './incremental';
import { kindMatcher } from './kinds';
import { RULES } from './rules';
import { applySuppressions, parseSuppressions } from './suppressions';
import { directionApplies, isEnglish, rememberTextsFor } from './rules/util';
import { maskSecrets } from './secrets';
import { compareRanges, LineIndex } from './text';
import { INTERNAL_ERROR, type Finding, type Host, type Kind, type Range, type Rule, type Severity } from './types';

export interface AnalyzeInput {
  /** Absolute path; it decides the kind and resolves relative references. */
  path: string;
  text: string;
  /** Overrides the kind the config's `files` globs would give. */
  kind?: Kind;
}

export interface AnalysisResult {
  document: PromptDocument;
  findings: Finding[];
  /** What `reanalyze` builds on after an edit. */
  basis?: AnalysisBasis;
  /** After `reanalyze`: the part of the text that was parsed and checked again (the rest was re-used). */
  window?: TextChange;
}

/**
 * A time budget for each rule on one file, kept by the caller from one analysis of the file to the
 * next. A rule that takes longer than `ms` (or whose promise has not settled by then) is paused:
 * its findings are missing from then on, in their place one `internal-error` finding says why, and
 * the other rules go on. A rule that never returns cannot be stopped from the same thread.
 */
export interface RuleBudget {
  ms: number;
  /** The paused rules, with the milliseconds each took (or had taken when it was given up on). */
  paused: Map<string, number>;
}

/** Each block-scoped rule's own findings, and what they were found under. */
export interface AnalysisBasis {
  config: EffectiveConfig;
  /** The file-level facts block-scoped rules may read (`blockFacts`). */
  facts: string;
  byRule: Map<string, Finding[]>;
}

/** The kind of a file under a config, or undefined when no `files` glob matches it. */
export function kindOf(filePath: string, config: Pick<EffectiveConfig, 'root' | 'files'>): Kind | undefined {
  let rel = path.relative(config.root, filePath);
  // Outside the root (`prompt-coach lint ../other`): globs such as `**/AGENTS.md` still apply,
  // matched against the path from the filesystem root.
  if (rel.startsWith('..') || path.isAbsolute(rel)) rel = path.resolve(filePath).slice(path.parse(path.resolve(filePath)).root.length);
  return kindMatcher(config.files).kindOf(rel.split(path.sep).join('/'));
}

/** Every rule the config knows: built-in first, then its custom rules. */
export function rulesFor(config: Pick<EffectiveConfig, 'customRules'>): Rule<unknown>[] {
  return [...(RULES as Rule<unknown>[]), ...config.customRules];
}

export function settingFor(rule: Rule<unknown>, config: Pick<EffectiveConfig, 'rules'>): RuleSetting {
  return config.rules[rule.meta.id] ?? { severity: rule.meta.defaultSeverity };
}

export function appliesTo(rule: Rule<unknown>, kind: Kind | undefined): boolean {
  if (rule.meta.kinds === 'all') return true;
  return kind !== undefined && rule.meta.kinds.includes(kind);
}

export interface AnalyzeOptions {
  /** Adds each rule's run time in milliseconds (for the corpus table and benchmarks). */
  timings?: Map<string, number>;
  /** How long one rule may take on this file (the language server's, while someone types). */
  budget?: RuleBudget;
  /** Told when each rule starts (its id) and ends (undefined): the language server's watchdog listens. */
  onRule?: (ruleId: string | undefined) => void;
  /** The time rules see as now (milliseconds since the epoch); default `Date.now()`. */
  now?: number;
}

export async function analyze(
  input: AnalyzeInput,
  config: EffectiveConfig,
  host: Host,
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  const kind = input.kind ?? kindOf(input.path, config);
  const document = parsePromptDocument({ path: input.path, text: input.text, kind });
  return runRules(document, config, host, options);
}

/**
 * The analysis of `input` after an edit of the text `previous` analysed: only the top-level blocks
 * the edit touched are parsed again (`reparse`), and block-scoped rules re-check only those,
 * keeping their findings elsewhere; document-scoped rules run again on the whole file. The
 * findings are the ones `analyze` gives (a property test holds it to that). `previous` is taken
 * over: its tree becomes part of the new one (the blocks after the edit move in place), so its
 * document's `ast` must not be read afterwards; its other fields stay as they were.
 */
export async function reanalyze(
  previous: AnalysisResult,
  input: AnalyzeInput,
  config: EffectiveConfig,
  host: Host,
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  const kind = input.kind ?? kindOf(input.path, config);
  const before = previous.document;
  if (previous.basis?.config !== config || before.path !== input.path || before.kind !== kind) return analyze(input, config, host, options);
  const change = changeBetween(before.text, input.text);
  const lines = change ? LineIndex.edited(before.lines, input.text, change) : before.lines;
  const edit = change ? reparse(before, input.text, lines, change) : undefined;
  if (before.text !== input.text && !edit) {
    return runRules(buildPromptDocument({ path: input.path, text: input.text, kind }, parseMarkdown(input.text), lines), config, host, options);
  }
  const document = edit ? buildPromptDocument({ path: input.path, text: input.text, kind }, edit.ast, lines, { doc: before, edit }) : before;
  return runRules(document, config, host, options, { basis: previous.basis, edit });
}

interface Reuse {
  basis: AnalysisBasis;
  /** Undefined when the text did not change (the host or the time may have). */
  edit: Reparse | undefined;
}

async function runRules(document: PromptDocument, config: EffectiveConfig, host: Host, options: AnalyzeOptions, reuse?: Reuse): Promise<AnalysisResult> {
  const findings: Finding[] = [];
  const now = options.now ?? Date.now();
  const filePath = document.path;
  const kind = document.kind;
  const byRule = new Map<string, Finding[]>();
  const level = config.coachingLevel;
  // Each rule that runs, with its setting and the severity the coaching level gives it.
  const rules: { rule: Rule<unknown>; setting: RuleSetting; severity: Severity }[] = [];
  for (const rule of rulesFor(config)) {
    const setting = settingFor(rule, config);
    const severity = levelSeverity(setting.severity, rule, level);
    if (severity !== 'off' && appliesTo(rule, kind)) rules.push({ rule, setting, severity });
  }
  rememberTextsFor(document);
  const facts = rules.some((r) => r.rule.meta.scope === 'block') ? blockFacts(document) : '';
  const reusable = reuse && reuse.basis.facts === facts ? reuse : undefined;
  const view = reusable?.edit ? restrictDocument(document, reusable.edit.window.start, reusable.edit.window.newEnd) : undefined;

  const budget = options.budget;
  for (const { rule, setting, severity } of rules) {
    const id = rule.meta.id;
    const pausedAfter = budget?.paused.get(id);
    if (budget && pausedAfter !== undefined) {
      findings.push(overBudget(id, pausedAfter, budget.ms, document));
      continue;
    }
    const kept = rule.meta.scope === 'block' ? reusable?.basis.byRule.get(id) : undefined;
    if (kept && reusable && !reusable.edit) {
      // Same text: a block-scoped rule's findings stand as they were.
      byRule.set(id, kept);
      findings.push(...kept);
      continue;
    }
    const own: Finding[] = [];
    const started = options.timings || budget ? performance.now() : 0;
    options.onRule?.(id);
    try {
      const checked = rule.check({
        doc: kept && view ? view : document,
        options: setting.options ?? defaultOptions(rule),
        host,
        root: config.root,
        now,
        report(r) {
          // Messages quote the file: a secret in it must not reach a report in clear.
          const finding: Finding = { ruleId: id, severity, message: maskSecrets(r.message), range: r.range, path: filePath };
          if (r.fixes?.length) finding.fixes = r.fixes.map((fix) => ({ ...fix, title: maskSecrets(fix.title) }));
          own.push(finding);
        },
      });
      if (checked instanceof Promise) {
        if (!budget) await checked;
        else if ((await settledWithin(checked, budget.ms)) === 'late') {
          const took = Math.round(performance.now() - started);
          budget.paused.set(id, took);
          findings.push(overBudget(id, took, budget.ms, document));
          continue;
        }
      }
      // Over the budget but done: this run's findings stand, and the rule is paused from the next run on.
      const took = budget ? performance.now() - started : 0;
      if (budget && took > budget.ms) budget.paused.set(id, Math.round(took));
      const all = kept && reusable?.edit ? [...carryOver(kept, reusable.edit), ...own.filter((f) => inWindow(f, reusable.edit as Reparse))] : own;
      if (rule.meta.scope === 'block') byRule.set(id, all);
      findings.push(...all);
    } catch (error) {
      findings.push({
        ruleId: INTERNAL_ERROR,
        severity: 'error',
        message: `Rule '${id}' failed on this file and its findings are missing: ${describe(error)}. Report this with the file attached.`,
        range: document.range(0, 0),
        path: filePath,
      });
    } finally {
      options.onRule?.(undefined);
    }
    if (options.timings) options.timings.set(id, (options.timings.get(id) ?? 0) + performance.now() - started);
  }

  const suppressions = parseSuppressions(document);
  const result = applySuppressions(findings, suppressions, document, {
    requireReason: config.requireSuppressionReason,
    reportUnused: config.reportUnusedSuppressions,
    knownRuleIds: new Set(rulesFor(config).map((r) => r.meta.id)),
  });
  const byId = new Map(rulesFor(config).map((r) => [r.meta.id, r]));
  const analysis: AnalysisResult = { document, findings: sortFindings(coachFindings(result, config, byId, level)), basis: { config, facts, byRule } };
  if (reuse?.edit) analysis.window = reuse.edit.window;
  return analysis;
}

/** Whether a promise settles (resolves or rejects: a rejection is rethrown) within `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<'settled' | 'late'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    return await Promise.race([promise.then(() => 'settled' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

function overBudget(id: string, tookMs: number, budgetMs: number, document: PromptDocument): Finding {
  return {
    ruleId: INTERNAL_ERROR,
    severity: 'error',
    message: `Rule '${id}' took ${tookMs} ms on this file, over the ${budgetMs} ms one rule may take, and is paused for it: its findings are missing until the file is opened again. Report this with the file attached.`,
    range: document.range(0, 0),
    path: document.path,
  };
}

/**
 * What a block-scoped rule may read besides its block: when any of it changes, every block is
 * checked again.
 */
function blockFacts(doc: PromptDocument): string {
  return JSON.stringify([doc.frontmatter?.raw ?? null, isEnglish(doc), directionApplies(doc), doc.allSections.map((s) => `${s.depth} ${s.title}`)]);
}

/** A rule's findings outside the re-parsed window: those before it as they were, those after it moved by the lines the edit added. */
function carryOver(findings: readonly Finding[], edit: Reparse): Finding[] {
  const shift = edit.newEndLine - edit.oldEndLine;
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.range.start.line < edit.startLine) out.push(f);
    else if (f.range.start.line > edit.oldEndLine) out.push(shift === 0 ? f : moveFinding(f, shift));
  }
  return out;
}

function inWindow(f: Finding, edit: Reparse): boolean {
  return f.range.start.line >= edit.startLine && f.range.start.line <= edit.newEndLine;
}

function moveFinding(f: Finding, lines: number): Finding {
  const move = (r: Range): Range => ({ start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } });
  const moved: Finding = { ...f, range: move(f.range) };
  if (f.fixes) moved.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: move(e.range) })) }));
  return moved;
}

/** The options a rule runs with when the config names none. */
export function defaultOptions(rule: Rule<unknown>): unknown {
  if (!rule.meta.options) return undefined;
  const parsed = rule.meta.options.safeParse(undefined);
  if (parsed.success) return parsed.data;
  const empty = rule.meta.options.safeParse({});
  return empty.success ? empty.data : undefined;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      compareRanges(a.range, b.range) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return String(error);
}
