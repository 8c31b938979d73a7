import { createHash } from 'node:crypto';
import { compareStrings } from '../../util/compare-strings.js';
import { CONVERTER_VERSION } from './converter-version.js';

/** sha256 over the converter version and every input (display path + bytes), in sorted order. */
export function computeSourceHash(inputs: readonly { file: string; bytes: Buffer }[]): string {
  const hash = createHash('sha256');
  hash.update(`${CONVERTER_VERSION}\n`);
  for (const input of [...inputs].sort((a, b) => compareStrings(a.file, b.file))) {
    hash.update(`${input.file}\n${input.bytes.length}\n`);
    hash.update(input.bytes);
    hash.update('\n');
  }
  return `sha256:${hash.digest('hex')}`;
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
