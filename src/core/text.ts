/** Offsets ↔ positions for one text, built once per document. */
import type { Position, Range } from './types';

export class LineIndex {
  /** Offset at which each line starts (a typed array: sized once, no garbage from growing it). */
  private readonly starts: Uint32Array;

  constructor(
    readonly text: string,
    known?: Uint32Array,
  ) {
    if (known) {
      this.starts = known;
      return;
    }
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) count++;
    const starts = new Uint32Array(count);
    let n = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts[n++] = i + 1;
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts[n++] = i + 1;
      }
    }
    this.starts = starts;
  }

  /**
   * The index of `text`, which is `previous.text` with `[start, oldEnd)` replaced by the text at
   * `[start, newEnd)`: the line starts before the change are kept, those after it moved, and only
   * the lines around it scanned (a keystroke in a 300 KB file need not scan it all).
   */
  static edited(previous: LineIndex, text: string, change: { start: number; oldEnd: number; newEnd: number }): LineIndex {
    const old = previous.starts;
    const delta = change.newEnd - change.oldEnd;
    // Kept: starts up to the line holding the character before the change (whether a start is one
    // can depend on that character and the next: `\r` then `\n`).
    const from = lineOf(old, Math.max(0, change.start - 1));
    // Moved: starts past the character after the old change, whose line breaks are unchanged.
    let to = from;
    while (to < old.length && (old[to] as number) <= change.oldEnd + 1) to++;
    const scanFrom = old[from] as number;
    const scanTo = to < old.length ? (old[to] as number) + delta : text.length;
    const found: number[] = [];
    for (let i = scanFrom; i < scanTo; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) found.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        found.push(i + 1);
      }
    }
    // The scan ends at the first moved start, which it finds again.
    if (to < old.length) found.pop();
    const starts = new Uint32Array(from + 1 + found.length + (old.length - to));
    starts.set(old.subarray(0, from + 1));
    starts.set(found, from + 1);
    for (let k = to, n = from + 1 + found.length; k < old.length; k++, n++) starts[n] = (old[k] as number) + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    // Between the CR and the LF of one line break is past the end of the line: the break's start.
    if (clamped > 0 && this.text.charCodeAt(clamped - 1) === 13 && this.text.charCodeAt(clamped) === 10) clamped--;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - (this.starts[lo] as number) };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line] as number;
    const next = position.line + 1 < this.starts.length ? (this.starts[position.line + 1] as number) : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  /** Text of line `line` without its line break. */
  lineText(line: number): string {
    const start = this.starts[line];
    if (start === undefined) return '';
    const next = line + 1 < this.starts.length ? (this.starts[line + 1] as number) : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] as number;
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function compareRanges(a: Range, b: Range): number {
  return comparePositions(a.start, b.start) || comparePositions(a.end, b.end);
}

/** Replaces every character but line breaks with a space, so offsets survive masking. */
export function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

/** The index of the last line start at or before `offset`. */
function lineOf(starts: Uint32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
