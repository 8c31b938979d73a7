import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { computeScorecards, metricsFile, readScorecards, recomputeMetrics } from '../../src/telemetry/metrics.js';
import { appendJsonLines } from '../../src/util/jsonl-file.js';
import { makeTempDir, runCliCaptured } from '../../test-support/cli-harness.js';

const ts = '2026-01-01T00:00:00.000Z';
const done = (agentId: string, ms: number, extra: Partial<CodexEvent> = {}): CodexEvent =>
  ({ kind: 'task_complete', ts, alias: agentId, agentId, taskId: `t${ms}`, ok: true, ms, tokensIn: 10, tokensOut: 20, cost: 0.001, ...extra }) as CodexEvent;
const failed = (agentId: string, ms: number): CodexEvent => ({ kind: 'task_error', ts, alias: agentId, agentId, taskId: `e${ms}`, ok: false, ms, error: { code: 'E_X', message: 'boom' } });

describe('metrics', () => {
  it('computes per-agent tasks, success rate, avg/p50/p95/p99, tokens and cost from task outcomes', () => {
    const events: unknown[] = [];
    for (let ms = 1; ms <= 100; ms += 1) events.push(ms % 10 === 0 ? failed('a', ms) : done('a', ms));
    events.push(done('b', 7, { simulated: true } as Partial<CodexEvent>), { kind: 'task_rejected', ts, agentId: 'b', reason: 'queue full' }, { kind: 'chunk', ts, agentId: 'a', text: 'x' }, 'garbage', null);
    const snapshot = computeScorecards(events, ts);
    expect(snapshot.events).toBe(102);
    const [a, b] = snapshot.agents;
    expect(a).toMatchObject({ agentId: 'a', tasks: 100, ok: 90, failed: 10, rejected: 0, successRate: 0.9, avgMs: 51, p50Ms: 50, p95Ms: 95, p99Ms: 99, tokensIn: 900, tokensOut: 1800, cost: 0.09 });
    expect(b).toMatchObject({ agentId: 'b', tasks: 1, ok: 1, rejected: 1, simulated: 1, successRate: 1, p99Ms: 7 });
  });

  it('recomputes data/metrics/agents.json from data/logs/events.jsonl, skipping a torn last line', () => {
    const temp = makeTempDir('codex-flow-metrics-');
    try {
      const log = path.join(temp.dir, 'data', 'logs', 'events.jsonl');
      appendJsonLines(log, [done('a', 10), failed('a', 30)]);
      appendFileSync(log, '{"kind":"task_complete","agentId":"a","ms":99'); // crash mid-line
      const snapshot = recomputeMetrics(temp.dir, { now: () => Date.parse(ts) });
      expect(snapshot.badLines).toBe(1);
      expect(snapshot.agents).toHaveLength(1);
      expect(snapshot.agents[0]).toMatchObject({ tasks: 2, ok: 1, failed: 1, successRate: 0.5 });
      expect(JSON.parse(readFileSync(metricsFile(temp.dir), 'utf8'))).toEqual(snapshot);
      expect(readScorecards(temp.dir)).toEqual(snapshot);
    } finally {
      temp.cleanup();
    }
  });

  it('readScorecards: undefined before any run, a clear error for a corrupt file', () => {
    const temp = makeTempDir('codex-flow-metrics-');
    try {
      expect(readScorecards(temp.dir)).toBeUndefined();
      mkdirSync(path.dirname(metricsFile(temp.dir)), { recursive: true });
      writeFileSync(metricsFile(temp.dir), '{ not json');
      expect(() => readScorecards(temp.dir)).toThrow(/Cannot read data.metrics.agents\.json.*rebuilds it/);
    } finally {
      temp.cleanup();
    }
  });

  it('`metrics` says plainly when there are none, and prints / emits the scorecards', async () => {
    const temp = makeTempDir('codex-flow-metrics-cli-');
    try {
      const empty = await runCliCaptured(['metrics'], { root: temp.dir });
      expect(empty.code).toBe(0);
      expect(empty.stdout).toMatch(/^No agent metrics yet: run some tasks first/);
      appendJsonLines(path.join(temp.dir, 'data', 'logs', 'events.jsonl'), [done('code-reviewer', 120), failed('code-reviewer', 80)]);
      const table = await runCliCaptured(['metrics'], { root: temp.dir }); // the log is newer: recomputed
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/agent\s+tasks\s+ok\s+failed\s+success/);
      expect(table.stdout).toMatch(/code-reviewer\s+2\s+1\s+1\s+50\.0%\s+100\s+80\s+120\s+120/);
      const json = await runCliCaptured(['metrics', '--json'], { root: temp.dir });
      expect(JSON.parse(json.stdout).agents[0]).toMatchObject({ agentId: 'code-reviewer', tasks: 2, p95Ms: 120 });
      const load = readScorecards(temp.dir);
      expect(load?.agents[0]?.agentId).toBe('code-reviewer');
    } finally {
      temp.cleanup();
    }
  });
});
