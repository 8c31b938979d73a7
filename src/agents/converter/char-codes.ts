/** ASCII character codes for the converter's hand-rolled first-character scans (hot paths that gate or replace regexes). */
export const SPACE = 0x20;
export const HASH = 0x23;
export const STAR = 0x2a;
export const PLUS = 0x2b;
export const DASH = 0x2d;
export const COLON = 0x3a;
export const UNDERSCORE = 0x5f;
export const BACKTICK = 0x60;
export const TILDE = 0x7e;

/** `0`–`9`. */
export function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `A`–`Z` or `a`–`z`. */
export function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}
