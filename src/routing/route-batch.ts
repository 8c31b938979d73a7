import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { errorMessage } from '../util/errors.js';
import { batchLine } from './format-route.js';
import type { Router } from './router.js';

export interface BatchSummary {
  lines: number;
  failed: number;
}

/**
 * Routes a JSONL stream (`{"text","files"}` per line) and writes one result
 * line per input line, in order. A bad line gets `{"agents":[],"error":…}`
 * and the batch goes on. Output is flushed in chunks.
 */
export async function routeBatch(router: Router, input: { file: string } | { text: string }, write: (chunk: string) => void, options: { top?: number } = {}): Promise<BatchSummary> {
  const stream = 'file' in input ? createReadStream(input.file, { encoding: 'utf8' }) : Readable.from([input.text]);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let buffer: string[] = [];
  let count = 0;
  let failed = 0;
  for await (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0) continue;
    count += 1;
    try {
      const parsed = JSON.parse(line) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object {"text", "files"}');
      const { text, files } = parsed as { text?: unknown; files?: unknown };
      if (text !== undefined && typeof text !== 'string') throw new Error('"text" must be a string');
      if (files !== undefined && (!Array.isArray(files) || files.some((f) => typeof f !== 'string'))) throw new Error('"files" must be a list of strings');
      buffer.push(batchLine(router.route({ text: text ?? '', files: (files as string[] | undefined) ?? [] }, { ...options, explain: false })));
    } catch (error) {
      failed += 1;
      buffer.push(JSON.stringify({ agents: [], error: `line ${count}: ${errorMessage(error)}` }));
    }
    if (buffer.length >= 512) {
      write(`${buffer.join('\n')}\n`);
      buffer = [];
    }
  }
  if (buffer.length > 0) write(`${buffer.join('\n')}\n`);
  return { lines: count, failed };
}
