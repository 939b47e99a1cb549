/**
 * Review dates in frontmatter, shared by `review-overdue` (is a review due?) and `stale-reference`
 * (has a referenced file changed since the review?).
 *
 * Two keys, each in its common spellings (any case, kebab, snake or camel): `review-by` (the date
 * the next review is due) and `last-reviewed` (the date of the last review). They are read at the
 * top level and under `metadata:` (where the Agent Skills spec puts keys of its own choosing).
 */
import type { PromptDocument } from '../document';
import type { Range } from '../types';

export type ReviewKey = 'review-by' | 'last-reviewed';

export interface ReviewDate {
  which: ReviewKey;
  /** The key as written (`reviewBy`, `last_reviewed`, …). */
  key: string;
  /** The value as written, for messages. */
  written: string;
  /** Midnight UTC of the date, in milliseconds; undefined when the value is not a date. */
  day: number | undefined;
  valueRange: Range;
}

export const DAY_MS = 86_400_000;

const KEYS: Readonly<Record<string, ReviewKey>> = { reviewby: 'review-by', lastreviewed: 'last-reviewed' };

function reviewKey(key: string): ReviewKey | undefined {
  return KEYS[key.toLowerCase().replace(/[-_ ]/g, '')];
}

/**
 * Midnight UTC of an ISO date (`2025-01-31`, optionally with a time, which is ignored), or undefined.
 * YAML 1.1 parsers turn such a value into a `Date`; this project's parser keeps it a string: both count.
 */
export function parseDay(value: unknown): number | undefined {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? undefined : Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate());
  }
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?[ ]?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = Date.UTC(y, mo - 1, d);
  const check = new Date(day);
  // `2025-02-30` is no date.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return day;
}

/** `YYYY-MM-DD` (UTC) of a time in milliseconds. */
export function formatDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Midnight UTC of the day `time` falls on. */
export function dayOf(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

function written(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : formatDay(value.getTime());
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every review date in the frontmatter, in document order. */
export function reviewDates(doc: PromptDocument): ReviewDate[] {
  const fm = doc.frontmatter;
  if (!fm) return [];
  const out: ReviewDate[] = [];
  for (const entry of fm.entries) {
    const which = reviewKey(entry.key);
    if (which) {
      out.push({ which, key: entry.key, written: written(entry.value), day: parseDay(entry.value), valueRange: entry.valueRange });
      continue;
    }
    if (entry.key !== 'metadata' || !entry.value || typeof entry.value !== 'object' || Array.isArray(entry.value)) continue;
    for (const [key, value] of Object.entries(entry.value as Record<string, unknown>)) {
      const nested = reviewKey(key);
      if (!nested) continue;
      out.push({ which: nested, key, written: written(value), day: parseDay(value), valueRange: nestedValueRange(doc, entry.valueRange, key) ?? entry.valueRange });
    }
  }
  return out;
}

/** The range of `key: value` inside a block mapping (the `metadata:` entry), or undefined when written otherwise. */
function nestedValueRange(doc: PromptDocument, within: Range, key: string): Range | undefined {
  const start = doc.lines.offsetAt(within.start);
  const end = doc.lines.offsetAt(within.end);
  const slice = doc.text.slice(start, end);
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(^|\\n)[ \\t]*(["']?)${escaped}\\2[ \\t]*:[ \\t]*([^\\n#]*?)[ \\t]*(?=\\r?\\n|#|$)`).exec(slice);
  if (!m || !m[3]) return undefined;
  const valueStart = start + m.index + m[0].length - m[3].length;
  return doc.range(valueStart, valueStart + m[3].length);
}
