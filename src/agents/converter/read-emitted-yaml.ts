import { COLON, DASH, isAsciiDigit, isAsciiLetter, SPACE, UNDERSCORE } from './char-codes.js';
import { isPlainSafe } from './emit-yaml.js';

/**
 * Fast reader for the YAML subset that {@link emitYaml} writes (block maps and
 * lists, plain/JSON-quoted/literal scalars, `[]`, `{}`). Anything outside that
 * subset (comments, anchors, flow collections, folded or single-quoted
 * scalars, tabs, odd plain scalars...) makes it return `undefined`, and the
 * caller falls back to a full YAML parser. For accepted input the result is
 * the same as the `yaml` package's (checked on every converted corpus file).
 */
export function readEmittedYaml(text: string): unknown {
  try {
    const reader = new SubsetReader(text);
    return reader.document();
  } catch (error) {
    if (error === OUTSIDE_SUBSET) return undefined;
    throw error;
  }
}

const OUTSIDE_SUBSET = Symbol('outside-subset');
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:e[+-]?\d+)?$/;

interface Line {
  indent: number;
  text: string;
}

function outside(): never {
  throw OUTSIDE_SUBSET;
}

class SubsetReader {
  private readonly lines: Line[];
  private readonly raw: string[];
  private pos = 0;

  constructor(text: string) {
    if (text.includes('\t') || text.includes('\r') || !text.endsWith('\n')) outside();
    this.raw = text.slice(0, -1).split('\n');
    this.lines = this.raw.map((line) => {
      let indent = 0;
      while (line.charCodeAt(indent) === SPACE) indent += 1;
      const next = line.charCodeAt(indent);
      // Other Unicode white space after the spaces: measure exactly as trimStart does.
      if (next <= SPACE || next >= 0x7f) indent = line.length - line.trimStart().length;
      return { indent, text: indent === 0 ? line : line.slice(indent) };
    });
  }

  document(): unknown {
    const first = this.lines[0];
    if (!first || first.indent !== 0 || first.text === '') outside();
    const value = this.block(0);
    if (this.pos !== this.lines.length) outside();
    return value;
  }

  private block(indent: number): unknown {
    const line = this.lines[this.pos];
    if (!line || line.indent !== indent || line.text === '') outside();
    return line.text.startsWith('- ') ? this.list(indent) : this.map(indent);
  }

  private map(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos] as Line;
      if (line.indent < indent) break;
      if (line.indent > indent || line.text === '' || line.text.startsWith('- ')) outside();
      const [key, rest] = this.splitKey(line.text);
      if (key === '__proto__' || Object.hasOwn(result, key)) outside();
      result[key] = this.valueAfterIndicator(rest, indent);
    }
    return result;
  }

  private list(indent: number): unknown[] {
    const result: unknown[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos] as Line;
      if (line.indent < indent) break;
      if (line.indent > indent || !line.text.startsWith('- ')) outside();
      const rest = line.text.slice(2);
      if (rest.startsWith('- ') || this.startsMapEntry(rest)) {
        // The nested block starts on this line: re-read it as if it were on its own line.
        this.lines[this.pos] = { indent: indent + 2, text: rest };
        result.push(this.block(indent + 2));
      } else {
        result.push(this.valueAfterIndicator(rest, indent));
      }
    }
    return result;
  }

  /** Value after `key:` or `- `; `indent` is the indentation of the enclosing collection. */
  private valueAfterIndicator(rest: string, indent: number): unknown {
    if (rest === '') {
      this.pos += 1;
      const next = this.lines[this.pos];
      if (!next || next.indent !== indent + 2) outside();
      return this.block(indent + 2);
    }
    this.pos += 1;
    if (rest === '[]') return [];
    if (rest === '{}') return {};
    if (rest === '|-' || rest === '|') return this.literal(indent + 2, rest === '|');
    return scalar(rest);
  }

  private literal(contentIndent: number, keepNewline: boolean): string {
    const content: string[] = [];
    while (this.pos < this.lines.length) {
      const raw = this.raw[this.pos] as string;
      if (raw === '') content.push('');
      else {
        const line = this.lines[this.pos] as Line;
        if (line.indent < contentIndent) break;
        if (line.text === '') outside(); // whitespace-only line: leave it to the full parser
        content.push(raw.slice(contentIndent));
      }
      this.pos += 1;
    }
    if (content.length === 0 || content[0] === '' || content[content.length - 1] === '') outside();
    if (/^[ ]/.test(content[0] ?? '')) outside();
    return content.join('\n') + (keepNewline ? '\n' : '');
  }

  private startsMapEntry(text: string): boolean {
    if (plainKeyEnd(text) > 0) return true;
    if (!text.startsWith('"')) return false;
    const end = closingQuote(text);
    return end > 0 && (text.slice(end + 1) === ':' || text.startsWith(': ', end + 1));
  }

  private splitKey(text: string): [string, string] {
    const colon = plainKeyEnd(text);
    if (colon > 0) return [text.slice(0, colon), text.slice(colon + 1 < text.length ? colon + 2 : colon + 1)];
    if (!text.startsWith('"')) outside();
    const end = closingQuote(text);
    if (end < 0) outside();
    const after = text.slice(end + 1);
    if (after !== ':' && !after.startsWith(': ')) outside();
    return [parseJsonString(text.slice(0, end + 1)), after.slice(2)];
  }
}

/**
 * Index of the `:` when `text` starts with a plain key (`[A-Za-z_][A-Za-z0-9_-]*`)
 * followed by `: ` or `:` at the end; -1 otherwise. A hand-rolled scan: it
 * runs on every line.
 */
function plainKeyEnd(text: string): number {
  const first = text.charCodeAt(0);
  if (!isAsciiLetter(first) && first !== UNDERSCORE) return -1;
  let index = 1;
  for (; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (!isAsciiLetter(code) && !isAsciiDigit(code) && code !== UNDERSCORE && code !== DASH) break;
  }
  if (text.charCodeAt(index) !== COLON) return -1;
  return index + 1 === text.length || text.charCodeAt(index + 1) === SPACE ? index : -1;
}

function closingQuote(text: string): number {
  for (let index = 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === '"') return index;
  }
  return -1;
}

function parseJsonString(quoted: string): string {
  try {
    const value: unknown = JSON.parse(quoted);
    if (typeof value === 'string') return value;
  } catch {
    // not JSON: let the full parser decide
  }
  return outside();
}

function scalar(text: string): unknown {
  if (text === 'null') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (NUMBER.test(text)) return Number(text);
  if (text === '.nan') return Number.NaN;
  if (text === '.inf') return Number.POSITIVE_INFINITY;
  if (text === '-.inf') return Number.NEGATIVE_INFINITY;
  if (text.startsWith('"')) {
    if (closingQuote(text) !== text.length - 1) outside();
    return parseJsonString(text);
  }
  if (isPlainSafe(text)) return text;
  return outside();
}
