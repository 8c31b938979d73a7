/**
 * Fast reader for the most common front-matter shape: one `key: value` per
 * line at column 0, each value a single-line plain, double-quoted (JSON
 * compatible) or single-quoted string. Anything else (nested maps, lists,
 * multi-line scalars, comments, numbers, booleans, tags, anchors, tabs,
 * control characters, duplicate keys...) returns `undefined` and the caller
 * uses the full YAML parser. For accepted input the result equals the `yaml`
 * package's (YAML 1.2 core schema), key order included: checked on every
 * front-matter of the corpora and the compat fleet.
 */
export function readSimpleFrontMatter(yaml: string): Record<string, string> | undefined {
  if (UNSAFE_CHARS.test(yaml)) return undefined;
  const result: Record<string, string> = {};
  let keys = 0;
  let start = 0;
  while (start <= yaml.length) {
    let end = yaml.indexOf('\n', start);
    if (end === -1) end = yaml.length;
    const line = yaml.slice(start, end);
    start = end + 1;
    if (BLANK_LINE.test(line)) continue;
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const key = match[1] ?? '';
    if (RESERVED_KEY.test(key) || Object.hasOwn(result, key)) return undefined;
    const value = readValue((match[2] ?? '').replace(TRAILING_SPACES, ''));
    if (value === undefined) return undefined;
    result[key] = value;
    keys += 1;
  }
  return keys > 0 ? result : undefined;
}

/** Tabs, CR and control/special line-break characters: left to the full parser. */
const UNSAFE_CHARS = /[\t\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** YAML separates and trims with spaces (tabs are refused above), not with every Unicode space. */
const BLANK_LINE = /^ *$/;
const TRAILING_SPACES = / +$/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
const RESERVED_KEY = /^(?:__proto__|constructor|prototype|null|true|false|yes|no|on|off|y|n)$/i;
/** First characters that make a plain scalar something else (indicators), or possibly a number/null. */
const NOT_PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`~+.0-9]/;
const NOT_STRING = /^(?:null|true|false)$/i;

function readValue(text: string): string | undefined {
  if (text === '') return undefined;
  const first = text[0];
  if (first === '"') return readDoubleQuoted(text);
  if (first === "'") return readSingleQuoted(text);
  if (NOT_PLAIN_START.test(text) || NOT_STRING.test(text)) return undefined;
  if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) return undefined;
  return text;
}

/** `"..."` that is also a valid JSON string (JSON escapes are a subset of YAML's, with the same meaning). */
function readDoubleQuoted(text: string): string | undefined {
  if (text.length < 2 || !text.endsWith('"')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `'...'` with `''` as the only escape. */
function readSingleQuoted(text: string): string | undefined {
  if (text.length < 2 || !text.endsWith("'")) return undefined;
  const inner = text.slice(1, -1);
  if (inner.replaceAll("''", '').includes("'")) return undefined;
  return inner.replaceAll("''", "'");
}
