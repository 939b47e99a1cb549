import * as assert from 'node:assert/strict';
import { decodeText, firstInvalidUtf8 } from '../../src/node/text-file';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('reading files as text', () => {
  it('decodes UTF-8, keeping a byte order mark as the first character', () => {
    assert.equal(decodeText(new TextEncoder().encode('Café ✓ 😀')), 'Café ✓ 😀');
    assert.equal(decodeText(bytes(0xef, 0xbb, 0xbf, 0x41)), '\ufeffA');
  });

  it('gives a reason instead of guessing at binary or non-UTF-8 bytes', () => {
    assert.deepEqual(decodeText(bytes(0x41, 0x00, 0x42)), { reason: 'it looks binary (it has a NUL byte)' });
    // UTF-16 text has NUL bytes too.
    assert.deepEqual(decodeText(bytes(0xff, 0xfe, 0x41, 0x00)), { reason: 'it looks binary (it has a NUL byte)' });
    assert.deepEqual(decodeText(bytes(0x43, 0x61, 0x66, 0xe9)), { reason: 'it is not valid UTF-8 (first bad byte at offset 3); save it as UTF-8' });
  });

  it('finds the first byte that breaks UTF-8: stray continuations, overlong forms, surrogates, cut sequences', () => {
    assert.equal(firstInvalidUtf8(new TextEncoder().encode('ok ✓')), 6);
    assert.equal(firstInvalidUtf8(bytes(0x41, 0x80)), 1);
    assert.equal(firstInvalidUtf8(bytes(0xc0, 0x80)), 0);
    assert.equal(firstInvalidUtf8(bytes(0xe0, 0x80, 0x80)), 0);
    assert.equal(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80)), 0);
    assert.equal(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80)), 0);
    assert.equal(firstInvalidUtf8(bytes(0x41, 0xe2, 0x9c)), 1);
  });
});
