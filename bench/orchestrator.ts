/**
 * bench/orchestrator — run with `npm run bench:orchestrator`
 * (node --expose-gc --import tsx bench/orchestrator.ts).
 *
 * 1. 10,000 tasks over 50 aliases (cap 4 each) on a zero-latency provider:
 *    the orchestrator (scheduler, events, timeouts, heartbeats, policy) next
 *    to a bare p-limit loop per alias doing the same provider work, in the
 *    same process, alternating, 5 rounds; medians, ratio, per-task overhead,
 *    per-task latency p50/p99, heap before/after. Goal: ≤ 1.5× p-limit, flat memory.
 * 2. 1,000 tasks with 10 ms simulated latency over 10 aliases capped at 3:
 *    wall time against the ideal (rounds × latency). Goal: within 20 %.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { withDefaults, type AgentDefinition } from '../src/agents/schema.js';
import { runOrchestration } from '../src/orchestrator/orchestrator.js';
import type { OrchestratorOptions } from '../src/orchestrator/orchestrator-options.js';
import { buildRunPlan, type RunPlan } from '../src/orchestrator/run-plan.js';
import { normalizeTaskMap } from '../src/orchestrator/task-map.js';
import { abortableDelay } from '../src/providers/abortable-delay.js';
import { buildMessages } from '../src/providers/build-messages.js';
import type { ModelProvider, ModelRequest, ModelStreamPart } from '../src/providers/types.js';
import { EventLog } from '../src/telemetry/event-log.js';
import type { CodexEvent } from '../src/telemetry/events.js';

const gc = (globalThis as { gc?: () => void }).gc;
/** Rounds per measurement; the machine may be shared, so both the median and the best round are reported. */
const ROUNDS = 7;

/** Streams two text parts and a finish; optional latency before the first part. */
class BenchProvider implements ModelProvider {
  readonly name = 'bench';
  constructor(private readonly latencyMs = 0) {}
  async *stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    if (this.latencyMs > 0) await abortableDelay(this.latencyMs, request.signal);
    yield { type: 'text-delta', text: 'done: ' };
    yield { type: 'text-delta', text: request.taskId };
    yield { type: 'finish', reason: 'stop', usage: { tokensIn: 10, tokensOut: 2 } };
  }
}

function fleet(aliases: number, cap: number): Record<string, AgentDefinition> {
  const agents: Record<string, AgentDefinition> = {};
  for (let i = 0; i < aliases; i += 1) {
    const id = `agent-${i}`;
    agents[id] = withDefaults({ agent: { id, name: id }, runtime: { concurrency: { max_parallel_tasks: cap } } });
  }
  return agents;
}

function makePlan(agents: Record<string, AgentDefinition>, perAlias: number): RunPlan {
  const map: Record<string, string[]> = {};
  for (const id of Object.keys(agents)) map[id] = Array.from({ length: perAlias }, (_, i) => `task ${i} for ${id}`);
  const resolver = {
    resolve: (aliasOrId: string) => ({ alias: aliasOrId, agentId: aliasOrId, definition: agents[aliasOrId]!, viaAlias: false }),
  };
  return buildRunPlan('bench', normalizeTaskMap(map, 'bench'), resolver, { queue_limit: 100_000 });
}

function options(provider: ModelProvider, listeners: ((event: CodexEvent) => void)[]): OrchestratorOptions {
  return {
    provider,
    runtime: { retries: 0, hook_timeout_ms: 1_000 },
    buildMessages: (definition, task, opts) => buildMessages(definition, task, opts),
    listeners,
  };
}

/** The baseline: one p-limit per alias, the same provider call and message building per task. */
async function pLimitRun(plan: RunPlan, provider: ModelProvider): Promise<number[]> {
  const latencies: number[] = [];
  const jobs: Promise<void>[] = [];
  for (const lane of plan.aliases) {
    const limit = pLimit(lane.maxParallel);
    for (const task of lane.tasks) {
      jobs.push(
        limit(async () => {
          const started = performance.now();
          const messages = buildMessages(lane.definition, task.text, { provider: provider.name, alias: lane.alias });
          let text = '';
          for await (const part of provider.stream({ agentId: lane.agentId, alias: lane.alias, taskId: task.taskId, task: task.text, messages })) {
            if (part.type === 'text-delta') text += part.text;
          }
          if (!text) throw new Error('no output');
          latencies.push(performance.now() - started);
        }),
      );
    }
  }
  await Promise.all(jobs);
  return latencies;
}

async function orchestratorRun(plan: RunPlan, provider: ModelProvider, withLog: string | undefined): Promise<number[]> {
  const latencies: number[] = [];
  const log = withLog ? new EventLog(withLog) : undefined;
  const listeners: ((event: CodexEvent) => void)[] = [
    (event) => {
      if (event.kind === 'task_complete') latencies.push(event.ms);
    },
  ];
  if (log) listeners.push(log.append);
  const result = await runOrchestration(plan, options(provider, listeners));
  log?.close();
  if (result.ok !== plan.taskCount) throw new Error(`only ${result.ok} of ${plan.taskCount} ok`);
  return latencies;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const pct = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const heapMb = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

async function throughputBench(): Promise<void> {
  const plan = makePlan(fleet(50, 4), 200);
  const provider = new BenchProvider(0);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-orch-'));
  const logFile = path.join(dir, 'events.jsonl');
  // warm-up
  await pLimitRun(plan, provider);
  await orchestratorRun(plan, provider, undefined);
  const heapBefore = heapMb();
  const times = { base: [] as number[], orch: [] as number[], orchLog: [] as number[] };
  let baseLat: number[] = [];
  let orchLat: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    let t = performance.now();
    baseLat = await pLimitRun(plan, provider);
    times.base.push(performance.now() - t);
    t = performance.now();
    orchLat = await orchestratorRun(plan, provider, undefined);
    times.orch.push(performance.now() - t);
    t = performance.now();
    await orchestratorRun(plan, provider, logFile);
    times.orchLog.push(performance.now() - t);
    rmSync(logFile, { force: true });
  }
  const heapAfter = heapMb();
  rmSync(dir, { recursive: true, force: true });
  const base = median(times.base);
  const orch = median(times.orch);
  const orchLog = median(times.orchLog);
  const n = plan.taskCount;
  console.log(`\n1) ${n} tasks, 50 aliases, cap 4, zero-latency provider (median of ${ROUNDS} rounds, alternating)`);
  console.log(`   p-limit baseline      ${fmt(base)} ms  ${fmt(n / (base / 1000), 0)} tasks/s  task p50 ${fmt(pct(baseLat, 0.5), 3)} ms p99 ${fmt(pct(baseLat, 0.99), 3)} ms`);
  console.log(
    `   orchestrator          ${fmt(orch)} ms  ${fmt(n / (orch / 1000), 0)} tasks/s  task p50 ${fmt(pct(orchLat, 0.5), 3)} ms p99 ${fmt(pct(orchLat, 0.99), 3)} ms  (events in memory)`,
  );
  console.log(`   orchestrator + log    ${fmt(orchLog)} ms  ${fmt(n / (orchLog / 1000), 0)} tasks/s  (every event appended to events.jsonl)`);
  console.log(`   ratio orchestrator/p-limit ${fmt(orch / base, 2)}× (goal ≤ 1.5×), with event log ${fmt(orchLog / base, 2)}×`);
  console.log(
    `   best rounds: p-limit ${fmt(Math.min(...times.base))} ms, orchestrator ${fmt(Math.min(...times.orch))} ms (${fmt(Math.min(...times.orch) / Math.min(...times.base), 2)}×), with log ${fmt(Math.min(...times.orchLog))} ms (${fmt(Math.min(...times.orchLog) / Math.min(...times.base), 2)}×)`,
  );
  console.log(`   overhead per task ${fmt(((orch - base) * 1000) / n, 2)} µs (with event log ${fmt(((orchLog - base) * 1000) / n, 2)} µs)`);
  console.log(
    `   heap after warm-up ${fmt(heapBefore)} MB, after ${ROUNDS * 3} more runs (${(ROUNDS * 3 * n).toLocaleString('en')} tasks) ${fmt(heapAfter)} MB${gc ? '' : ' (run with --expose-gc for exact figures)'}`,
  );
}

async function latencyBench(): Promise<void> {
  const latency = 10;
  const plan = makePlan(fleet(10, 3), 100);
  const provider = new BenchProvider(latency);
  const ideal = Math.ceil(100 / 3) * latency;
  const baseTimes: number[] = [];
  const orchTimes: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const t0 = performance.now();
    await pLimitRun(plan, provider);
    baseTimes.push(performance.now() - t0);
    const t1 = performance.now();
    await orchestratorRun(plan, provider, undefined);
    orchTimes.push(performance.now() - t1);
  }
  const base = median(baseTimes);
  const orch = median(orchTimes);
  const bestBase = Math.min(...baseTimes);
  const bestOrch = Math.min(...orchTimes);
  console.log(`\n2) 1,000 tasks, 10 aliases capped at 3, ${latency} ms latency each: ideal ${ideal} ms (34 rounds × ${latency} ms), median / best of 5`);
  console.log(`   p-limit baseline ${fmt(base)} ms / ${fmt(bestBase)} ms (${fmt((base / ideal - 1) * 100)} % / ${fmt((bestBase / ideal - 1) * 100)} % over ideal)`);
  console.log(`   orchestrator     ${fmt(orch)} ms / ${fmt(bestOrch)} ms (${fmt((orch / ideal - 1) * 100)} % / ${fmt((bestOrch / ideal - 1) * 100)} % over ideal; goal ≤ 20 %)`);
}

await throughputBench();
await latencyBench();
