import { checkTools, toolNotAllowedError, toolPolicyFor } from '../policy/tool-policy.js';
import type { AliasRunSummary, CodexEvent, EventListener } from '../telemetry/events.js';
import type { OrchestratorOptions } from './orchestrator-options.js';
import type { RunPlan } from './run-plan.js';
import { LaneMonitor } from './lane-monitor.js';
import { RunSummary } from './run-summary.js';
import { AliasScheduler } from './scheduler.js';
import { TaskCancelledError, toErrorInfo } from './task-errors.js';
import { executeTask, requestLimits, type LaneState, type TaskRunContext } from './task-execution.js';
import type { TaskSpec } from './task-map.js';
import { systemClock } from '../util/runtime-context.js';

export interface RunResult {
  runId: string;
  ms: number;
  ok: number;
  failed: number;
  rejected: number;
  tokensIn: number;
  tokensOut: number;
  cost: number;
  summary: AliasRunSummary[];
}

interface QueuedTask {
  priority: number;
  task: TaskSpec;
  lane: LaneState;
  acceptedAt: number;
}

const identity = (text: string): string => text;

/**
 * Runs a plan (SPEC §5): one lane per alias with its own cap, queue strategy
 * and queue limit; tasks over the limit are rejected (`task_rejected`), tasks
 * asking for tools outside the agent's allow-list fail before queueing under
 * `strictTools` (else `policy_violation`), restricted tools are audited
 * (`tool_audit`). Every event goes to `options.listeners` synchronously.
 * Resolves when every accepted task has finished; never rejects for a task's
 * failure (see the counts in the result).
 */
export async function runOrchestration(plan: RunPlan, options: OrchestratorOptions): Promise<RunResult> {
  const clock = options.clock ?? systemClock;
  const listeners: EventListener[] = options.listeners ?? [];
  const summary = new RunSummary();
  const redact = options.redactText ?? identity;
  const runStarted = performance.now();
  const runController = new AbortController();
  const onOuterAbort = (): void => runController.abort(options.signal?.reason);
  if (options.signal?.aborted) runController.abort(options.signal.reason);
  else options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  let lastMs = Number.NaN;
  let lastIso = '';
  const ts = (): string => {
    const now = clock.now();
    if (now !== lastMs) {
      lastMs = now;
      lastIso = new Date(now).toISOString();
    }
    return lastIso;
  };
  const emit = (event: CodexEvent): void => {
    summary.record(event);
    for (let i = 0; i < listeners.length; i += 1) listeners[i]!(event);
  };
  const run: TaskRunContext = { runId: plan.runId, options, emit, ts, redact, runSignal: runController.signal };

  const lanes = new Map<string, LaneState>();
  const scheduler = new AliasScheduler<QueuedTask>({
    run: (_alias, queued) => executeTask(run, queued.lane, queued.task, queued.acceptedAt),
    onDropped: (alias, queued) => {
      const lane = queued.lane;
      emit({
        ts: ts(),
        runId: plan.runId,
        kind: 'task_error',
        alias,
        agentId: lane.plan.agentId,
        taskId: queued.task.taskId,
        provider: options.provider.name,
        ok: false,
        ms: 0,
        error: toErrorInfo(new TaskCancelledError(alias, queued.task.taskId), redact),
      });
    },
  });
  const onRunAbort = (): void => {
    scheduler.cancel();
    for (const lane of lanes.values()) lane.monitor.cancelAll();
  };
  runController.signal.addEventListener('abort', onRunAbort, { once: true });

  emit({ ts: ts(), runId: plan.runId, kind: 'run_started', provider: options.provider.name, tasks: plan.taskCount, aliases: plan.aliases.map((lane) => lane.alias) });
  for (const lanePlan of plan.aliases) {
    const lane: LaneState = {
      plan: lanePlan,
      policy: toolPolicyFor(lanePlan.definition),
      monitor: new LaneMonitor(lanePlan.timeoutMs, lanePlan.heartbeatIntervalMs),
      limits: requestLimits(lanePlan),
    };
    lanes.set(lanePlan.alias, lane);
    summary.addAlias(lanePlan.alias, lanePlan.agentId, lanePlan.tasks.length);
    scheduler.addLane(lanePlan.alias, { maxParallel: lanePlan.maxParallel, strategy: lanePlan.queueStrategy, queueLimit: lanePlan.queueLimit });
  }

  for (const lane of lanes.values()) {
    for (const task of lane.plan.tasks) submitTask(run, scheduler, lane, task);
  }
  await scheduler.onIdle();
  for (const lane of lanes.values()) lane.monitor.close();
  options.signal?.removeEventListener('abort', onOuterAbort);

  const aliases = summary.aliases((alias) => scheduler.stats(alias).maxInFlight);
  const totals = aliases.reduce(
    (sum, entry) => ({
      ok: sum.ok + entry.ok,
      failed: sum.failed + entry.failed,
      rejected: sum.rejected + entry.rejected,
      tokensIn: sum.tokensIn + entry.tokensIn,
      tokensOut: sum.tokensOut + entry.tokensOut,
      cost: sum.cost + entry.cost,
    }),
    { ok: 0, failed: 0, rejected: 0, tokensIn: 0, tokensOut: 0, cost: 0 },
  );
  const ms = Math.round(performance.now() - runStarted);
  const result: RunResult = { runId: plan.runId, ms, ...totals, cost: Math.round(totals.cost * 1e8) / 1e8, summary: aliases };
  emit({ ts: ts(), kind: 'run_complete', provider: options.provider.name, ...result, summary: aliases });
  return result;
}

/** Policy check, then queue (or reject). Strict-tools violations fail here, before the task is queued. */
function submitTask(run: TaskRunContext, scheduler: AliasScheduler<QueuedTask>, lane: LaneState, task: TaskSpec): void {
  const { plan } = lane;
  const provider = run.options.provider.name;
  if (task.tools.length > 0) {
    const base = { runId: run.runId, alias: plan.alias, agentId: plan.agentId, taskId: task.taskId, provider };
    const check = checkTools(lane.policy, task.tools);
    for (const tool of check.audited) run.emit({ ts: run.ts(), kind: 'tool_audit', ...base, tool, reason: 'restricted tool requested by the task' });
    for (const tool of check.violations) {
      run.emit({ ts: run.ts(), kind: 'policy_violation', ...base, tool, allowed: [...lane.policy.allowed], enforced: Boolean(run.options.strictTools) });
    }
    if (run.options.strictTools && check.violations.length > 0) {
      const error = toolNotAllowedError(lane.policy, check.violations[0]!, { alias: plan.alias, taskId: task.taskId });
      run.emit({ ts: run.ts(), kind: 'task_error', ...base, ok: false, ms: 0, error: toErrorInfo(error, run.redact) });
      return;
    }
  }
  const submitted = scheduler.submit(plan.alias, { priority: task.priority, task, lane, acceptedAt: performance.now() });
  if (submitted.accepted) {
    run.emit({ ts: run.ts(), kind: 'task_queued', runId: run.runId, alias: plan.alias, agentId: plan.agentId, taskId: task.taskId, provider, queueDepth: submitted.queueDepth });
  } else {
    run.emit({ ts: run.ts(), kind: 'task_rejected', runId: run.runId, alias: plan.alias, agentId: plan.agentId, taskId: task.taskId, provider, reason: submitted.reason });
  }
}
