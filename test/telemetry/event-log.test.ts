import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog, eventLogFile } from '../../src/telemetry/event-log.js';
import { makeTempDir } from '../../test-support/cli-harness.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function runWriter(file: string, writer: string, count: number): Promise<number | null> {
  const script = path.resolve(import.meta.dirname, '..', 'fixtures', 'event-log-writer.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, file, writer, String(count)], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

describe('EventLog', () => {
  it('writes data/logs/events.jsonl under the root, batching per tick', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const log = EventLog.forRoot(temp.dir);
    for (let i = 0; i < 5; i += 1) log.append({ ts: new Date(0).toISOString(), kind: 'status', message: `m${i}` });
    expect(() => readFileSync(eventLogFile(temp.dir))).toThrow(); // nothing written until the tick ends
    await new Promise((resolve) => setImmediate(resolve));
    const lines = readFileSync(path.join(temp.dir, 'data', 'logs', 'events.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    log.close();
  });

  it('never tears or interleaves lines with 4 processes writing at once', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const file = eventLogFile(temp.dir);
    const codes = await Promise.all(['a', 'b', 'c', 'd'].map((writer) => runWriter(file, writer, 1_500)));
    expect(codes).toEqual([0, 0, 0, 0]);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(6_000);
    const ids = new Set(lines.map((line) => (JSON.parse(line) as { taskId: string }).taskId));
    expect(ids.size).toBe(6_000);
  });

  it('reports a write failure on close instead of losing events silently', () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const log = new EventLog(path.join(temp.dir, 'no-such-dir\0bad', 'events.jsonl'));
    log.append({ ts: new Date(0).toISOString(), kind: 'status', message: 'x' });
    expect(() => log.close()).toThrow(/Could not write the event log/);
  });
});
