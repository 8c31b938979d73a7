import type { CodexFlowConfig } from '../config/config-schema.js';
import type { PlanAliasSummary } from '../telemetry/events.js';
import { InvalidInputError, errorMessage } from '../util/errors.js';
import { assertSafeId } from '../util/safe-id.js';
import type { QueueStrategy } from './scheduler.js';
import type { AgentResolver, ResolvedAgent } from './resolved-agent.js';
import type { TaskSpec } from './task-map.js';

/** One alias lane of a run: its agent, its limits (after alias overrides) and its tasks. */
export interface AliasPlan extends ResolvedAgent {
  maxParallel: number;
  queueStrategy: QueueStrategy;
  /** Tasks allowed to wait beyond the running ones. */
  queueLimit: number;
  timeoutMs: number;
  heartbeatIntervalMs: number;
  tasks: TaskSpec[];
}

export interface RunPlan {
  runId: string;
  aliases: AliasPlan[];
  taskCount: number;
}

export type RuntimeConfig = CodexFlowConfig['runtime'];

/**
 * Resolves every key of the task map through the registry and groups the
 * tasks per alias. Unknown aliases are refused here with the list of what is
 * known, before anything runs.
 */
export function buildRunPlan(runId: string, tasks: readonly TaskSpec[], resolver: AgentResolver, runtime: Pick<RuntimeConfig, 'queue_limit'>): RunPlan {
  assertSafeId('run id', runId);
  const lanes = new Map<string, AliasPlan>();
  const unknown: string[] = [];
  for (const task of tasks) {
    let lane = lanes.get(task.aliasOrId);
    if (!lane) {
      let resolved: ResolvedAgent;
      try {
        resolved = resolver.resolve(task.aliasOrId);
      } catch (error) {
        unknown.push(`${task.aliasOrId} (${errorMessage(error)})`);
        continue;
      }
      assertSafeId('alias', resolved.alias);
      assertSafeId('agent id', resolved.agentId);
      const runtimeSection = resolved.definition.runtime;
      lane = {
        ...resolved,
        maxParallel: runtimeSection.concurrency.max_parallel_tasks,
        queueStrategy: runtimeSection.concurrency.queue_strategy,
        queueLimit: runtimeSection.concurrency.queue_limit ?? runtime.queue_limit,
        timeoutMs: runtimeSection.timeout_ms,
        heartbeatIntervalMs: runtimeSection.heartbeat_interval_ms,
        tasks: [],
      };
      lanes.set(task.aliasOrId, lane);
    }
    lane.tasks.push(task);
  }
  if (unknown.length > 0) {
    throw new InvalidInputError(`Cannot resolve ${unknown.length === 1 ? 'alias' : 'aliases'} ${unknown.join('; ')}. Use an alias from codex-flow.config or an agent id from the bundle.`, {
      unknown,
    });
  }
  return { runId, aliases: [...lanes.values()], taskCount: tasks.length };
}

export function summarizePlan(plan: RunPlan): PlanAliasSummary[] {
  return plan.aliases.map((lane) => ({
    alias: lane.alias,
    agentId: lane.agentId,
    tasks: lane.tasks.length,
    maxParallel: lane.maxParallel,
    queueStrategy: lane.queueStrategy,
    queueLimit: lane.queueLimit,
    timeoutMs: lane.timeoutMs,
  }));
}

/** A short run id that is a safe id and sorts by time: `r<seconds since epoch, base 36>-<suffix>`. */
export function newRunId(nowMs: number, suffix: string): string {
  const stamp = Math.floor(nowMs / 1000).toString(36).padStart(7, '0');
  return assertSafeId('run id', `r${stamp}-${suffix}`);
}
