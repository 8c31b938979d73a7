import { mkdirSync, readFileSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneWorkspaces, truncateEventLog } from '../../src/policy/run-cleanup.js';
import { makeTempDir } from '../../test-support/cli-harness.js';

const DAY = 86_400_000;
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function workspace(root: string, alias: string, taskId: string, ageDays: number, now: number): void {
  const dir = path.join(root, '.runs', alias, taskId);
  mkdirSync(dir, { recursive: true });
  const when = new Date(now - ageDays * DAY);
  for (const name of ['input.json', 'output.json']) {
    writeFileSync(path.join(dir, name), '{}');
    utimesSync(path.join(dir, name), when, when);
  }
  utimesSync(dir, when, when);
}

describe('cleanup', () => {
  it('prunes workspaces older than the cutoff and reports them (dry run touches nothing)', () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const now = Date.now();
    workspace(temp.dir, 'reviewer', 'old-1', 10, now);
    workspace(temp.dir, 'reviewer', 'new-1', 1, now);
    workspace(temp.dir, 'architect', 'old-2', 30, now);
    mkdirSync(path.join(temp.dir, '.runs', 'Not Safe'), { recursive: true });
    const dry = pruneWorkspaces({ root: temp.dir, olderThanMs: 7 * DAY, nowMs: now, dryRun: true });
    expect(dry.removed.map((r) => r.path).sort()).toEqual([path.join('.runs', 'architect', 'old-2'), path.join('.runs', 'reviewer', 'old-1')]);
    expect(existsSync(path.join(temp.dir, '.runs', 'reviewer', 'old-1'))).toBe(true);
    const real = pruneWorkspaces({ root: temp.dir, olderThanMs: 7 * DAY, nowMs: now });
    expect(real.removed).toHaveLength(2);
    expect(real.kept).toBe(1);
    expect(real.skipped).toEqual([path.join('.runs', 'Not Safe')]);
    expect(existsSync(path.join(temp.dir, '.runs', 'reviewer', 'old-1'))).toBe(false);
    expect(existsSync(path.join(temp.dir, '.runs', 'architect'))).toBe(false);
    expect(existsSync(path.join(temp.dir, '.runs', 'reviewer', 'new-1'))).toBe(true);
  });

  it('truncates the event log by age and by line count, dropping torn lines', () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const now = Date.now();
    const file = path.join(temp.dir, 'data', 'logs', 'events.jsonl');
    mkdirSync(path.dirname(file), { recursive: true });
    const lines = [
      ...Array.from({ length: 3 }, (_, i) => JSON.stringify({ ts: new Date(now - 20 * DAY).toISOString(), kind: 'status', message: `old${i}` })),
      ...Array.from({ length: 5 }, (_, i) => JSON.stringify({ ts: new Date(now - DAY).toISOString(), kind: 'status', message: `new${i}` })),
      '{"ts": "torn',
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(truncateEventLog({ root: temp.dir, olderThanMs: 7 * DAY, nowMs: now, dryRun: true })).toMatchObject({ linesBefore: 9, linesAfter: 5, removed: 4 });
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(9);
    expect(truncateEventLog({ root: temp.dir, olderThanMs: 7 * DAY, nowMs: now, keepLines: 2 })).toMatchObject({ linesAfter: 2, removed: 7 });
    expect(readFileSync(file, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['new3', 'new4']);
  });
});
