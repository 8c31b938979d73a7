import { readFileSync } from 'node:fs';

export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export type SourceRead = { ok: true; bytes: Buffer; text: string } | { ok: false; bytes?: Buffer; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads one source file as UTF-8 text, refusing oversized, binary or mis-encoded files with a reason. */
export function readSourceFile(absolute: string): SourceRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    return { ok: false, reason: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  if (bytes.length > MAX_SOURCE_BYTES) return { ok: false, bytes, reason: `file is ${bytes.length} bytes, over the ${MAX_SOURCE_BYTES}-byte limit for an agent definition` };
  if (bytes.includes(0)) return { ok: false, bytes, reason: 'file contains NUL bytes: binary, not Markdown' };
  try {
    return { ok: true, bytes, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, bytes, reason: 'file is not valid UTF-8: save it as UTF-8' };
  }
}
