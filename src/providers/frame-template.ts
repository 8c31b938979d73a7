/**
 * A learned template of a stream frame: the exact text of a frame already
 * decoded by `JSON.parse`, with a few string values cut out as holes (the
 * text delta, a per-event nonce). A later frame that is byte-for-byte the
 * same outside the holes, and has a valid JSON string literal in each hole,
 * parses to the same object with only those strings replaced, so a decoder
 * can take its decision from the hole values alone.
 *
 * Why: a streamed answer is mostly the same chunk repeated with a different
 * delta (an OpenAI chat chunk is ~330 bytes around a 2–10 character delta),
 * and `JSON.parse` of each costs 1.5–3 µs, most of the provider layer's CPU
 * time on a burst of events. Matching is a few native string comparisons and
 * one sticky regex per hole. A frame that does not match takes the general
 * path, so the template never changes what is decoded, only how fast.
 */
export type HolePath = readonly (string | number)[];

export class FrameTemplate {
  private constructor(
    /** The text around the holes: `segments[i]` precedes the i-th hole in text order; the last one ends the frame. */
    private readonly segments: readonly string[],
    /** For the i-th hole in text order, its index in the `holes` given to `learn`. */
    private readonly order: readonly number[],
    /** How many of the holes (in `learn` order) `match` returns. */
    private readonly wanted: number,
  ) {
    this.values = new Array<string>(wanted).fill('');
  }

  private readonly values: string[];

  /**
   * Learns a template from a frame and its `JSON.parse` result. Each hole is
   * the string value at a path ending in a key `K`, found in the text as the
   * only `"K"`, immediately followed by `:` and a string literal. Undefined
   * when that cannot be made sure of: a hole value that is not a string, `"K"`
   * written more than once or with a space before the colon, or a backslash
   * anywhere outside the holes (an escaped key could spell `K` unseen).
   *
   * Why that is enough: with no escape outside the holes, every key is
   * written literally, so the parsed value's `K` at the path is a literal
   * `"K"` in the text, and the only one. A frame equal to this one outside
   * the holes, with a valid string literal in each, is then this JSON with
   * only those values changed.
   */
  static learn(frame: string, parsed: unknown, holes: readonly HolePath[], wanted = holes.length): FrameTemplate | undefined {
    const found: { start: number; end: number; hole: number }[] = [];
    for (let k = 0; k < holes.length; k++) {
      const path = holes[k] as HolePath;
      const key = path[path.length - 1];
      if (typeof key !== 'string' || typeof valueAt(parsed, path) !== 'string') return undefined;
      // `"K"` written once in the whole frame, as a key right before its value (compact: no space around `:`)
      const token = `"${key}"`;
      const at = frame.indexOf(token);
      if (at < 0 || frame.indexOf(token, at + 1) >= 0 || frame.charCodeAt(at + token.length) !== 58) return undefined;
      const start = at + token.length + 1;
      const end = stringLiteralEnd(frame, start);
      if (end < 0) return undefined;
      found.push({ start, end, hole: k });
    }
    found.sort((a, b) => a.start - b.start);
    const segments: string[] = [];
    let from = 0;
    for (const hole of found) {
      if (hole.start < from) return undefined;
      segments.push(frame.slice(from, hole.start));
      from = hole.end;
    }
    segments.push(frame.slice(from));
    if (segments.some((segment) => segment.includes('\\'))) return undefined;
    return new FrameTemplate(
      segments,
      found.map((f) => f.hole),
      wanted,
    );
  }

  /**
   * The values of the first `wanted` holes of `frame` (in the order of the
   * `holes` given to `learn`; the others are only checked), or undefined when
   * it does not match. The array is reused: read it before the next `match`.
   */
  match(frame: string): readonly string[] | undefined {
    const segments = this.segments;
    const order = this.order;
    const wanted = this.wanted;
    const holes = segments.length - 1;
    const values = this.values;
    let pos = 0;
    for (let k = 0; k < holes; k++) {
      const segment = segments[k] as string;
      const after = pos + segment.length;
      // a substring compared with `===` is a memcmp; `startsWith` compares char by char (several times slower)
      if (frame.substring(pos, after) !== segment) return undefined;
      pos = after;
      const end = stringLiteralEnd(frame, pos);
      if (end < 0) return undefined;
      const hole = order[k] as number;
      if (escaped) {
        // JSON.parse decodes the escapes and rejects invalid ones, wanted or not
        let value: unknown;
        try {
          value = JSON.parse(frame.slice(pos, end));
        } catch {
          return undefined;
        }
        if (hole < wanted) values[hole] = value as string;
      } else if (hole < wanted) {
        values[hole] = frame.slice(pos + 1, end - 1);
      }
      pos = end;
    }
    const last = segments[holes] as string;
    return pos + last.length === frame.length && frame.substring(pos) === last ? values : undefined;
  }
}

/** Set by {@link stringLiteralEnd}: the literal has escapes (its value needs `JSON.parse`, which also validates them). */
let escaped = false;

/**
 * End (after the closing quote) of the string literal at `start`, or -1 when
 * there is none. A literal without escapes is checked here (no control
 * characters); one with escapes is only delimited, and sets `escaped`.
 */
function stringLiteralEnd(frame: string, start: number): number {
  if (frame.charCodeAt(start) !== 34) return -1;
  // A plain loop: the values are short (a delta, a nonce), where a regex call costs more than the scan.
  const length = frame.length;
  for (let i = start + 1; i < length; i++) {
    const c = frame.charCodeAt(i);
    if (c === 34) {
      escaped = false;
      return i + 1;
    }
    if (c === 92 || c < 0x20) break;
  }
  escaped = true;
  return escapedStringEnd(frame, start);
}

/** The value at `path` inside `value`, or undefined. */
function valueAt(value: unknown, path: HolePath): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current) !== (typeof key === 'number') || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** End (after the closing quote) of the string literal at `start` when it has escapes; -1 if unterminated. */
function escapedStringEnd(frame: string, start: number): number {
  let quote = start;
  for (;;) {
    quote = frame.indexOf('"', quote + 1);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (frame.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
}
