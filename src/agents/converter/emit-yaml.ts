/**
 * A small, fast, deterministic YAML emitter for plain data (maps, lists,
 * strings, numbers, booleans, null). Strings are written plain when that is
 * unambiguous, as a literal block (`|-`) when multi-line, otherwise as JSON
 * double-quoted scalars (valid YAML). Non-ASCII text is written as is.
 * Output parses back (YAML 1.2 core schema) to exactly the input.
 */
export function emitYaml(value: unknown): string {
  if (isPlainObject(value)) return Object.keys(value).length === 0 ? '{}\n' : `${emitMap(value, 0).join('\n')}\n`;
  if (Array.isArray(value)) return value.length === 0 ? '[]\n' : `${emitList(value, 0).join('\n')}\n`;
  return `${scalar(value, 0)}\n`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PLAIN_TEXT = /^[\p{L}_/(][\p{L}\p{N}\p{M} _./,()+#&'=~*@%!?-]*$/u;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

function key(name: string): string {
  return PLAIN_KEY.test(name) && !RESERVED.test(name) ? name : JSON.stringify(name);
}

/** True when `emitYaml` writes this string as a plain (unquoted) scalar; such a string reads back as itself. */
export function isPlainSafe(text: string): boolean {
  return (
    text.length > 0 &&
    text.length <= 200 &&
    PLAIN_TEXT.test(text) &&
    !RESERVED.test(text) &&
    !text.endsWith(' ') &&
    !text.includes(' #') &&
    !text.includes('  ')
  );
}

function isBlockSafe(text: string): boolean {
  if (!text.includes('\n') || /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text)) return false;
  const first = text.split('\n', 1)[0] ?? '';
  if (first === '' || /^[ \t]/.test(first)) return false;
  // A blank last line would be swallowed by chomping: only one trailing newline, after real content.
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const last = body.slice(body.lastIndexOf('\n') + 1);
  return last.trim() !== '';
}

function scalar(value: unknown, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return String(value);
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  }
  if (typeof value === 'bigint') return value.toString();
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  if (isPlainSafe(text)) return text;
  if (isBlockSafe(text)) {
    const keep = text.endsWith('\n');
    const body = keep ? text.slice(0, -1) : text;
    const pad = ' '.repeat(indent + 2);
    const lines = body.split('\n').map((line) => (line === '' ? '' : `${pad}${line}`));
    return `${keep ? '|' : '|-'}\n${lines.join('\n')}`;
  }
  return JSON.stringify(text);
}

function emitMap(map: Record<string, unknown>, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [name, value] of Object.entries(map)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${pad}${key(name)}: []`);
      else lines.push(`${pad}${key(name)}:`, ...emitList(value, indent + 2));
    } else if (isPlainObject(value) && !(value instanceof Date)) {
      if (Object.keys(value).length === 0) lines.push(`${pad}${key(name)}: {}`);
      else lines.push(`${pad}${key(name)}:`, ...emitMap(value, indent + 2));
    } else {
      lines.push(`${pad}${key(name)}: ${scalar(value, indent)}`);
    }
  }
  return lines;
}

function emitList(list: readonly unknown[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const item of list) {
    if (Array.isArray(item)) {
      if (item.length === 0) lines.push(`${pad}- []`);
      else lines.push(...mergeFirst(emitList(item, indent + 2), pad));
    } else if (isPlainObject(item) && !(item instanceof Date)) {
      if (Object.keys(item).length === 0) lines.push(`${pad}- {}`);
      else lines.push(...mergeFirst(emitMap(item, indent + 2), pad));
    } else {
      lines.push(`${pad}- ${scalar(item, indent)}`);
    }
  }
  return lines;
}

/** Puts the first line of a nested block on the `- ` line. */
function mergeFirst(lines: string[], pad: string): string[] {
  const [first = '', ...rest] = lines;
  return [`${pad}- ${first.slice(pad.length + 2)}`, ...rest];
}
