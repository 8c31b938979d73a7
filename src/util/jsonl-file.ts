import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Appends JSON lines with one write(2) on an O_APPEND descriptor, so
 * concurrent writers (threads or processes) never tear or interleave a line,
 * and a crash can at worst leave one incomplete last line, which readers skip.
 * If the file ends in such a torn line, the batch starts on a fresh line so
 * the torn tail cannot swallow the next record.
 */
export function appendJsonLines(file: string, records: readonly unknown[]): void {
  if (records.length === 0) return;
  appendLines(file, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
}

/**
 * {@link appendJsonLines} for lines already serialised: `body` is one or more
 * complete lines, each ending in `\n` (e.g. JSON.stringify'd as the records
 * arrived, so a writer need not keep the objects alive until the batch is written).
 */
export function appendLines(file: string, body: string): void {
  if (body.length === 0) return;
  mkdirSync(path.dirname(file), { recursive: true });
  // 'a+': O_APPEND for the write, readable so the last byte can be checked.
  const fd = openSync(file, 'a+');
  try {
    const payload = Buffer.from(endsTorn(fd) ? `\n${body}` : body, 'utf8');
    let offset = 0;
    while (offset < payload.length) offset += writeSync(fd, payload, offset, payload.length - offset);
  } finally {
    closeSync(fd);
  }
}

/** True when the file is non-empty and its last byte is not a newline (a crash cut the last line). */
function endsTorn(fd: number): boolean {
  // A writer racing with us may make this look torn for an instant: the cost is one blank line, which readers skip.
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

export interface JsonlReadResult<T> {
  records: T[];
  /** Lines that did not parse (a torn last line after a crash, or foreign text). */
  badLines: number;
}

/** Reads a JSONL file, skipping lines that do not parse. Missing file → empty. */
export function readJsonLines<T = unknown>(file: string): JsonlReadResult<T> {
  if (!existsSync(file)) return { records: [], badLines: 0 };
  const records: T[] = [];
  let badLines = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      badLines += 1;
    }
  }
  return { records, badLines };
}

/**
 * Reads the last `limit` records of a JSONL file that `accept` keeps, reading
 * backwards in chunks so a window over a large file costs O(window), not
 * O(file). Torn or foreign lines are skipped. Returned in file order.
 */
export function readLastJsonLines<T = unknown>(
  file: string,
  limit: number,
  accept: (record: T) => boolean = () => true,
  chunkBytes = 16 * 1024,
): T[] {
  if (limit <= 0 || !existsSync(file)) return [];
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const newestFirst: T[] = [];
    let position = size;
    let carry = Buffer.alloc(0);
    while (position > 0 && newestFirst.length < limit) {
      const length = Math.min(chunkBytes, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      readSync(fd, chunk, 0, length, position);
      const buffer = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
      let end = buffer.length;
      let index = end > 0 ? buffer.lastIndexOf(0x0a, end - 1) : -1;
      while (index >= 0 && newestFirst.length < limit) {
        collectLine(buffer.subarray(index + 1, end), accept, newestFirst);
        end = index;
        index = end > 0 ? buffer.lastIndexOf(0x0a, end - 1) : -1;
      }
      carry = Buffer.from(buffer.subarray(0, end));
    }
    if (position === 0 && newestFirst.length < limit && carry.length > 0) collectLine(carry, accept, newestFirst);
    return newestFirst.slice(0, limit).reverse();
  } finally {
    closeSync(fd);
  }
}

function collectLine<T>(line: Buffer, accept: (record: T) => boolean, out: T[]): void {
  const text = line.toString('utf8').trim();
  if (!text) return;
  try {
    const record = JSON.parse(text) as T;
    if (accept(record)) out.push(record);
  } catch {
    // a torn or foreign line: skipped, like readJsonLines
  }
}

/**
 * Replaces a JSONL file's content atomically (write a temp file, rename over
 * the target): readers see the old or the new file, never a half-written one.
 */
export function rewriteJsonLines(file: string, records: readonly unknown[]): void {
  rewriteLines(file, records.map((record) => JSON.stringify(record)));
}

/** {@link rewriteJsonLines} for lines already serialised (each without its `\n`). */
export function rewriteLines(file: string, lines: readonly string[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${Date.now().toString(36)}`;
  writeFileSync(temp, lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8');
  renameSync(temp, file);
}

/** Size of a file in bytes, 0 when it does not exist. */
export function fileSizeOrZero(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
