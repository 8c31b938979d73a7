import { createStreamRedactor, type StreamRedactor } from '../memory/stream-redactor.js';
import { checkTools, toolNotAllowedError } from '../policy/tool-policy.js';
import type { ChatMessage, ModelRequest, ModelStreamPart } from '../providers/types.js';
import { AttemptRequest } from './attempt-request.js';
import { consumeAbortably, type Consumption, type ItemSink } from './abortable-iteration.js';
import type { MonitoredCall } from './lane-monitor.js';
import { LazyAbortController } from './lazy-abort-controller.js';
import { TaskCancelledError, TaskTimeoutError } from './task-errors.js';
import type { LaneState, TaskRunContext } from './task-execution.js';
import type { TaskSpec } from './task-map.js';

/** Fields every event of a task carries. */
export interface TaskEventBase {
  runId: string;
  alias: string;
  agentId: string;
  taskId: string;
}

/**
 * One provider call of a task (an attempt): runs the stream under the lane's
 * timeout and heartbeat monitor, maps stream parts to events and collects the
 * outcome. One object per attempt holds everything (no per-call closures):
 * the orchestrator's per-task cost stays small.
 */
export class TaskAttempt implements MonitoredCall, ItemSink<ModelStreamPart> {
  // monitor state
  readonly startedAt: number;
  readonly deadline: number;
  progressed = false;
  lastSeenAt: number;
  missed = 0;
  done = false;
  // outcome
  output = '';
  tokensIn = 0;
  tokensOut = 0;
  simulated = false;
  provider: string;
  model: string | undefined;
  toolCalls = 0;

  private readonly controller = new LazyAbortController();
  private consumption: Consumption | undefined;
  private openTools: Map<string, number> | undefined;
  private readonly chunkRedactor: StreamRedactor | undefined;

  constructor(
    private readonly run: TaskRunContext,
    private readonly lane: LaneState,
    private readonly task: TaskSpec,
    private readonly base: TaskEventBase,
    /** Usage so far, visible to the caller even when the attempt fails. */
    private readonly partial: { tokensIn: number; tokensOut: number },
  ) {
    const monitor = lane.monitor;
    this.startedAt = monitor.now();
    this.lastSeenAt = this.startedAt;
    this.deadline = this.startedAt + monitor.timeoutMs;
    this.provider = run.options.provider.name;
    // A secret split across deltas escapes per-chunk redaction: hold back a possible partial secret (issue 6).
    this.chunkRedactor = run.options.redactText ? createStreamRedactor(run.redact) : undefined;
  }

  /**
   * Runs the provider call to its end; rejects with the provider's error, a
   * timeout or a cancellation. Not async: it hands back the consumption's
   * `done`, and the clean-up runs in {@link TaskAttempt.end} (one async frame
   * less per task).
   */
  execute(messages: ChatMessage[]): Promise<void> {
    const { run, lane, task, controller } = this;
    const request: ModelRequest = new AttemptRequest(lane.plan.agentId, lane.plan.alias, task.taskId, task.text, messages, lane.limits, controller);
    lane.monitor.add(this);
    let source: AsyncIterable<ModelStreamPart>;
    try {
      if (run.runSignal.aborted) throw new TaskCancelledError(lane.plan.alias, task.taskId);
      source = run.options.provider.stream(request);
    } catch (error) {
      try {
        this.end(false);
      } catch (endError) {
        return Promise.reject(endError as Error);
      }
      return Promise.reject(error as Error);
    }
    this.consumption = consumeAbortably(source, this);
    return this.consumption.done;
  }

  /** The call is over (called once by the consumption, before `done` settles): leave the monitor, flush held-back text, redact the output. */
  end(ok: boolean): void {
    const { run } = this;
    this.lane.monitor.remove(this);
    const rest = this.chunkRedactor?.flush();
    if (rest) run.emit({ ts: run.ts(), kind: 'chunk', ...this.base, provider: this.provider, text: rest });
    if (ok) this.output = run.redact(this.output);
  }

  stop(reason: Error): void {
    this.consumption?.abort(reason);
    this.controller.abort(reason);
  }

  onTimeout(): void {
    this.stop(new TaskTimeoutError(this.lane.plan.alias, this.task.taskId, this.lane.monitor.timeoutMs));
  }

  onCancel(): void {
    this.stop(new TaskCancelledError(this.lane.plan.alias, this.task.taskId));
  }

  onBeat(elapsedMs: number): void {
    this.run.emit({ ts: this.run.ts(), kind: 'heartbeat', ...this.base, provider: this.provider, elapsedMs });
  }

  onMiss(missed: number, intervalMs: number): void {
    this.run.emit({ ts: this.run.ts(), kind: 'heartbeat_miss', ...this.base, provider: this.provider, missed, intervalMs });
  }

  /** One stream part → state and events. */
  push(part: ModelStreamPart): void {
    const { run, base } = this;
    this.progressed = true;
    switch (part.type) {
      case 'text-delta': {
        this.output += part.text;
        const text = this.chunkRedactor ? this.chunkRedactor.push(part.text) : part.text;
        if (text) {
          run.emit({ ts: run.ts(), kind: 'chunk', runId: base.runId, alias: base.alias, agentId: base.agentId, taskId: base.taskId, provider: this.provider, text });
        }
        break;
      }
      case 'tool-call-start':
        this.checkToolCall(part.name);
        (this.openTools ??= new Map()).set(part.id, performance.now());
        run.emit({ ts: run.ts(), kind: 'tool_start', ...base, provider: this.provider, tool: part.name, callId: part.id });
        break;
      case 'tool-call': {
        const openedAt = this.openTools?.get(part.call.id);
        if (openedAt === undefined) {
          this.checkToolCall(part.call.name);
          run.emit({ ts: run.ts(), kind: 'tool_start', ...base, provider: this.provider, tool: part.call.name, callId: part.call.id, input: part.call.input });
        }
        this.openTools?.delete(part.call.id);
        this.toolCalls += 1;
        const ms = openedAt === undefined ? 0 : Math.round(performance.now() - openedAt);
        run.emit({ ts: run.ts(), kind: 'tool_end', ...base, provider: this.provider, tool: part.call.name, callId: part.call.id, ok: true, ms });
        break;
      }
      case 'status':
        run.emit({ ts: run.ts(), kind: 'status', ...base, provider: this.provider, message: run.redact(part.message) });
        break;
      case 'failover':
        run.emit({ ts: run.ts(), kind: 'failover', ...base, provider: part.to, from: part.from, to: part.to, reason: run.redact(part.reason), resumeAt: part.resumeAt });
        this.provider = part.to;
        break;
      case 'usage':
        this.tokensIn = this.partial.tokensIn = part.usage.tokensIn;
        this.tokensOut = this.partial.tokensOut = part.usage.tokensOut;
        break;
      case 'finish':
        if (part.usage) {
          this.tokensIn = this.partial.tokensIn = part.usage.tokensIn;
          this.tokensOut = this.partial.tokensOut = part.usage.tokensOut;
        }
        if (part.simulated) this.simulated = true;
        if (part.model) this.model = part.model;
        if (part.provider) this.provider = part.provider;
        break;
      default:
        break;
    }
  }

  /** A tool call the model makes mid-stream goes through the same policy as requested tools. */
  private checkToolCall(tool: string): void {
    const { run, lane, task } = this;
    const check = checkTools(lane.policy, [tool]);
    const base = { ...this.base, provider: this.provider };
    for (const audited of check.audited) run.emit({ ts: run.ts(), kind: 'tool_audit', ...base, tool: audited, reason: 'restricted tool called by the model' });
    if (check.violations.length === 0) return;
    run.emit({ ts: run.ts(), kind: 'policy_violation', ...base, tool, allowed: [...lane.policy.allowed], enforced: Boolean(run.options.strictTools) });
    if (run.options.strictTools) throw toolNotAllowedError(lane.policy, tool, { alias: lane.plan.alias, taskId: task.taskId });
  }
}
