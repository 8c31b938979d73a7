import type { AgentDefinition } from '../agents/schema.js';
import type { Clock } from '../util/runtime-context.js';
import type { CodexEvent, EventListener, EventOf } from './events.js';

/** An agent's `metrics` section, as the alert monitor reads it. */
export interface AlertPolicy {
  /** `metrics.thresholds.failure_rate_pct`: alert when the windowed failure rate is ABOVE this. */
  failureRatePct: number;
  /** `metrics.thresholds.heartbeat_miss`: alert when one task misses this many heartbeats (0 = off). */
  heartbeatMiss: number;
  /** `metrics.escalation.notify`: who the alert names. */
  notify: readonly string[];
}

export function alertPolicyFromAgent(agent: Pick<AgentDefinition, 'metrics'>): AlertPolicy {
  return {
    failureRatePct: agent.metrics.thresholds.failure_rate_pct,
    heartbeatMiss: agent.metrics.thresholds.heartbeat_miss,
    notify: [...agent.metrics.escalation.notify],
  };
}

/** Schema defaults, for agents the lookup does not know. */
export const DEFAULT_ALERT_POLICY: AlertPolicy = { failureRatePct: 10, heartbeatMiss: 2, notify: [] };

export interface AlertMonitorOptions {
  /** Where `alert` events go (the orchestrator's event sink: log, --json, listeners). */
  emit: (event: EventOf<'alert'>) => void;
  policyFor: (agentId: string) => AlertPolicy | undefined;
  clock: Clock;
  /** Recent finished tasks per agent the failure rate is computed over. Default 20. */
  window?: number;
  /** No failure-rate alert before this many tasks are in the window. Default 5. */
  minTasks?: number;
}

interface AgentWindow {
  outcomes: boolean[];
  /** True while the rate is above the threshold: one alert per excursion, re-armed when it drops back. */
  firing: boolean;
}

/**
 * Watches task outcomes and heartbeats, emitting an `alert` event naming
 * `metrics.escalation.notify`:
 * - failure rate over the last `window` finished tasks of an agent above
 *   `metrics.thresholds.failure_rate_pct` (once per excursion above it);
 * - a task that missed `metrics.thresholds.heartbeat_miss` heartbeats (once per task).
 */
export class AlertMonitor {
  private readonly windows = new Map<string, AgentWindow>();
  private readonly heartbeatAlerted = new Set<string>();
  private readonly size: number;
  private readonly minTasks: number;

  constructor(private readonly options: AlertMonitorOptions) {
    this.size = Math.max(1, Math.floor(options.window ?? 20));
    this.minTasks = Math.min(this.size, Math.max(1, Math.floor(options.minTasks ?? 5)));
  }

  readonly listener: EventListener = (event: CodexEvent): void => {
    if (event.kind === 'task_complete' || event.kind === 'task_error') this.onOutcome(event);
    else if (event.kind === 'heartbeat_miss') this.onHeartbeatMiss(event);
  };

  /** Current failure rate (percent) over the window for an agent; undefined before any task. */
  failureRatePct(agentId: string): number | undefined {
    const window = this.windows.get(agentId);
    if (!window || window.outcomes.length === 0) return undefined;
    return (window.outcomes.filter((ok) => !ok).length / window.outcomes.length) * 100;
  }

  private policy(agentId: string): AlertPolicy {
    return this.options.policyFor(agentId) ?? DEFAULT_ALERT_POLICY;
  }

  private onOutcome(event: EventOf<'task_complete'> | EventOf<'task_error'>): void {
    if (!event.agentId) return;
    this.heartbeatAlerted.delete(taskKey(event));
    let window = this.windows.get(event.agentId);
    if (!window) {
      window = { outcomes: [], firing: false };
      this.windows.set(event.agentId, window);
    }
    window.outcomes.push(event.ok);
    if (window.outcomes.length > this.size) window.outcomes.shift();
    if (window.outcomes.length < this.minTasks) return;
    const policy = this.policy(event.agentId);
    const failed = window.outcomes.filter((ok) => !ok).length;
    const ratePct = (failed / window.outcomes.length) * 100;
    if (ratePct <= policy.failureRatePct) {
      window.firing = false;
      return;
    }
    if (window.firing) return;
    window.firing = true;
    this.emit(event, policy, {
      reason: `failure rate ${ratePct.toFixed(1)}% (${failed} of the last ${window.outcomes.length} tasks) of agent ${event.agentId} is above metrics.thresholds.failure_rate_pct ${policy.failureRatePct}%`,
      failureRatePct: Math.round(ratePct * 10) / 10,
    });
  }

  private onHeartbeatMiss(event: EventOf<'heartbeat_miss'>): void {
    if (!event.agentId) return;
    const policy = this.policy(event.agentId);
    if (policy.heartbeatMiss <= 0 || event.missed < policy.heartbeatMiss) return;
    const id = taskKey(event);
    if (this.heartbeatAlerted.has(id)) return;
    this.heartbeatAlerted.add(id);
    this.emit(event, policy, {
      reason: `task ${event.taskId ?? '?'} of agent ${event.agentId} missed ${event.missed} heartbeats (every ${event.intervalMs} ms), metrics.thresholds.heartbeat_miss is ${policy.heartbeatMiss}`,
    });
  }

  private emit(source: CodexEvent, policy: AlertPolicy, body: { reason: string; failureRatePct?: number }): void {
    const alert: EventOf<'alert'> = {
      kind: 'alert',
      ts: new Date(this.options.clock.now()).toISOString(),
      reason: body.reason,
      notify: [...policy.notify],
    };
    if (body.failureRatePct !== undefined) alert.failureRatePct = body.failureRatePct;
    if (source.runId !== undefined) alert.runId = source.runId;
    if (source.alias !== undefined) alert.alias = source.alias;
    if (source.agentId !== undefined) alert.agentId = source.agentId;
    if (source.taskId !== undefined && source.kind === 'heartbeat_miss') alert.taskId = source.taskId;
    this.options.emit(alert);
  }
}

function taskKey(event: CodexEvent): string {
  return `${event.runId ?? ''}\u0000${event.alias ?? ''}\u0000${event.taskId ?? ''}`;
}
