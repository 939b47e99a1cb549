/**
 * The engine: one parse, every enabled rule, suppressions applied. A rule that throws loses only
 * its own findings and leaves one `internal-error` finding naming it.
 */
import * as path from 'node:path';
import { coachFindings, levelSeverity } from './coaching';
import type { EffectiveConfig, RuleSetting } from './config/types';
import { parsePromptDocument, type PromptDocument } from './document';
import { kindMatcher } from './kinds';
import { RULES } from './rules';
import { applySuppressions, parseSuppressions } from './suppressions';
import { compareRanges } from './text';
import { INTERNAL_ERROR, type Finding, type Host, type Kind, type Rule, type Severity } from './types';

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
  const findings: Finding[] = [];
  const now = options.now ?? Date.now();

  const level = config.coachingLevel;
  for (const rule of rulesFor(config)) {
    const setting = settingFor(rule, config);
    const levelled = levelSeverity(setting.severity, rule, level);
    if (levelled === 'off' || !appliesTo(rule, kind)) continue;
    const severity: Severity = levelled;
    const own: Finding[] = [];
    const started = options.timings ? performance.now() : 0;
    try {
      await rule.check({
        doc: document,
        options: setting.options ?? defaultOptions(rule),
        host,
        root: config.root,
        now,
        report(r) {
          const finding: Finding = { ruleId: rule.meta.id, severity, message: r.message, range: r.range, path: input.path };
          if (r.fixes?.length) finding.fixes = r.fixes;
          own.push(finding);
        },
      });
      findings.push(...own);
    } catch (error) {
      findings.push({
        ruleId: INTERNAL_ERROR,
        severity: 'error',
        message: `Rule '${rule.meta.id}' failed on this file and its findings are missing: ${describe(error)}. Report this with the file attached.`,
        range: document.range(0, 0),
        path: input.path,
      });
    }
    if (options.timings) {
      const id = rule.meta.id;
      options.timings.set(id, (options.timings.get(id) ?? 0) + performance.now() - started);
    }
  }

  const suppressions = parseSuppressions(document);
  const result = applySuppressions(findings, suppressions, document, {
    requireReason: config.requireSuppressionReason,
    reportUnused: config.reportUnusedSuppressions,
    knownRuleIds: new Set(rulesFor(config).map((r) => r.meta.id)),
  });
  const rules = new Map(rulesFor(config).map((r) => [r.meta.id, r]));
  return { document, findings: sortFindings(coachFindings(result, config, rules, level)) };
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
