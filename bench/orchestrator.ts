/**
 * bench/orchestrator — run with `npm run bench:orchestrator`
 * (node --expose-gc --import tsx bench/orchestrator.ts).
 *
 * 1. 10,000 tasks over 50 aliases (cap 4 each) on a zero-latency provider:
 *    the orchestrator (scheduler, events, timeouts, heartbeats, policy) with
 *    events in memory and with the events.jsonl log, next to a bare p-limit
 *    loop per alias doing the same provider work (same messages, same
 *    stream), in the same process: 2 warm-up rounds of every arm, then
 *    ROUNDS rounds with the arms in rotating order and a gc before each;
 *    median and best wall time, CPU time, ratios (of medians, of bests, and
 *    the median of per-round ratios), per-task overhead, per-task latency
 *    p50/p99, heap before/after. Goal: ≤ 1.5× p-limit, flat memory.
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
const ROUNDS = 9;

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

type Arm = 'base' | 'orch' | 'orchLog';
const ARMS: readonly Arm[] = ['base', 'orch', 'orchLog'];

interface ArmTimes {
  wall: number[];
  cpu: number[];
}

async function throughputBench(): Promise<void> {
  const plan = makePlan(fleet(50, 4), 200);
  const provider = new BenchProvider(0);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-orch-'));
  const logFile = path.join(dir, 'events.jsonl');
  const latencies: Record<Arm, number[]> = { base: [], orch: [], orchLog: [] };
  const runArm = async (arm: Arm): Promise<void> => {
    if (arm === 'base') latencies.base = await pLimitRun(plan, provider);
    else if (arm === 'orch') latencies.orch = await orchestratorRun(plan, provider, undefined);
    else latencies.orchLog = await orchestratorRun(plan, provider, logFile);
  };
  // warm-up: every arm twice, so all three run optimised code before timing starts
  for (let i = 0; i < 2; i += 1) for (const arm of ARMS) await runArm(arm);
  rmSync(logFile, { force: true });
  const heapBefore = heapMb();
  const times: Record<Arm, ArmTimes> = { base: { wall: [], cpu: [] }, orch: { wall: [], cpu: [] }, orchLog: { wall: [], cpu: [] } };
  for (let round = 0; round < ROUNDS; round += 1) {
    // rotate the order so no arm always runs right after another (and inherits its garbage or a busy neighbour)
    for (let k = 0; k < ARMS.length; k += 1) {
      const arm = ARMS[(round + k) % ARMS.length]!;
      gc?.(); // every arm starts from a collected heap: the previous arm's garbage is not charged to it
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      await runArm(arm);
      times[arm].wall.push(performance.now() - t);
      const cpu = process.cpuUsage(cpu0);
      times[arm].cpu.push((cpu.user + cpu.system) / 1000);
    }
    rmSync(logFile, { force: true });
  }
  const heapAfter = heapMb();
  rmSync(dir, { recursive: true, force: true });
  const n = plan.taskCount;
  const med = (arm: Arm): number => median(times[arm].wall);
  const best = (arm: Arm): number => Math.min(...times[arm].wall);
  const cpuMed = (arm: Arm): number => median(times[arm].cpu);
  // per-round ratio: the two arms of one round ran seconds apart, so load from other processes mostly cancels out
  const paired = (arm: Arm): number => median(times[arm].wall.map((ms, i) => ms / times.base.wall[i]!));
  const line = (label: string, arm: Arm, note: string): string => {
    const lat = latencies[arm];
    const latText = lat.length > 0 ? `  task p50 ${fmt(pct(lat, 0.5), 3)} ms p99 ${fmt(pct(lat, 0.99), 3)} ms` : '';
    return `   ${label.padEnd(20)} median ${fmt(med(arm)).padStart(6)} ms  best ${fmt(best(arm)).padStart(6)} ms  cpu ${fmt(cpuMed(arm)).padStart(6)} ms  ${fmt(n / (med(arm) / 1000), 0)} tasks/s${latText}${note}`;
  };
  const ratios = (arm: Arm): string =>
    `median ${fmt(med(arm) / med('base'), 2)}×, best ${fmt(best(arm) / best('base'), 2)}×, per-round ${fmt(paired(arm), 2)}×, cpu ${fmt(cpuMed(arm) / cpuMed('base'), 2)}×`;
  console.log(`\n1) ${n} tasks, 50 aliases, cap 4, zero-latency provider (${ROUNDS} rounds, arms in rotating order, gc before each, 2 warm-up rounds)`);
  console.log(line('p-limit baseline', 'base', ''));
  console.log(line('orchestrator', 'orch', '  (events in memory)'));
  console.log(line('orchestrator + log', 'orchLog', '  (every event appended to events.jsonl)'));
  console.log(`   ratio orchestrator/p-limit: ${ratios('orch')} (goal ≤ 1.5×)`);
  console.log(`   ratio with event log:       ${ratios('orchLog')}`);
  console.log(
    `   overhead per task (median) ${fmt(((med('orch') - med('base')) * 1000) / n, 2)} µs, with event log ${fmt(((med('orchLog') - med('base')) * 1000) / n, 2)} µs; p-limit itself ${fmt((med('base') * 1000) / n, 2)} µs per task`,
  );
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
