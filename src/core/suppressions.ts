/**
 * Inline suppressions in HTML comments, invisible in rendered Markdown:
 *
 *   <!-- promptcoach-disable-next-line vague-language -- the audience defines "some" -->
 *   <!-- promptcoach-disable-line rule-a -->
 *   <!-- promptcoach-disable rule-a, rule-b -->  …  <!-- promptcoach-enable rule-a, rule-b -->
 *   <!-- promptcoach-disable-file secret-in-prompt -- fake keys for the tutorial -->
 *
 * No rule ids means every rule. Text after ` -- ` is the reason.
 */
import type { PromptDocument } from './document';
import { comparePositions } from './text';
import {
  CONFIG_ERROR,
  INTERNAL_ERROR,
  SUPPRESSION_REASON_MISSING,
  UNUSED_SUPPRESSION,
  type Finding,
  type Range,
} from './types';

export type SuppressionKind = 'disable-next-line' | 'disable-line' | 'disable-file' | 'disable' | 'enable';

export interface Suppression {
  kind: SuppressionKind;
  /** Empty: every rule. */
  ruleIds: string[];
  reason: string | undefined;
  /** The whole comment. */
  range: Range;
  startOffset: number;
  endOffset: number;
}

const DIRECTIVE = /<!--\s*promptcoach-(disable-next-line|disable-line|disable-file|disable|enable)\b([\s\S]*?)-->/g;

export function parseSuppressions(doc: PromptDocument): Suppression[] {
  const out: Suppression[] = [];
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(doc.text); m; m = DIRECTIVE.exec(doc.text)) {
    const start = m.index;
    if (doc.codeSpans.some((c) => start >= c.start && start < c.end)) continue;
    const body = (m[2] as string).trim();
    const split = body.search(/(?:^|\s)--(?:\s|$)/);
    const idsPart = split < 0 ? body : body.slice(0, split);
    const reason = split < 0 ? undefined : body.slice(split).replace(/^\s*--\s*/, '').trim() || undefined;
    out.push({
      kind: m[1] as SuppressionKind,
      ruleIds: idsPart.split(/[\s,]+/).filter(Boolean),
      reason,
      range: doc.range(start, start + m[0].length),
      startOffset: start,
      endOffset: start + m[0].length,
    });
  }
  return out;
}

export interface SuppressionOptions {
  requireReason: boolean;
  reportUnused: boolean;
  knownRuleIds: ReadonlySet<string>;
}

const UNSUPPRESSIBLE = new Set([INTERNAL_ERROR, CONFIG_ERROR, UNUSED_SUPPRESSION, SUPPRESSION_REASON_MISSING]);

/** Drops suppressed findings and adds findings for unused, unknown or reason-less suppressions. */
export function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  doc: PromptDocument,
  options: SuppressionOptions,
): Finding[] {
  if (suppressions.length === 0) return findings;
  // For each directive and rule id named (or '*'), whether it suppressed something.
  const used = new Map<Suppression, Set<string>>();
  const mark = (s: Suppression, id: string) => {
    let set = used.get(s);
    if (!set) used.set(s, (set = new Set()));
    set.add(s.ruleIds.length ? id : '*');
  };
  const names = (s: Suppression, id: string) => s.ruleIds.length === 0 || s.ruleIds.includes(id);

  const blocks = suppressions.filter((s) => s.kind === 'disable' || s.kind === 'enable');
  const isSuppressedBy = (f: Finding): Suppression | undefined => {
    for (const s of suppressions) {
      if (!names(s, f.ruleId)) continue;
      if (s.kind === 'disable-file') return s;
      if (s.kind === 'disable-line' && f.range.start.line >= s.range.start.line && f.range.start.line <= s.range.end.line) return s;
      if (s.kind === 'disable-next-line' && f.range.start.line === s.range.end.line + 1) return s;
    }
    // Block directives: the last disable/enable before the finding that names its rule decides.
    let active: Suppression | undefined;
    for (const s of blocks) {
      if (comparePositions(s.range.end, f.range.start) > 0) break;
      if (!names(s, f.ruleId)) continue;
      active = s.kind === 'disable' ? s : undefined;
    }
    return active;
  };

  const kept: Finding[] = [];
  for (const f of findings) {
    const by = UNSUPPRESSIBLE.has(f.ruleId) ? undefined : isSuppressedBy(f);
    if (by) mark(by, f.ruleId);
    else kept.push(f);
  }

  const severity = 'warning' as const;
  for (const s of suppressions) {
    if (s.kind === 'enable') continue;
    for (const id of s.ruleIds) {
      if (!options.knownRuleIds.has(id)) {
        kept.push({
          ruleId: UNUSED_SUPPRESSION,
          severity,
          message: `Unexpected unknown rule '${id}' in a suppression comment, expected a rule id from 'prompt-coach rules'.`,
          range: s.range,
          path: doc.path,
        });
      }
    }
    if (options.requireReason && !s.reason) {
      kept.push({
        ruleId: SUPPRESSION_REASON_MISSING,
        severity,
        message: `Unexpected suppression without a reason, expected '-- why' inside the comment so reviewers know why the standard does not apply.`,
        range: s.range,
        path: doc.path,
      });
    }
    if (!options.reportUnused) continue;
    const hit = used.get(s);
    const unusedIds = s.ruleIds.length
      ? s.ruleIds.filter((id) => options.knownRuleIds.has(id) && !hit?.has(id))
      : hit
        ? []
        : ['*'];
    if (unusedIds.length === 0) continue;
    const whole = unusedIds.length === (s.ruleIds.length || 1);
    const what = unusedIds[0] === '*' ? 'any rule' : unusedIds.map((id) => `'${id}'`).join(', ');
    const finding: Finding = {
      ruleId: UNUSED_SUPPRESSION,
      severity,
      message: `Unexpected unused suppression of ${what}: nothing here is reported, remove it so real findings are not hidden later.`,
      range: s.range,
      path: doc.path,
    };
    if (whole) finding.fixes = [{ title: 'Remove the unused suppression comment', edits: [removeCommentEdit(doc, s)] }];
    kept.push(finding);
  }
  return kept;
}

/** Removes the comment, and its line when nothing else stands on it. */
function removeCommentEdit(doc: PromptDocument, s: Suppression) {
  const { text } = doc;
  const lineStart = text.lastIndexOf('\n', s.startOffset - 1) + 1;
  let lineEnd = text.indexOf('\n', s.endOffset);
  if (lineEnd < 0) lineEnd = text.length;
  const alone = text.slice(lineStart, s.startOffset).trim() === '' && text.slice(s.endOffset, lineEnd).trim() === '';
  if (alone) {
    const end = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    return { range: doc.range(lineStart, end), newText: '' };
  }
  return { range: s.range, newText: '' };
}
