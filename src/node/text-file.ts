/**
 * Bytes on disk to text, or why they are not text: the one place the CLI, the language server and
 * the inspection checks decide what they read. A NUL byte in the first 8 KB marks a binary file
 * (UTF-16 text has them too, and is not read); bytes that are not valid UTF-8 are not guessed at
 * (decoding them would put U+FFFD where the author wrote something else, and every offset after
 * it would point at the wrong character).
 */

/** How much of a file is looked at for a NUL byte. */
export const BINARY_SNIFF_BYTES = 8192;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of `bytes`, or the reason it is not read as text (a clause: "it looks binary …"). */
export function decodeText(bytes: Uint8Array): string | { reason: string } {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { reason: 'it looks binary (it has a NUL byte)' };
  try {
    return UTF8.decode(bytes);
  } catch {
    return { reason: `it is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); save it as UTF-8` };
  }
}

/** The offset of the first byte that breaks UTF-8 in `bytes` (its length when none does). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong three- and four-byte forms, surrogates and code points past U+10FFFF.
    const second = bytes[i + 1] as number;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += need + 1;
  }
  return bytes.length;
}
