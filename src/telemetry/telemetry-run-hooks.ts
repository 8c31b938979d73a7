import type { AgentDefinition } from '../agents/schema.js';
import { errorMessage } from '../util/errors.js';
import type { Clock, Env } from '../util/runtime-context.js';
import { AlertMonitor, alertPolicyFromAgent } from './alerts.js';
import type { CodexEvent, EventListener } from './events.js';
import { recomputeMetrics } from './metrics.js';
import { otlpTraceTarget } from './otlp-endpoint.js';

export interface TelemetryRunHooksOptions {
  root: string;
  env: Env;
  clock: Clock;
  /** The definition an alias or agent id runs (overrides applied); undefined when unknown. */
  definitionOf: (aliasOrAgentId: string) => AgentDefinition | undefined;
  /** Where `alert` events go: the run's event sink (event log, --json stream). */
  emit: (event: CodexEvent) => void;
}

export interface TelemetryRunHooks {
  /** Add to the orchestrator's listeners. */
  listeners: EventListener[];
  /** After the run, once the event log is flushed: ends spans, exports them, recomputes data/metrics/agents.json. */
  close(): Promise<void>;
  /** `otlp <url>` when traces are exported, undefined when tracing is off. */
  tracing: string | undefined;
}

/**
 * Traces (only when OTLP is configured in the env: otherwise no tracer exists
 * and no listener is added), alerts (failure rate / heartbeat misses, emitted
 * as `alert` events) and the metrics recompute after the run.
 */
export async function telemetryRunHooks(options: TelemetryRunHooksOptions): Promise<TelemetryRunHooks> {
  const definition = (alias: string | undefined, agentId: string): AgentDefinition | undefined =>
    (alias ? options.definitionOf(alias) : undefined) ?? options.definitionOf(agentId);
  // The OpenTelemetry SDK is loaded only when traces are exported: no cost otherwise.
  const { createTracing, tracedAgentInfo } = otlpTraceTarget(options.env) ? await import('./tracing.js') : { createTracing: undefined, tracedAgentInfo: undefined };
  const tracing = createTracing?.({
    env: options.env,
    clock: options.clock,
    agentInfo: (agentId, alias) => {
      const found = definition(alias, agentId);
      return found && tracedAgentInfo ? tracedAgentInfo(found) : undefined;
    },
  });
  const alerts = new AlertMonitor({
    emit: options.emit,
    clock: options.clock,
    policyFor: (agentId) => {
      const found = options.definitionOf(agentId);
      return found ? alertPolicyFromAgent(found) : undefined;
    },
  });
  return {
    listeners: tracing ? [tracing.listener, alerts.listener] : [alerts.listener],
    tracing: tracing?.target,
    close: async () => {
      try {
        await tracing?.shutdown();
      } catch (error) {
        // A collector that is down must not fail a finished run, but it is said, not swallowed.
        options.emit({ kind: 'status', ts: new Date(options.clock.now()).toISOString(), message: errorMessage(error) });
      } finally {
        recomputeMetrics(options.root, options.clock);
      }
    },
  };
}
