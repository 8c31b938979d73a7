import { describe, expect, it } from 'vitest';
import { Utf8ChunkDecoder } from '../../src/providers/utf8-chunk-decoder.js';

/** The reference: one streaming TextDecoder, as the body reader used before. */
function reference(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder('utf-8');
  let out = '';
  for (const chunk of chunks) out += decoder.decode(chunk, { stream: true });
  return out + decoder.decode();
}

function ours(chunks: Uint8Array[]): string {
  const decoder = new Utf8ChunkDecoder();
  let out = '';
  for (const chunk of chunks) out += decoder.push(chunk);
  return out + decoder.end();
}

// BOM, 2/3/4-byte sequences, then broken ones: lone continuation, overlong lead, bad second byte, surrogate, cut 4-byte sequence at EOF
const BYTES = Uint8Array.from([
  0xef, 0xbb, 0xbf, 0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0x0a, 0x80, 0xc0, 0xaf, 0xe0, 0x80, 0x41, 0xed, 0xa0, 0x80, 0xef, 0xbb, 0xbf,
  0xf4, 0x90, 0x80, 0x80, 0xff, 0xf0, 0x9f, 0x98,
]);

describe('Utf8ChunkDecoder', () => {
  it('matches a streaming TextDecoder on whole input, every two-way split and one byte at a time', () => {
    expect(ours([BYTES])).toBe(reference([BYTES]));
    for (let i = 0; i <= BYTES.length; i++) {
      const split = [BYTES.subarray(0, i), BYTES.subarray(i)];
      expect(ours(split), `split at ${i}`).toBe(reference(split));
    }
    const single = [...BYTES].map((b) => Uint8Array.of(b));
    expect(ours(single)).toBe(reference(single));
  });

  it('matches on every three-way split (sequences cut twice, empty chunks)', () => {
    for (let i = 0; i <= BYTES.length; i++) {
      for (let j = i; j <= BYTES.length; j++) {
        const split = [BYTES.subarray(0, i), BYTES.subarray(i, j), BYTES.subarray(j)];
        expect(ours(split), `split at ${i},${j}`).toBe(reference(split));
      }
    }
  });

  it('drops only a leading BOM, even when it arrives one byte at a time', () => {
    expect(ours([Uint8Array.of(0xef), Uint8Array.of(0xbb), Uint8Array.of(0xbf, 0x41)])).toBe('A');
    expect(ours([Uint8Array.of(0x41), Uint8Array.of(0xef, 0xbb, 0xbf)])).toBe('A\ufeff');
  });
});
