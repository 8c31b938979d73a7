import { InvalidInputError } from '../util/errors.js';

/**
 * Splits a command line (RUN_CMD) into argv without a shell: whitespace
 * separates words, single quotes are literal, double quotes allow `\"` and
 * `\\`, a backslash outside quotes escapes the next character. No globbing,
 * no variables, no pipes: the result is spawned directly.
 */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && (line.charAt(i + 1) === '"' || line.charAt(i + 1) === '\\')) current += line.charAt(++i);
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line.charAt(++i);
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new InvalidInputError(`Unterminated ${quote} quote in command line ${JSON.stringify(line.slice(0, 200))}: close the quote.`);
  if (inWord) args.push(current);
  return args;
}
