/**
 * Decodes a UTF-8 byte stream chunk by chunk, with the same output as one
 * `TextDecoder('utf-8')` in `{ stream: true }` mode (replacement characters
 * for bad bytes, a leading BOM dropped, a sequence cut at the end of a chunk
 * completed by the next one, an unfinished one at EOF replaced).
 *
 * Why not that TextDecoder: Node's streaming mode is several times slower per
 * byte than a one-shot decode. Here each chunk is decoded in one shot up to
 * its last complete sequence; the (at most 3) bytes of a sequence still open
 * at the chunk's end wait for the next chunk. A chunk cut always falls just
 * before a lead byte, where the UTF-8 decoding algorithm holds no state, so
 * the text is the same as decoding the whole body at once.
 */
/** Shared: used only for one-shot decodes of complete sequences, so it holds no state between calls (and building one per stream costs µs). */
const DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

export class Utf8ChunkDecoder {
  private readonly decoder = DECODER;
  private pending: Uint8Array | undefined;
  private atStart = true;

  push(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.pending !== undefined) {
      bytes = new Uint8Array(this.pending.length + chunk.length);
      bytes.set(this.pending, 0);
      bytes.set(chunk, this.pending.length);
      this.pending = undefined;
    }
    const cut = completeLength(bytes);
    if (cut < bytes.length) this.pending = bytes.slice(cut);
    if (cut === 0) return '';
    return this.emit(this.decoder.decode(cut === bytes.length ? bytes : bytes.subarray(0, cut)));
  }

  /** The end of the stream: an unfinished sequence becomes U+FFFD. */
  end(): string {
    const rest = this.pending;
    this.pending = undefined;
    return rest === undefined ? '' : this.emit(this.decoder.decode(rest));
  }

  private emit(text: string): string {
    if (!this.atStart || text.length === 0) return text;
    this.atStart = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

/** How many leading bytes end on a sequence boundary: the length minus an unfinished last sequence. */
function completeLength(bytes: Uint8Array): number {
  const length = bytes.length;
  // look back over at most 3 continuation bytes (10xxxxxx) for the last lead byte
  for (let i = length - 1; i >= 0 && i >= length - 4; i--) {
    const byte = bytes[i] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 && byte <= 0xf7 ? 4 : byte >= 0xe0 ? (byte <= 0xef ? 3 : 1) : byte >= 0xc0 ? 2 : 1;
    return length - i < need ? i : length;
  }
  return length;
}
