import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendJsonLines, readJsonLines, readLastJsonLines, rewriteJsonLines } from '../../src/util/jsonl-file.js';
import { makeTempDir } from '../../test-support/cli-harness.js';

describe('readLastJsonLines', () => {
  it('returns the last n accepted records in file order across chunk boundaries, multibyte text included', () => {
    const temp = makeTempDir();
    try {
      const file = path.join(temp.dir, 'tail.jsonl');
      const records = Array.from({ length: 500 }, (_, i) => ({ i, text: `ünïcødé ✓ ${'é'.repeat(i % 37)}`, even: i % 2 === 0 }));
      appendJsonLines(file, records);
      for (const chunk of [7, 64, 1024, 16 * 1024]) {
        expect(readLastJsonLines(file, 5, undefined, chunk)).toEqual(records.slice(-5));
        expect(readLastJsonLines<{ even: boolean }>(file, 3, (r) => r.even, chunk)).toEqual(records.filter((r) => r.even).slice(-3));
        expect(readLastJsonLines(file, 10_000, undefined, chunk)).toEqual(records);
      }
      expect(readLastJsonLines(file, 0)).toEqual([]);
      expect(readLastJsonLines(path.join(temp.dir, 'missing.jsonl'), 5)).toEqual([]);
    } finally {
      temp.cleanup();
    }
  });

  it('skips torn and foreign lines like readJsonLines', () => {
    const temp = makeTempDir();
    try {
      const file = path.join(temp.dir, 'mixed.jsonl');
      writeFileSync(file, '{"n":1}\nnot json at all\n\n{"n":2}\n');
      appendFileSync(file, '{"n":3, "torn');
      expect(readLastJsonLines(file, 10)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(readJsonLines(file)).toEqual({ records: [{ n: 1 }, { n: 2 }], badLines: 2 });
    } finally {
      temp.cleanup();
    }
  });

  it('rewriteJsonLines replaces the content atomically', () => {
    const temp = makeTempDir();
    try {
      const file = path.join(temp.dir, 'rewrite.jsonl');
      appendJsonLines(file, [{ a: 1 }, { a: 2 }]);
      rewriteJsonLines(file, [{ b: 1 }]);
      expect(readJsonLines(file).records).toEqual([{ b: 1 }]);
      rewriteJsonLines(file, []);
      expect(readJsonLines(file).records).toEqual([]);
    } finally {
      temp.cleanup();
    }
  });
});
