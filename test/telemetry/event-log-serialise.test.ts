import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog, eventLogFile } from '../../src/telemetry/event-log.js';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { makeTempDir } from '../../test-support/cli-harness.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function tempLog(maxBatch?: number): { log: EventLog; lines: () => Record<string, unknown>[] } {
  const temp = makeTempDir();
  cleanups.push(temp.cleanup);
  const log = maxBatch === undefined ? EventLog.forRoot(temp.dir) : new EventLog(eventLogFile(temp.dir), maxBatch);
  const lines = (): Record<string, unknown>[] =>
    readFileSync(eventLogFile(temp.dir), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, lines };
}

describe('EventLog serialisation', () => {
  it('logs an event as it was when emitted, even if the object changes before the batch is written', () => {
    const { log, lines } = tempLog();
    const event: CodexEvent = { ts: '2026-01-01T00:00:00.000Z', kind: 'status', message: 'before' };
    log.append(event);
    event.message = 'after';
    log.close();
    expect(lines()).toEqual([{ ts: '2026-01-01T00:00:00.000Z', kind: 'status', message: 'before' }]);
  });

  it('writes every maxBatch events without waiting for the tick, in order, with nothing lost', () => {
    const { log, lines } = tempLog(3);
    for (let i = 0; i < 7; i += 1) log.append({ ts: '2026-01-01T00:00:00.000Z', kind: 'status', message: `m${i}` });
    expect(lines().map((line) => line.message)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']); // two full batches
    log.close();
    expect(lines().map((line) => line.message)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('keeps the other events and reports on close an event that cannot be serialised, without throwing at the emitter', () => {
    const { log, lines } = tempLog();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    log.append({ ts: '2026-01-01T00:00:00.000Z', kind: 'status', message: 'ok 1' });
    expect(() => log.append({ ts: '2026-01-01T00:00:00.000Z', kind: 'tool_start', tool: 't', callId: 'c', input: cyclic })).not.toThrow();
    log.append({ ts: '2026-01-01T00:00:00.000Z', kind: 'status', message: 'ok 2' });
    expect(() => log.close()).toThrow(/Could not write the event log/);
    expect(lines().map((line) => line.message)).toEqual(['ok 1', 'ok 2']);
  });
});
