/** "Did you mean …?" for mistyped rule ids and commands. */
import { editDistance } from '../core/edit-distance';


/** Up to three candidates close to `input`, best first. */
export function suggest(input: string, candidates: readonly string[]): string[] {
  const q = input.toLowerCase();
  const scored = candidates
    .map((c) => {
      const lc = c.toLowerCase();
      const d = editDistance(q, lc);
      const contains = q.length >= 3 && (lc.includes(q) || q.includes(lc));
      return { c, score: contains ? Math.min(d, 1) : d };
    })
    .filter(({ c, score }) => score <= Math.max(2, Math.floor(c.length / 3)))
    .sort((a, b) => a.score - b.score || (a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
  return scored.slice(0, 3).map((s) => s.c);
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  const s = suggest(input, candidates);
  if (s.length === 0) return '';
  return ` Did you mean ${s.map((x) => `'${x}'`).join(' or ')}?`;
}
