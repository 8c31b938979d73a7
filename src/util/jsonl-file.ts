import { closeSync, existsSync, openSync, readFileSync, writeSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Appends JSON lines with one write(2) on an O_APPEND descriptor, so
 * concurrent writers (threads or processes) never tear or interleave a line,
 * and a crash can at worst leave one incomplete last line, which readers skip.
 */
export function appendJsonLines(file: string, records: readonly unknown[]): void {
  if (records.length === 0) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const payload = Buffer.from(records.map((record) => JSON.stringify(record)).join('\n') + '\n', 'utf8');
  const fd = openSync(file, 'a');
  try {
    let offset = 0;
    while (offset < payload.length) offset += writeSync(fd, payload, offset, payload.length - offset);
  } finally {
    closeSync(fd);
  }
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
