import { describe, expect, it } from 'vitest';
import { runOrchestration } from '../../src/orchestrator/orchestrator.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import type { ModelProvider, ModelStreamPart } from '../../src/providers/types.js';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { ScriptedProvider, textScript, type ScriptStep } from '../../test-support/scripted-provider.js';
import { agent, baseOptions, InFlightRecorder, ofKind, planOf, tasks } from './orchestrator-fixtures.js';

const capped = (id: string, max: number, extra: Record<string, unknown> = {}) =>
  agent(id, { runtime: { concurrency: { max_parallel_tasks: max }, ...extra } });

describe('runOrchestration: per-alias concurrency', () => {
  it('never exceeds the cap of an alias, and reaches it', async () => {
    const provider = new InFlightRecorder(new ScriptedProvider({ script: textScript(['a', 'b'], { delayMs: 15 }) }));
    const events: CodexEvent[] = [];
    const plan = planOf({ alpha: tasks(12), beta: tasks(7) }, { alpha: capped('alpha', 3), beta: capped('beta', 2) });
    const result = await runOrchestration(plan, baseOptions(provider, events));
    expect(provider.max.get('alpha')).toBe(3);
    expect(provider.max.get('beta')).toBe(2);
    expect(result.ok).toBe(19);
    expect(result.summary.find((s) => s.alias === 'alpha')?.maxInFlight).toBe(3);
    // the event stream agrees: started-but-not-finished per alias never exceeds the cap
    const open = new Map<string, number>();
    let maxAlpha = 0;
    for (const event of events) {
      if (!event.alias) continue;
      if (event.kind === 'task_started') open.set(event.alias, (open.get(event.alias) ?? 0) + 1);
      if (event.kind === 'task_complete' || event.kind === 'task_error') open.set(event.alias, (open.get(event.alias) ?? 0) - 1);
      if (event.alias === 'alpha') maxAlpha = Math.max(maxAlpha, open.get('alpha') ?? 0);
    }
    expect(maxAlpha).toBe(3);
  });

  it('runs different aliases in parallel, independent of each other', async () => {
    const provider = new InFlightRecorder(new ScriptedProvider({ script: textScript(['x'], { delayMs: 60 }) }));
    const events: CodexEvent[] = [];
    const plan = planOf({ one: tasks(2), two: tasks(2), three: tasks(2) }, { one: capped('one', 1), two: capped('two', 1), three: capped('three', 1) });
    const started = performance.now();
    await runOrchestration(plan, baseOptions(provider, events));
    const elapsed = performance.now() - started;
    expect(provider.globalMax).toBe(3);
    for (const alias of ['one', 'two', 'three']) expect(provider.max.get(alias)).toBe(1);
    // 2 rounds of 60 ms, not 6
    expect(elapsed).toBeLessThan(6 * 60);
  });

  it('runs waiting tasks by priority under queue_strategy priority', async () => {
    const provider = new ScriptedProvider({ script: textScript(['x'], { delayMs: 5 }) });
    const events: CodexEvent[] = [];
    const definition = agent('prio', { runtime: { concurrency: { max_parallel_tasks: 1, queue_strategy: 'priority' } } });
    const plan = planOf(
      { prio: ['medium by default', { text: 'low', priority: 'low', id: 'low' }, { text: 'high', priority: 'high', id: 'high' }, { text: 'top', priority: 99, id: 'top' }] },
      { prio: definition },
    );
    await runOrchestration(plan, baseOptions(provider, events));
    expect(ofKind(events, 'task_started').map((e) => e.taskId)).toEqual(['top', 'high', 't1', 'low']);
  });
});

describe('runOrchestration: backpressure', () => {
  it('rejects over the queue limit with a reason and loses no accepted task', async () => {
    const provider = new ScriptedProvider({ script: textScript(['x'], { delayMs: 10 }) });
    const events: CodexEvent[] = [];
    const plan = planOf({ busy: tasks(10) }, { busy: capped('busy', 2) }, 3);
    const result = await runOrchestration(plan, baseOptions(provider, events));
    const rejected = ofKind(events, 'task_rejected');
    const queued = ofKind(events, 'task_queued');
    expect(queued).toHaveLength(5);
    expect(rejected).toHaveLength(5);
    expect(rejected[0]?.reason).toMatch(/queue for busy is full.*2 may run at once, 3 may wait/);
    // every accepted task ran exactly once and completed
    const completed = ofKind(events, 'task_complete').map((e) => e.taskId).sort();
    expect(completed).toEqual(queued.map((e) => e.taskId).sort());
    expect(provider.calls).toHaveLength(5);
    expect(result).toMatchObject({ ok: 5, failed: 0, rejected: 5 });
  });

  it('takes the agent queue_limit over the config value', async () => {
    const provider = new ScriptedProvider({ script: textScript(['x']) });
    const events: CodexEvent[] = [];
    const definition = agent('own', { runtime: { concurrency: { max_parallel_tasks: 1, queue_limit: 1 } } });
    const result = await runOrchestration(planOf({ own: tasks(4) }, { own: definition }, 1_000), baseOptions(provider, events));
    expect(result).toMatchObject({ ok: 2, rejected: 2 });
  });
});

describe('runOrchestration: timeouts, retries, failures', () => {
  it('aborts the provider call at timeout_ms', async () => {
    const provider = new ScriptedProvider({ script: [{ type: 'text-delta', text: 'start' }, { type: 'delay', ms: 10_000 }, { type: 'finish', reason: 'stop' }] });
    const events: CodexEvent[] = [];
    const started = performance.now();
    const result = await runOrchestration(planOf({ slow: ['hangs'] }, { slow: agent('slow', { runtime: { timeout_ms: 80 } }) }), baseOptions(provider, events));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.failed).toBe(1);
    expect(provider.aborted).toBe(1);
    const error = ofKind(events, 'task_error')[0];
    expect(error?.error.code).toBe('E_TASK_TIMEOUT');
    expect(error?.error.message).toMatch(/exceeded runtime.timeout_ms \(80 ms\)/);
  });

  it('gives every call of a lane its own full timeout (one lane timer, deadlines in start order)', async () => {
    const hang: ScriptStep[] = [{ type: 'delay', ms: 10_000 }, { type: 'finish', reason: 'stop' }];
    const provider = new ScriptedProvider({ script: (request) => (request.task.startsWith('hang') ? hang : textScript(['ok'], { delayMs: 40 })) });
    const events: CodexEvent[] = [];
    const definition = agent('mixed', { runtime: { timeout_ms: 150, concurrency: { max_parallel_tasks: 2 } } });
    const plan = planOf({ mixed: ['hang 1', 'quick 2', 'quick 3', 'quick 4', 'hang 5', 'quick 6'] }, { mixed: definition });
    const result = await runOrchestration(plan, baseOptions(provider, events));
    expect(result).toMatchObject({ ok: 4, failed: 2 });
    const errors = ofKind(events, 'task_error');
    expect(errors.map((e) => e.taskId).sort()).toEqual(['t1', 't5']);
    for (const error of errors) {
      expect(error.error.code).toBe('E_TASK_TIMEOUT');
      expect(error.ms).toBeGreaterThanOrEqual(145);
      expect(error.ms).toBeLessThan(1_000);
    }
  });

  it('ends a task at the timeout even when the provider ignores the signal', async () => {
    const stubborn: ModelProvider = {
      name: 'stubborn',
      async *stream(): AsyncIterable<ModelStreamPart> {
        await new Promise((resolve) => setTimeout(resolve, 3_000).unref());
        yield { type: 'finish', reason: 'stop' };
      },
    };
    const events: CodexEvent[] = [];
    const started = performance.now();
    const result = await runOrchestration(planOf({ slow: ['hangs'] }, { slow: agent('slow', { runtime: { timeout_ms: 50 } }) }), baseOptions(stubborn, events));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(result.failed).toBe(1);
  });

  it('retries per runtime.retries and reports each attempt', async () => {
    const provider = new ScriptedProvider({
      script: (_request, call) =>
        call === 0
          ? [{ type: 'throw', error: new ProviderError('boom', { provider: 'scripted', code: 'E_PROVIDER_SERVER', status: 500, retryable: true }) }]
          : textScript(['ok']),
    });
    const events: CodexEvent[] = [];
    const result = await runOrchestration(planOf({ flaky: ['try twice'] }, { flaky: agent('flaky') }), {
      ...baseOptions(provider, events),
      runtime: { retries: 1, hook_timeout_ms: 1_000 },
    });
    expect(result.ok).toBe(1);
    expect(ofKind(events, 'task_started').map((e) => e.attempt)).toEqual([1, 2]);
    expect(ofKind(events, 'status').some((e) => /attempt 1 of 2 failed/.test(e.message))).toBe(true);
  });

  it('maps stream parts to events and totals tokens and cost', async () => {
    const provider = new ScriptedProvider({
      script: [
        { type: 'status', message: 'thinking' },
        { type: 'text-delta', text: 'Hello ' },
        { type: 'tool-call-start', id: 'c1', name: 'Read' },
        { type: 'tool-call', call: { id: 'c1', name: 'Read', input: { path: 'a.ts' } } },
        { type: 'failover', from: 'scripted', to: 'backup', reason: 'HTTP 500', resumeAt: 6 },
        { type: 'text-delta', text: 'world' },
        { type: 'finish', reason: 'stop', usage: { tokensIn: 100, tokensOut: 20 }, model: 'm1', provider: 'backup' },
      ],
    });
    const events: CodexEvent[] = [];
    const result = await runOrchestration(planOf({ mapper: ['map it'] }, { mapper: agent('mapper', { capabilities: { detail: { tools: { allowed: ['Read'] } } } }) }), {
      ...baseOptions(provider, events),
      costOf: (usage, name, model) => (name === 'backup' && model === 'm1' ? usage.tokensIn * 0.001 + usage.tokensOut * 0.002 : -1),
    });
    expect(events.map((e) => e.kind)).toEqual([
      'run_started',
      'task_queued',
      'task_started',
      'status',
      'chunk',
      'tool_start',
      'tool_end',
      'failover',
      'chunk',
      'task_complete',
      'run_complete',
    ]);
    const complete = ofKind(events, 'task_complete')[0]!;
    expect(complete).toMatchObject({ output: 'Hello world', tokensIn: 100, tokensOut: 20, provider: 'backup' });
    expect(complete.cost).toBeCloseTo(0.14, 10);
    expect(result.summary[0]).toMatchObject({ tokensIn: 100, tokensOut: 20, ok: 1 });
    expect(events.every((e) => e.runId === 'r-test' && typeof e.ts === 'string')).toBe(true);
  });

  it('cancels the run: waiting tasks are dropped as errors, running calls aborted', async () => {
    const provider = new ScriptedProvider({ script: textScript(['x'], { delayMs: 5_000 }) });
    const events: CodexEvent[] = [];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await runOrchestration(planOf({ stop: tasks(5) }, { stop: capped('stop', 2) }), { ...baseOptions(provider, events), signal: controller.signal });
    expect(result.failed).toBe(5);
    expect(ofKind(events, 'task_error').every((e) => e.error.code === 'E_TASK_CANCELLED')).toBe(true);
  });
});

describe('runOrchestration: heartbeats', () => {
  it('emits heartbeat_miss for each silent interval, counting consecutive misses', async () => {
    const provider = new ScriptedProvider({ script: [{ type: 'delay', ms: 130 }, { type: 'text-delta', text: 'late' }, { type: 'finish', reason: 'stop' }] });
    const events: CodexEvent[] = [];
    await runOrchestration(planOf({ quiet: ['silent'] }, { quiet: agent('quiet', { runtime: { heartbeat_interval_ms: 40 } }) }), baseOptions(provider, events));
    const misses = ofKind(events, 'heartbeat_miss');
    expect(misses.length).toBeGreaterThanOrEqual(2);
    expect(misses.slice(0, 2).map((e) => e.missed)).toEqual([1, 2]);
    expect(misses[0]?.intervalMs).toBe(40);
  });

  it('emits heartbeats, not misses, while the task keeps streaming', async () => {
    const steps = Array.from({ length: 30 }, (_, i) => [
      { type: 'delay' as const, ms: 5 },
      { type: 'text-delta' as const, text: `${i} ` },
    ]).flat();
    const provider = new ScriptedProvider({ script: [...steps, { type: 'finish', reason: 'stop' }] });
    const events: CodexEvent[] = [];
    await runOrchestration(planOf({ chatty: ['talks'] }, { chatty: agent('chatty', { runtime: { heartbeat_interval_ms: 40 } }) }), baseOptions(provider, events));
    expect(ofKind(events, 'heartbeat').length).toBeGreaterThanOrEqual(1);
    expect(ofKind(events, 'heartbeat_miss')).toHaveLength(0);
  });
});
