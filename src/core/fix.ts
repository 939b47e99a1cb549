/** Applies fixes (data) to text: the one place edits become a new string. */
import { LineIndex } from './text';
import type { Finding, TextEdit } from './types';

export interface FixResult {
  text: string;
  /** How many findings' fixes went in (overlapping ones wait for the next pass). */
  applied: number;
}

/**
 * Applies the preferred fix of each finding that has one. Fixes whose edits overlap an earlier
 * fix are skipped; call again after re-analysis to apply them (as `--fix` does, up to 10 passes).
 */
export function applyFixes(text: string, findings: readonly Finding[]): FixResult {
  const lines = new LineIndex(text);
  type Span = { start: number; end: number; newText: string };
  const groups: Span[][] = [];
  for (const f of findings) {
    const fix = f.fixes?.[0];
    if (!fix || fix.edits.length === 0) continue;
    groups.push(fix.edits.map((e: TextEdit) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })));
  }
  groups.sort((a, b) => Math.min(...a.map((s) => s.start)) - Math.min(...b.map((s) => s.start)));
  const accepted: Span[] = [];
  let applied = 0;
  const overlaps = (s: Span) => accepted.some((a) => s.start < a.end && a.start < s.end || (s.start === s.end && a.start === s.start && a.end === s.end));
  for (const group of groups) {
    if (group.some(overlaps)) continue;
    accepted.push(...group);
    applied++;
  }
  accepted.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of accepted) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return { text: out, applied };
}
