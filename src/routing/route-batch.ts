import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { errorMessage } from '../util/errors.js';
import { batchLine } from './format-route.js';
import type { Router } from './router.js';

export interface BatchSummary {
  lines: number;
  failed: number;
}

/** Line ends: `\n`, `\r\n` or a lone `\r` (raw CR/LF cannot occur inside a JSON line). */
const LINE_END = /\r\n|\r|\n/;

/**
 * Routes a JSONL stream (`{"text","files"}` per line) and writes one result
 * line per input line, in order. A bad line gets `{"agents":[],"error":…}`
 * and the batch goes on. Input is read in chunks and split here (no
 * per-line promise); output is flushed every 512 lines.
 */
export async function routeBatch(router: Router, input: { file: string } | { text: string }, write: (chunk: string) => void, options: { top?: number } = {}): Promise<BatchSummary> {
  const stream = 'file' in input ? createReadStream(input.file, { encoding: 'utf8', highWaterMark: 256 * 1024 }) : Readable.from([input.text]);
  const routeOptions = { ...options, explain: false, reasons: false };
  let buffer: string[] = [];
  let count = 0;
  let failed = 0;
  const handle = (raw: string): void => {
    const line = raw.trim();
    if (line.length === 0) return;
    count += 1;
    try {
      const parsed = JSON.parse(line) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object {"text", "files"}');
      const { text, files } = parsed as { text?: unknown; files?: unknown };
      if (text !== undefined && typeof text !== 'string') throw new Error('"text" must be a string');
      if (files !== undefined && (!Array.isArray(files) || files.some((f) => typeof f !== 'string'))) throw new Error('"files" must be a list of strings');
      buffer.push(batchLine(router.route({ text: text ?? '', files: (files as string[] | undefined) ?? [] }, routeOptions)));
    } catch (error) {
      failed += 1;
      buffer.push(JSON.stringify({ agents: [], error: `line ${count}: ${errorMessage(error)}` }));
    }
    if (buffer.length >= 512) {
      write(`${buffer.join('\n')}\n`);
      buffer = [];
    }
  };
  // The unfinished line so far, as pieces: a long line is scanned once, not again with every chunk.
  let pending: string[] = [];
  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = chunk.split(LINE_END);
    if (lines.length === 1) {
      pending.push(chunk);
      continue;
    }
    pending.push(lines[0] as string);
    handle(pending.join(''));
    // The last piece may be a line cut by the chunk boundary (or a CR whose LF comes next: that gives an empty line, skipped).
    pending = [lines.pop() as string];
    for (let k = 1; k < lines.length; k += 1) handle(lines[k] as string);
  }
  handle(pending.join(''));
  if (buffer.length > 0) write(`${buffer.join('\n')}\n`);
  return { lines: count, failed };
}
