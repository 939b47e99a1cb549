/** Text edits the server builds itself (as opposed to a rule's fixes, which arrive as data). */
import type { TextEdit } from 'vscode-languageserver/node';
import { LineIndex } from '../core/text';

/**
 * One edit that turns `before` into `after`, replacing only the span between their common prefix
 * and common suffix, so the cursor and folding outside it stay put. Undefined when they are equal.
 */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a surrogate pair or a CRLF.
  if (start > 0 && isLowSurrogate(before.charCodeAt(start)) ) start--;
  if (start > 0 && before.charCodeAt(start - 1) === 13) start--;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
    endBefore++;
    endAfter++;
  }
  if (endBefore < before.length && before.charCodeAt(endBefore) === 10 && before.charCodeAt(endBefore - 1) === 13) {
    endBefore++;
    endAfter++;
  }
  const lines = new LineIndex(before);
  return { range: lines.range(start, endBefore), newText: after.slice(start, endAfter) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
