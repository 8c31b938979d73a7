/**
 * Text normalisation shared by every routing stage: Unicode NFKC, then full
 * case folding (upper-then-lower maps `ß`/`ẞ`→`ss`, `ﬁ`→`fi`, final sigma→σ), so
 * patterns and requests compare in one canonical form.
 */
export function foldText(text: string): string {
  return foldNormalized(text.normalize('NFKC'));
}

/** {@link foldText} of text already in NFKC (a request's NFKC form is needed anyway: no second pass). */
export function foldNormalized(nfkc: string): string {
  const folded = nfkc.toUpperCase().toLowerCase();
  // Capital ẞ upper-cases to itself and lowers to ß: fold that one to "ss" too.
  return folded.includes('ß') ? folded.replace(/ß/g, 'ss') : folded;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  ASCII_WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0;
}

/** True when the code point is a Unicode letter, digit or combining mark. */
export function isWordCodePoint(codePoint: number): boolean {
  if (codePoint < 128) return ASCII_WORD[codePoint] === 1;
  return WORD_CHAR.test(String.fromCodePoint(codePoint));
}

/** Is the character ending just before `index` (UTF-16 offset) a word character? Surrogate-pair aware. */
export function isWordCharBefore(text: string, index: number): boolean {
  if (index <= 0) return false;
  let cp = text.charCodeAt(index - 1);
  if (cp >= 0xdc00 && cp <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) cp = (high - 0xd800) * 0x400 + (cp - 0xdc00) + 0x10000;
  }
  return isWordCodePoint(cp);
}

/** Is the character starting at `index` (UTF-16 offset) a word character? */
export function isWordCharAt(text: string, index: number): boolean {
  if (index >= text.length) return false;
  const cp = text.codePointAt(index) ?? 0;
  return isWordCodePoint(cp);
}

/**
 * Finds the next word run in `text[from, limit)`: Unicode letters/digits/marks,
 * optionally joined by `-` or `_` into a compound (`front-end`, `snake_case`).
 * Returns the run's start (its end goes to `out.end`), or -1 when there is none.
 */
export function findWordRun(text: string, from: number, limit: number, out: { end: number }): number {
  let i = from;
  while (i < limit && !isWordAt(text, i, limit)) i += 1;
  if (i >= limit) return -1;
  const start = i;
  for (;;) {
    while (i < limit && isWordAt(text, i, limit)) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
    // (i < limit: reading past the end would give NaN, and deoptimise this hot loop once it is compiled)
    const joiner = i + 1 < limit ? text.charCodeAt(i) : -1;
    if ((joiner === 45 || joiner === 95) && isWordAt(text, i + 1, limit)) {
      i += 1;
      continue;
    }
    break;
  }
  out.end = Math.min(i, limit);
  return start;
}

function isWordAt(text: string, index: number, limit: number): boolean {
  const c = text.charCodeAt(index);
  if (c < 128) return ASCII_WORD[c] === 1;
  // A surrogate pair cut by the limit is not read past it.
  return index + 1 < limit || c < 0xd800 || c > 0xdbff ? isWordCharAt(text, index) : isWordCodePoint(c);
}
