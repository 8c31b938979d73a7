import { checkTools, toolNotAllowedError, type ToolPolicy } from '../policy/tool-policy.js';
import type { ModelRequest, ModelStreamPart } from '../providers/types.js';
import type { CodexEvent } from '../telemetry/events.js';
import { consumeAbortably, type Consumption } from './abortable-iteration.js';
import type { HeartbeatTicker } from './heartbeat-monitor.js';
import { LazyAbortController } from './lazy-abort-controller.js';
import type { ExecutionLimits, OrchestratorOptions, TaskResult } from './orchestrator-options.js';
import type { AliasPlan } from './run-plan.js';
import { HookFailedError, TaskCancelledError, TaskTimeoutError, toErrorInfo } from './task-errors.js';
import { runTaskHooks } from './task-hooks.js';
import type { TaskSpec } from './task-map.js';
import { PolicyError } from '../policy/policy-error.js';

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
  /** Cancel functions of the provider calls in flight (called when the run stops). */
  activeCancels: Set<() => void>;
}

export interface LaneState {
  plan: AliasPlan;
  policy: ToolPolicy;
  heartbeat: HeartbeatTicker;
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
export async function executeTask(run: TaskRunContext, lane: LaneState, task: TaskSpec, acceptedAt: number): Promise<TaskResult> {
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
        createdAt: new Date((options.clock ?? Date).now()).toISOString(),
      });
    }
    if (options.runHooks && workspace) {
      const hooksOk = await runHooks(run, lane, task, 'pre_task', workspace);
      if (!hooksOk) throw new HookFailedError(plan.alias, task.taskId, 'pre_task', null);
    }
    const context = options.contextFor
      ? await options.contextFor({ runId: run.runId, alias: plan.alias, agentId: plan.agentId, taskId: task.taskId, text: task.text, definition: plan.definition })
      : undefined;
    const messages = options.buildMessages(plan.definition, task.text, { provider: providerName, alias: plan.alias, ...(context ? { context } : {}) });

    for (attempts = 1; attempts <= maxAttempts; attempts += 1) {
      run.emit({ ts: run.ts(), kind: 'task_started', ...base, provider: providerName, attempt: attempts, queueWaitMs });
      try {
        outcome = await runAttempt(run, lane, task, { messages, workspace, partial });
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
    const result: TaskResult = {
      ...base,
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
    };
    if (workspace) {
      await writeOutput(run, workspace, result);
      if (options.runHooks) await runHooks(run, lane, task, 'post_task', workspace);
      await applyRetention(run, workspace);
    }
    const eventChars = options.eventOutputChars ?? 4_000;
    run.emit({
      ts: run.ts(),
      kind: 'task_complete',
      ...base,
      provider: outcome.provider,
      ok: true,
      ms,
      tokensIn: outcome.tokensIn,
      tokensOut: outcome.tokensOut,
      cost,
      simulated: outcome.simulated || undefined,
      output: outcome.output.length > eventChars ? `${outcome.output.slice(0, eventChars)}…` : outcome.output,
    });
    if (options.onTaskResult) await options.onTaskResult(result);
    return result;
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
  if (options.onTaskResult) await options.onTaskResult(result);
  return result;
}

interface AttemptInput {
  messages: ModelRequest['messages'];
  workspace: string | undefined;
  partial: { tokensIn: number; tokensOut: number };
}

/** One provider call under the task's timeout, with heartbeats; maps stream parts to events. */
async function runAttempt(run: TaskRunContext, lane: LaneState, task: TaskSpec, input: AttemptInput): Promise<AttemptOutcome> {
  const { options } = run;
  const { plan } = lane;
  const base = { runId: run.runId, alias: plan.alias, agentId: plan.agentId, taskId: task.taskId };
  const state: AttemptOutcome = { output: '', tokensIn: 0, tokensOut: 0, simulated: false, provider: options.provider.name, model: undefined, toolCalls: 0 };
  const controller = new LazyAbortController();
  let consumption: Consumption | undefined;
  const stop = (reason: Error): void => {
    consumption?.abort(reason);
    controller.abort(reason);
  };
  const cancel = (): void => stop(new TaskCancelledError(plan.alias, task.taskId));
  run.activeCancels.add(cancel);
  const timer = setTimeout(() => stop(new TaskTimeoutError(plan.alias, task.taskId, plan.timeoutMs)), plan.timeoutMs);
  const heartbeat = lane.heartbeat.watch(
    (elapsedMs) => run.emit({ ts: run.ts(), kind: 'heartbeat', ...base, provider: state.provider, elapsedMs }),
    (missed, intervalMs) => run.emit({ ts: run.ts(), kind: 'heartbeat_miss', ...base, provider: state.provider, missed, intervalMs }),
  );
  const request: ModelRequest & { execution: ExecutionLimits } = {
    agentId: plan.agentId,
    alias: plan.alias,
    taskId: task.taskId,
    task: task.text,
    messages: input.messages,
    get signal() {
      return controller.signal;
    },
    execution: executionLimits(plan, input.workspace),
  };
  let openTools: Map<string, number> | undefined;
  const onPart = (part: ModelStreamPart): void => {
    heartbeat.progressed = true;
    switch (part.type) {
      case 'text-delta':
        state.output += part.text;
        run.emit({ ts: run.ts(), kind: 'chunk', ...base, provider: state.provider, text: run.redact(part.text) });
        break;
      case 'tool-call-start':
        checkToolCall(run, lane, task, part.name);
        (openTools ??= new Map()).set(part.id, performance.now());
        run.emit({ ts: run.ts(), kind: 'tool_start', ...base, provider: state.provider, tool: part.name, callId: part.id });
        break;
      case 'tool-call': {
        const openedAt = openTools?.get(part.call.id);
        if (openedAt === undefined) {
          checkToolCall(run, lane, task, part.call.name);
          run.emit({ ts: run.ts(), kind: 'tool_start', ...base, provider: state.provider, tool: part.call.name, callId: part.call.id, input: part.call.input });
        }
        openTools?.delete(part.call.id);
        state.toolCalls += 1;
        const ms = openedAt === undefined ? 0 : Math.round(performance.now() - openedAt);
        run.emit({ ts: run.ts(), kind: 'tool_end', ...base, provider: state.provider, tool: part.call.name, callId: part.call.id, ok: true, ms });
        break;
      }
      case 'status':
        run.emit({ ts: run.ts(), kind: 'status', ...base, provider: state.provider, message: run.redact(part.message) });
        break;
      case 'failover':
        run.emit({ ts: run.ts(), kind: 'failover', ...base, provider: part.to, from: part.from, to: part.to, reason: run.redact(part.reason), resumeAt: part.resumeAt });
        state.provider = part.to;
        break;
      case 'usage':
        state.tokensIn = input.partial.tokensIn = part.usage.tokensIn;
        state.tokensOut = input.partial.tokensOut = part.usage.tokensOut;
        break;
      case 'finish':
        if (part.usage) {
          state.tokensIn = input.partial.tokensIn = part.usage.tokensIn;
          state.tokensOut = input.partial.tokensOut = part.usage.tokensOut;
        }
        if (part.simulated) state.simulated = true;
        if (part.model) state.model = part.model;
        if (part.provider) state.provider = part.provider;
        break;
      default:
        break;
    }
  };
  try {
    if (controller.aborted) throw controller.reason;
    consumption = consumeAbortably(options.provider.stream(request), onPart);
    await consumption.done;
  } finally {
    clearTimeout(timer);
    lane.heartbeat.unwatch(heartbeat);
    run.activeCancels.delete(cancel);
  }
  state.output = run.redact(state.output);
  return state;
}

/** What the CLI provider enforces on its child: command whitelist, resource limits, timeout, cwd. */
function executionLimits(plan: AliasPlan, workspace: string | undefined): ExecutionLimits {
  const limits: ExecutionLimits = { resourceLimits: plan.definition.runtime.resource_limits, timeoutMs: plan.timeoutMs };
  const commands = plan.definition.capabilities.detail.commands;
  if (commands) limits.commands = commands;
  if (workspace) limits.workspace = workspace;
  return limits;
}

/** A tool call the model makes mid-stream goes through the same policy as requested tools. */
function checkToolCall(run: TaskRunContext, lane: LaneState, task: TaskSpec, tool: string): void {
  const check = checkTools(lane.policy, [tool]);
  const base = { runId: run.runId, alias: lane.plan.alias, agentId: lane.plan.agentId, taskId: task.taskId, provider: run.options.provider.name };
  for (const audited of check.audited) run.emit({ ts: run.ts(), kind: 'tool_audit', ...base, tool: audited, reason: 'restricted tool called by the model' });
  if (check.violations.length === 0) return;
  run.emit({ ts: run.ts(), kind: 'policy_violation', ...base, tool, allowed: [...lane.policy.allowed], enforced: Boolean(run.options.strictTools) });
  if (run.options.strictTools) throw toolNotAllowedError(lane.policy, tool, { alias: lane.plan.alias, taskId: task.taskId });
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
