import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { makeTempDir, runCliCaptured } from '../../test-support/cli-harness.js';
import { writeBundle } from '../agents/bundle-fixture.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

const AGENT_SCRIPT = path.resolve(import.meta.dirname, '..', 'fixtures', 'sleepy-agent.mjs');
const SLEEP_MS = 300;

describe('codex-flow run with the real cli provider', () => {
  it('runs 12 tasks on an alias capped at 3: never more than 3 children at once, about 4 rounds', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const root = temp.dir;
    writeBundle(path.join(root, 'codex', 'agents'), [{ id: 'worker', extra: { runtime: { concurrency: { max_parallel_tasks: 3 } } } }]);
    const timesFile = path.join(root, 'times.jsonl');
    const tasks = Array.from({ length: 12 }, (_, i) => `job ${i + 1}`);
    const started = performance.now();
    const result = await runCliCaptured(['run', '-f', '-', '--provider', 'cli', '--json'], {
      root,
      stdin: JSON.stringify({ worker: tasks }),
      env: { PATH: process.env.PATH, RUN_CMD: `${process.execPath} ${AGENT_SCRIPT}`, TIMES_FILE: timesFile, SLEEP_MS: String(SLEEP_MS) },
    });
    const wallMs = performance.now() - started;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as CodexEvent);
    const complete = events.filter((e) => e.kind === 'task_complete');
    expect(complete).toHaveLength(12);
    expect(complete.every((e) => e.provider === 'cli' && (e.output ?? '').includes('done: job'))).toBe(true);

    // children's own start/end times: overlap never above 3, and 3 is reached
    const marks = readFileSync(timesFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { task: string; event: 'start' | 'end'; at: number; spawnedAt: number })
      .sort((a, b) => a.at - b.at || (a.event === 'end' ? -1 : 1));
    expect(marks).toHaveLength(24);
    let running = 0;
    let maxRunning = 0;
    for (const mark of marks) {
      running += mark.event === 'start' ? 1 : -1;
      maxRunning = Math.max(maxRunning, running);
    }
    expect(maxRunning).toBe(3);
    // whole child lifetimes (process start → end) never overlap more than 3 either
    const lifetimes = marks.filter((m) => m.event === 'end').map((m) => ({ from: m.spawnedAt, to: m.at }));
    const edges = lifetimes.flatMap((l) => [{ at: l.from, d: 1 }, { at: l.to, d: -1 }]).sort((a, b) => a.at - b.at || a.d - b.d);
    let alive = 0;
    let maxAlive = 0;
    for (const edge of edges) maxAlive = Math.max(maxAlive, (alive += edge.d));
    expect(maxAlive).toBeLessThanOrEqual(3);
    // rounds = the run's span / one child's lifetime (start-up + ~300 ms sleep): 12 tasks at 3 at once = 4
    const span = Math.max(...lifetimes.map((l) => l.to)) - Math.min(...lifetimes.map((l) => l.from));
    const meanLifetime = lifetimes.reduce((sum, l) => sum + (l.to - l.from), 0) / lifetimes.length;
    const rounds = span / meanLifetime;
    expect(span).toBeGreaterThanOrEqual(4 * SLEEP_MS);
    expect(rounds).toBeGreaterThan(3.5);
    expect(rounds).toBeLessThan(5.5);
    console.log(
      `cli provider: 12 tasks, cap 3 → max ${maxRunning} at once; span ${span} ms = ${rounds.toFixed(2)} rounds of ${Math.round(meanLifetime)} ms (start-up + ${SLEEP_MS} ms); wall ${Math.round(wallMs)} ms`,
    );
  });

  it('enforces timeout_ms on a real child: the orchestrator aborts the call and the child is killed', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    writeBundle(path.join(temp.dir, 'codex', 'agents'), [{ id: 'slow', extra: { runtime: { timeout_ms: 1_000 } } }]);
    const timesFile = path.join(temp.dir, 'times.jsonl');
    const started = performance.now();
    const result = await runCliCaptured(['run', '-f', '-', '--provider', 'cli', '--json'], {
      root: temp.dir,
      stdin: JSON.stringify({ slow: ['sleep long'] }),
      env: { PATH: process.env.PATH, RUN_CMD: `${process.execPath} ${AGENT_SCRIPT}`, TIMES_FILE: timesFile, SLEEP_MS: '20000' },
    });
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(result.code).toBe(1);
    const error = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as CodexEvent)
      .find((e) => e.kind === 'task_error');
    expect(error?.kind === 'task_error' && error.error.code).toBe('E_TASK_TIMEOUT');
    // give a surviving child time to write its "end" mark: there must be none
    await new Promise((resolve) => setTimeout(resolve, 300));
    const marks = readFileSync(timesFile, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { event: string }).event);
    expect(marks).toEqual(['start']);
  });

  it('passes the agent command whitelist to the cli provider', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    writeBundle(path.join(temp.dir, 'codex', 'agents'), [{ id: 'locked', extra: { capabilities: { detail: { commands: ['python3'] } } } }]);
    writeFileSync(path.join(temp.dir, 'tasks.json'), JSON.stringify({ locked: ['try'] }));
    const result = await runCliCaptured(['run', '-f', 'tasks.json', '--provider', 'cli'], {
      root: temp.dir,
      env: { PATH: process.env.PATH, RUN_CMD: `${process.execPath} ${AGENT_SCRIPT}` },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL locked\/\S+ cli: command "node" is not in the allowed commands \(python3\)/);
  });
});
