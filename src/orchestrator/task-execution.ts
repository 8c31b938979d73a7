import type { ToolPolicy } from '../policy/tool-policy.js';
import type { RequestLimits } from '../providers/types.js';
import type { CodexEvent } from '../telemetry/events.js';
import type { LaneMonitor } from './lane-monitor.js';
import { TaskAttempt } from './task-attempt.js';
import type { OrchestratorOptions, TaskResult } from './orchestrator-options.js';
import type { AliasPlan } from './run-plan.js';
import { HookFailedError, TaskCancelledError, toErrorInfo } from './task-errors.js';
import { runTaskHooks } from './task-hooks.js';
import type { TaskSpec } from './task-map.js';
import { PolicyError } from '../policy/policy-error.js';
import { errorMessage } from '../util/errors.js';

/** What one task execution needs from its run. */
export interface TaskRunContext {
  runId: string;
  options: OrchestratorOptions;
  /** Dispatches a complete event (callers build it with `ts: run.ts()` and `runId`). */
  emit: (event: CodexEvent) => void;
  /** The current time as ISO-8601, cached per millisecond. */
  ts: () => string;
  redact: (text: string) => string;
  /** Aborted when the whole run stops. */
  runSignal: AbortSignal;
}

export interface LaneState {
  plan: AliasPlan;
  policy: ToolPolicy;
  /** Timeouts, heartbeats and cancellation of this lane's running calls. */
  monitor: LaneMonitor;
  /** Passed on every request of this lane (the CLI provider enforces them). */
  limits: RequestLimits;
}

interface AttemptOutcome {
  output: string;
  tokensIn: number;
  tokensOut: number;
  simulated: boolean;
  provider: string;
  model: string | undefined;
  toolCalls: number;
}

/**
 * Runs one accepted task to its end: workspace, `pre_task` hook, provider
 * call(s) with timeout, heartbeats and retries, stream → events, output,
 * `post_task`/`failure` hooks, then `task_complete` or `task_error`.
 * Never throws.
 */
export async function executeTask(run: TaskRunContext, lane: LaneState, task: TaskSpec, acceptedAt: number): Promise<void> {
  const { options } = run;
  const { plan } = lane;
  const base = { runId: run.runId, alias: plan.alias, agentId: plan.agentId, taskId: task.taskId } as const;
  const started = performance.now();
  const queueWaitMs = Math.round(started - acceptedAt);
  const maxAttempts = 1 + options.runtime.retries;
  let workspace: string | undefined;
  let attempts = 0;
  let outcome: AttemptOutcome | undefined;
  let failure: unknown;
  let providerName = options.provider.name;
  const partial = { tokensIn: 0, tokensOut: 0 };

  try {
    if (run.runSignal.aborted) throw new TaskCancelledError(plan.alias, task.taskId);
    if (options.workspaces) {
      workspace = await options.workspaces.create(plan.alias, task.taskId, {
        ...base,
        task: run.redact(task.text),
        tools: task.tools,
        files: task.files,
        priority: task.priority,
        provider: providerName,
        createdAt: run.ts(),
      });
    }
    if (options.runHooks && workspace) {
      const hooksOk = await runHooks(run, lane, task, 'pre_task', workspace);
      if (!hooksOk) throw new HookFailedError(plan.alias, task.taskId, 'pre_task', null);
    }
    const context = options.contextFor
      ? await options.contextFor({ runId: run.runId, alias: plan.alias, agentId: plan.agentId, taskId: task.taskId, text: task.text, definition: plan.definition })
      : undefined;
    const messages = options.buildMessages(plan.definition, task.text, context ? { provider: providerName, alias: plan.alias, context } : { provider: providerName, alias: plan.alias });

    for (attempts = 1; attempts <= maxAttempts; attempts += 1) {
      run.emit({
        ts: run.ts(),
        kind: 'task_started',
        runId: base.runId,
        alias: base.alias,
        agentId: base.agentId,
        taskId: base.taskId,
        provider: providerName,
        attempt: attempts,
        queueWaitMs,
      });
      try {
        const attempt = new TaskAttempt(run, lane, task, base, partial);
        await attempt.execute(messages);
        outcome = attempt;
        failure = undefined;
        break;
      } catch (error) {
        failure = error;
        if (!isRetryable(error) || attempts >= maxAttempts || run.runSignal.aborted) break;
        run.emit({
          ts: run.ts(),
          kind: 'status',
          ...base,
          provider: providerName,
          message: `attempt ${attempts} of ${maxAttempts} failed (${toErrorInfo(error, run.redact).code}); retrying`,
        });
      }
    }
    if (outcome) providerName = outcome.provider;
  } catch (error) {
    failure = error;
  }

  const ms = Math.round(performance.now() - started);
  if (outcome && failure === undefined) {
    const cost = options.costOf ? options.costOf({ tokensIn: outcome.tokensIn, tokensOut: outcome.tokensOut }, outcome.provider, outcome.model) : 0;
    // the full result is only built when something takes it (output.json, onTaskResult): it is the largest per-task object
    const wantsResult = workspace !== undefined || options.onTaskResult !== undefined;
    const result: TaskResult | undefined = wantsResult ? {
      runId: base.runId,
      alias: base.alias,
      agentId: base.agentId,
      taskId: base.taskId,
      task: task.text,
      ok: true,
      output: outcome.output,
      ms,
      attempts,
      provider: outcome.provider,
      model: outcome.model,
      tokensIn: outcome.tokensIn,
      tokensOut: outcome.tokensOut,
      cost,
      simulated: outcome.simulated,
      workspace,
      queueWaitMs,
      toolCalls: outcome.toolCalls,
    } : undefined;
    if (workspace && result) {
      await writeOutput(run, workspace, result);
      if (options.runHooks) await runHooks(run, lane, task, 'post_task', workspace);
      await applyRetention(run, workspace);
    }
    const eventChars = options.eventOutputChars ?? 4_000;
    run.emit({
      ts: run.ts(),
      kind: 'task_complete',
      runId: base.runId,
      alias: base.alias,
      agentId: base.agentId,
      taskId: base.taskId,
      provider: outcome.provider,
      ok: true,
      ms,
      tokensIn: outcome.tokensIn,
      tokensOut: outcome.tokensOut,
      cost,
      simulated: outcome.simulated || undefined,
      output: outcome.output.length > eventChars ? `${outcome.output.slice(0, eventChars)}…` : outcome.output,
    });
    if (result && options.onTaskResult) await deliverResult(run, result);
    return;
  }

  const error = toErrorInfo(failure, run.redact);
  const cost = options.costOf && partial.tokensIn + partial.tokensOut > 0 ? options.costOf(partial, providerName, undefined) : 0;
  const result: TaskResult = {
    ...base,
    task: task.text,
    ok: false,
    output: '',
    ms,
    attempts: Math.max(1, Math.min(attempts, maxAttempts)),
    provider: providerName,
    tokensIn: partial.tokensIn,
    tokensOut: partial.tokensOut,
    cost,
    simulated: false,
    error: { code: error.code, message: error.message },
    workspace,
    queueWaitMs,
    toolCalls: 0,
  };
  if (workspace) {
    await writeOutput(run, workspace, result);
    if (options.runHooks) await runHooks(run, lane, task, 'failure', workspace);
    await applyRetention(run, workspace);
  }
  run.emit({ ts: run.ts(), kind: 'task_error', ...base, provider: providerName, ok: false, ms, error, tokensIn: partial.tokensIn, tokensOut: partial.tokensOut, cost });
  if (options.onTaskResult) await deliverResult(run, result);
}

/**
 * What the CLI provider enforces on its child (SPEC §7): the command
 * whitelist, memory (`resource_limits.memory_mb`), wall-clock (`timeout_ms`)
 * and CPU time. `resource_limits.cpu` is a number of cores, so the child may
 * use `cpu × timeout` seconds of CPU time (RLIMIT_CPU).
 */
export function requestLimits(plan: AliasPlan): RequestLimits {
  const resources = plan.definition.runtime.resource_limits;
  const limits: RequestLimits = {
    memoryMb: resources.memory_mb,
    cpuSeconds: Math.max(1, Math.ceil((resources.cpu * plan.timeoutMs) / 1000)),
    timeoutMs: plan.timeoutMs,
  };
  const commands = plan.definition.capabilities.detail.commands;
  if (commands && commands.length > 0) limits.allowedCommands = commands;
  return limits;
}

function isRetryable(error: unknown): boolean {
  return !(error instanceof PolicyError || error instanceof TaskCancelledError || error instanceof HookFailedError);
}

async function runHooks(run: TaskRunContext, lane: LaneState, task: TaskSpec, phase: 'pre_task' | 'post_task' | 'failure', workspace: string): Promise<boolean> {
  const { plan } = lane;
  return runTaskHooks(
    plan.definition,
    phase,
    { runId: run.runId, alias: plan.alias, agentId: plan.agentId, taskId: task.taskId, task: task.text, workspace },
    { env: run.options.env ?? {}, timeoutMs: run.options.runtime.hook_timeout_ms },
    (hookPhase, result) =>
      run.emit({
        ts: run.ts(),
        runId: run.runId,
        kind: 'hook',
        alias: plan.alias,
        agentId: plan.agentId,
        taskId: task.taskId,
        phase: hookPhase,
        ok: result.ok,
        exitCode: result.exitCode,
        output: run.redact(result.output),
        ms: result.ms,
      }),
  );
}

/** Writes output.json; a write failure is reported as a status event, never lost silently, never fatal. */
async function writeOutput(run: TaskRunContext, workspace: string, result: TaskResult): Promise<void> {
  const workspaces = run.options.workspaces;
  if (!workspaces) return;
  const { task: _task, ...rest } = result;
  try {
    await workspaces.writeOutput(workspace, rest);
  } catch (error) {
    run.emit({ ts: run.ts(), runId: run.runId, kind: 'status', alias: result.alias, agentId: result.agentId, taskId: result.taskId, message: `could not write output.json: ${toErrorInfo(error, run.redact).message}` });
  }
}

/** `runtime.workspace_retention: 0` removes the workspace as soon as the task (and its hooks) are done. */
async function applyRetention(run: TaskRunContext, workspace: string): Promise<void> {
  if (!run.options.workspaces || run.options.runtime.workspace_retention_ms !== 0) return;
  await run.options.workspaces.remove(workspace).catch(() => undefined);
}

/** Hands the result to `onTaskResult` (memory, metrics); a throwing hook is reported as a status event, never fatal. */
async function deliverResult(run: TaskRunContext, result: TaskResult): Promise<void> {
  try {
    await run.options.onTaskResult?.(result);
  } catch (error) {
    run.emit({
      ts: run.ts(),
      runId: run.runId,
      kind: 'status',
      alias: result.alias,
      agentId: result.agentId,
      taskId: result.taskId,
      message: `onTaskResult failed after the task ended: ${run.redact(errorMessage(error))}`,
    });
  }
}
