import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTree } from '../../../src/agents/converter/publish-bundle.js';
import { makeTempDir } from '../../../test-support/cli-harness.js';
import { convertIn, copyFixtures } from './converter-test-support.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('codex-flow-determinism-');
  copyFixtures(temp.dir, 'odd-shapes', 'dup-a', 'dup-b', 'categories', 'plugins');
});
afterEach(() => temp.cleanup());

function index(root: string): { generatedAt: string; sourceHash: string } {
  return JSON.parse(readFileSync(path.join(root, 'out', 'index.json'), 'utf8')) as { generatedAt: string; sourceHash: string };
}

describe('convert determinism', () => {
  it('re-running on unchanged input changes no byte and keeps generatedAt', async () => {
    const first = await convertIn(temp.dir, { now: '2026-01-01T00:00:00.000Z' });
    expect(first.changed).toBe(true);
    const before = readTree(first.outDir);
    const second = await convertIn(temp.dir, { now: '2026-06-01T00:00:00.000Z' });
    expect(second.changed).toBe(false);
    expect(second.generatedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(readTree(second.outDir)).toEqual(before);
  });

  it('two conversions into different folders are byte-identical', async () => {
    const a = await convertIn(temp.dir, { outDir: 'out-a' });
    const b = await convertIn(temp.dir, { outDir: 'out-b' });
    expect(a.sourceHash).toBe(b.sourceHash);
    expect(readTree(a.outDir)).toEqual(readTree(b.outDir));
  });

  it('a source change gives a new sourceHash and generatedAt; --check reports stale, then fresh', async () => {
    await convertIn(temp.dir, { now: '2026-01-01T00:00:00.000Z' });
    const hash = index(temp.dir).sourceHash;
    expect((await convertIn(temp.dir, { check: true })).changed).toBe(false);

    appendFileSync(path.join(temp.dir, 'src-agents', 'dup-a', 'reviewer.md'), '\nOne more line.\n');
    const before = readTree(path.join(temp.dir, 'out'));
    const check = await convertIn(temp.dir, { check: true, now: '2026-02-01T00:00:00.000Z' });
    expect(check.changed).toBe(true);
    expect(check.sourceHash).not.toBe(hash);
    expect(readTree(path.join(temp.dir, 'out'))).toEqual(before); // --check writes nothing

    const rebuilt = await convertIn(temp.dir, { now: '2026-02-01T00:00:00.000Z' });
    expect(rebuilt.changed).toBe(true);
    expect(index(temp.dir)).toMatchObject({ generatedAt: '2026-02-01T00:00:00.000Z', sourceHash: rebuilt.sourceHash });
    expect((await convertIn(temp.dir, { check: true })).changed).toBe(false);
  });

  it('--check on a missing bundle is stale and creates nothing', async () => {
    const report = await convertIn(temp.dir, { check: true });
    expect(report.changed).toBe(true);
    expect(readTree(path.join(temp.dir, 'out')).size).toBe(0);
  });

  it('a hand edit inside the bundle makes it stale, and convert repairs it', async () => {
    await convertIn(temp.dir);
    appendFileSync(path.join(temp.dir, 'out', 'triggers.json'), ' ');
    expect((await convertIn(temp.dir, { check: true })).changed).toBe(true);
    expect((await convertIn(temp.dir)).changed).toBe(true);
    expect((await convertIn(temp.dir, { check: true })).changed).toBe(false);
  });
});
