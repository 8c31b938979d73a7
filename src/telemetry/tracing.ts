import { SpanKind, SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AgentDefinition } from '../agents/schema.js';
import { redactText } from '../memory/redact.js';
import { CodexFlowError, ConfigError, errorMessage } from '../util/errors.js';
import { systemClock, type Clock, type Env } from '../util/runtime-context.js';
import { AgentRatioSampler, SAMPLE_RATE_ATTRIBUTE } from './agent-ratio-sampler.js';
import type { CodexEvent, EventListener, EventOf } from './events.js';
import { otlpTraceTarget } from './otlp-endpoint.js';

/**
 * OpenTelemetry traces, driven by the event stream (SPEC §10).
 *
 * One span per task, named `agent:<agentId>`, kind INTERNAL, started at the
 * `task_started` event's time and ended at `task_complete` / `task_error`
 * (times taken from the events, so an injected clock is honoured). Each task
 * is its own trace, sampled at the agent's `observability.tracing.sample_rate`
 * (TraceIdRatioBased); agents with `tracing.enabled: false` or rate 0 get no
 * span at all.
 *
 * Attributes (GenAI semantic conventions where one exists):
 * - `gen_ai.operation.name` = `invoke_agent`
 * - `gen_ai.agent.id`, `gen_ai.agent.name`
 * - `gen_ai.provider.name` and the older `gen_ai.system` = the provider (`openai`, `offline`, …)
 * - `gen_ai.request.model` (when the agent's model is known)
 * - `gen_ai.usage.input_tokens`, `gen_ai.usage.output_tokens`
 * - `error.type` = the error code, on failure (span status ERROR, redacted message)
 * - `codex_flow.alias`, `codex_flow.run_id`, `codex_flow.task_id`, `codex_flow.attempt`
 * - `codex_flow.autonomy_level`, `codex_flow.concurrency.max_parallel_tasks`
 * - `codex_flow.queue_wait_ms`, `codex_flow.tool_calls`, `codex_flow.failovers`
 * - `codex_flow.cost_usd`, `codex_flow.ok`, `codex_flow.simulated`, `codex_flow.duration_ms`
 * - `codex_flow.sample_rate`
 * Span events: `tool_start` / `tool_end` (`gen_ai.tool.name`, `gen_ai.tool.call.id`),
 * `failover`, `heartbeat_miss`, `policy_violation`, `retry`.
 *
 * Nothing secret is recorded: no task text, no output, error messages redacted.
 */

export const SPAN_NAME_PREFIX = 'agent:';

export const SPAN_ATTRIBUTES = {
  operationName: 'gen_ai.operation.name',
  agentId: 'gen_ai.agent.id',
  agentName: 'gen_ai.agent.name',
  providerName: 'gen_ai.provider.name',
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  errorType: 'error.type',
  alias: 'codex_flow.alias',
  runId: 'codex_flow.run_id',
  taskId: 'codex_flow.task_id',
  attempt: 'codex_flow.attempt',
  autonomy: 'codex_flow.autonomy_level',
  maxParallel: 'codex_flow.concurrency.max_parallel_tasks',
  queueWaitMs: 'codex_flow.queue_wait_ms',
  toolCalls: 'codex_flow.tool_calls',
  failovers: 'codex_flow.failovers',
  costUsd: 'codex_flow.cost_usd',
  ok: 'codex_flow.ok',
  simulated: 'codex_flow.simulated',
  durationMs: 'codex_flow.duration_ms',
  sampleRate: SAMPLE_RATE_ATTRIBUTE,
} as const;

/** What the tracer needs to know about an agent beyond the events. */
export interface TracedAgentInfo {
  name?: string;
  model?: string;
  autonomyLevel?: number;
  maxParallelTasks?: number;
  tracingEnabled: boolean;
  sampleRate: number;
}

/** Reads the tracing-relevant fields of an agent definition. */
export function tracedAgentInfo(agent: AgentDefinition, model?: string): TracedAgentInfo {
  const info: TracedAgentInfo = {
    name: agent.agent.name,
    autonomyLevel: agent.runtime.autonomy_level,
    maxParallelTasks: agent.runtime.concurrency.max_parallel_tasks,
    tracingEnabled: agent.observability.tracing.enabled,
    sampleRate: agent.observability.tracing.sample_rate,
  };
  if (model !== undefined) info.model = model;
  return info;
}

export interface TracingOptions {
  env: Env;
  /** Agent facts by agent id (and alias); undefined → sampled at `defaultSampleRate`. */
  agentInfo: (agentId: string, alias: string | undefined) => TracedAgentInfo | undefined;
  /** Rate for agents `agentInfo` does not know (the schema default, 0.2). */
  defaultSampleRate?: number;
  /** Export here instead of OTLP (tests use an InMemorySpanExporter); spans are exported as they end. */
  exporter?: SpanExporter;
  /** Used only for events with an unreadable `ts` and to close spans left open at shutdown. */
  clock?: Clock;
}

export interface Tracing {
  /** Add to the orchestrator's listeners. */
  readonly listener: EventListener;
  /** Where spans go (`otlp <url>` or `custom exporter`). */
  readonly target: string;
  /** Spans started and not yet ended. */
  openSpans(): number;
  /** Exports everything finished so far. */
  flush(): Promise<void>;
  /** Ends open spans (status ERROR "run ended"), flushes and stops the exporter. */
  shutdown(): Promise<void>;
}

/**
 * Tracing when it is configured (an OTLP endpoint in the injected env, or an
 * exporter passed in), `undefined` otherwise: then no provider, tracer or
 * listener exists and the hot path pays nothing.
 */
export function createTracing(options: TracingOptions): Tracing | undefined {
  const otlp = options.exporter ? undefined : otlpTraceTarget(options.env);
  if (!options.exporter && !otlp) return undefined;
  const exporter = options.exporter ?? otlpExporter(otlp!.url, otlp!.headers, otlp!.timeoutMs);
  const processor = options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({
    sampler: new AgentRatioSampler(),
    spanProcessors: [processor],
    resource: resourceFromAttributes({ 'service.name': otlp?.serviceName ?? 'codex-flow' }),
  });
  const tracer = provider.getTracer('codex-flow');
  const clock = options.clock ?? systemClock;
  const spans = new TaskSpans(tracer, options.agentInfo, options.defaultSampleRate ?? 0.2, clock);
  return {
    listener: spans.onEvent,
    target: otlp ? `otlp ${otlp.url}` : 'custom exporter',
    openSpans: () => spans.size,
    flush: () => exportOrThrow(() => provider.forceFlush(), otlp?.url),
    shutdown: async () => {
      spans.endAll(clock.now());
      try {
        await exportOrThrow(() => provider.forceFlush(), otlp?.url);
      } finally {
        await provider.shutdown().catch(() => undefined);
      }
    },
  };
}

/** Spans could not be exported (collector down, rejected). Reported, never fatal to a run. */
export class TraceExportError extends CodexFlowError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('E_TRACE_EXPORT', message, details);
    this.name = 'TraceExportError';
  }
}

function otlpExporter(url: string, headers: Record<string, string>, timeoutMillis: number): OTLPTraceExporter {
  try {
    return new OTLPTraceExporter({ url, headers, timeoutMillis });
  } catch (error) {
    throw new ConfigError(
      `Cannot export traces to ${JSON.stringify(redactText(url))}: ${redactText(errorMessage(error))}. Set OTEL_EXPORTER_OTLP_ENDPOINT to a URL like http://127.0.0.1:4318, or unset it to turn tracing off.`,
      { url: redactText(url) },
    );
  }
}

async function exportOrThrow(run: () => Promise<void>, url: string | undefined): Promise<void> {
  try {
    await run();
  } catch (error) {
    const reasons = (Array.isArray(error) ? error : [error]).map((item) => redactText(errorMessage(item)));
    throw new TraceExportError(`Traces could not be exported${url ? ` to ${redactText(url)}` : ''}: ${[...new Set(reasons)].join('; ')}. Check the OTLP collector.`, {
      ...(url ? { url: redactText(url) } : {}),
    });
  }
}

interface OpenSpan {
  span: Span;
  toolCalls: number;
  failovers: number;
}

type TaskEvent = Extract<CodexEvent, { alias?: string }>;

/** The event → span state machine (one entry per running task). */
class TaskSpans {
  private readonly open = new Map<string, OpenSpan>();

  constructor(
    private readonly tracer: Tracer,
    private readonly agentInfo: TracingOptions['agentInfo'],
    private readonly defaultSampleRate: number,
    private readonly clock: Clock,
  ) {}

  get size(): number {
    return this.open.size;
  }

  readonly onEvent = (event: CodexEvent): void => {
    switch (event.kind) {
      case 'task_started':
        this.start(event);
        return;
      case 'tool_start': {
        const entry = this.open.get(key(event));
        if (!entry) return;
        entry.toolCalls += 1;
        entry.span.addEvent('tool_start', { [SPAN_ATTRIBUTES.toolName]: event.tool, [SPAN_ATTRIBUTES.toolCallId]: event.callId }, this.time(event));
        return;
      }
      case 'tool_end':
        this.open.get(key(event))?.span.addEvent('tool_end', { [SPAN_ATTRIBUTES.toolName]: event.tool, [SPAN_ATTRIBUTES.toolCallId]: event.callId, 'codex_flow.tool_ok': event.ok }, this.time(event));
        return;
      case 'failover': {
        const entry = this.open.get(key(event));
        if (!entry) return;
        entry.failovers += 1;
        entry.span.addEvent('failover', { from: event.from, to: event.to, reason: redactText(event.reason), resume_at: event.resumeAt }, this.time(event));
        entry.span.setAttributes({ [SPAN_ATTRIBUTES.providerName]: event.to, [SPAN_ATTRIBUTES.system]: event.to });
        return;
      }
      case 'heartbeat_miss':
        this.open.get(key(event))?.span.addEvent('heartbeat_miss', { missed: event.missed, interval_ms: event.intervalMs }, this.time(event));
        return;
      case 'policy_violation':
        this.open.get(key(event))?.span.addEvent('policy_violation', { tool: event.tool, enforced: event.enforced }, this.time(event));
        return;
      case 'task_complete':
      case 'task_error':
        this.finish(event);
        return;
      case 'run_complete':
        this.endRun(event.runId, this.time(event));
        return;
      default:
        return;
    }
  };

  private start(event: EventOf<'task_started'>): void {
    if (!event.agentId) return;
    const id = key(event);
    const existing = this.open.get(id);
    if (existing) {
      existing.span.addEvent('retry', { [SPAN_ATTRIBUTES.attempt]: event.attempt ?? 0 }, this.time(event));
      if (event.attempt !== undefined) existing.span.setAttribute(SPAN_ATTRIBUTES.attempt, event.attempt);
      return;
    }
    const info = this.agentInfo(event.agentId, event.alias);
    if (info && !info.tracingEnabled) return;
    const rate = info?.sampleRate ?? this.defaultSampleRate;
    if (!(rate > 0)) return;
    const attributes: Attributes = {
      [SPAN_ATTRIBUTES.operationName]: 'invoke_agent',
      [SPAN_ATTRIBUTES.agentId]: event.agentId,
      [SPAN_ATTRIBUTES.sampleRate]: rate,
    };
    if (info?.name) attributes[SPAN_ATTRIBUTES.agentName] = info.name;
    if (info?.model) attributes[SPAN_ATTRIBUTES.requestModel] = info.model;
    if (info?.autonomyLevel !== undefined) attributes[SPAN_ATTRIBUTES.autonomy] = info.autonomyLevel;
    if (info?.maxParallelTasks !== undefined) attributes[SPAN_ATTRIBUTES.maxParallel] = info.maxParallelTasks;
    if (event.provider) Object.assign(attributes, { [SPAN_ATTRIBUTES.providerName]: event.provider, [SPAN_ATTRIBUTES.system]: event.provider });
    if (event.alias) attributes[SPAN_ATTRIBUTES.alias] = event.alias;
    if (event.runId) attributes[SPAN_ATTRIBUTES.runId] = event.runId;
    if (event.taskId) attributes[SPAN_ATTRIBUTES.taskId] = event.taskId;
    if (event.attempt !== undefined) attributes[SPAN_ATTRIBUTES.attempt] = event.attempt;
    if (event.queueWaitMs !== undefined) attributes[SPAN_ATTRIBUTES.queueWaitMs] = event.queueWaitMs;
    const span = this.tracer.startSpan(`${SPAN_NAME_PREFIX}${event.agentId}`, { kind: SpanKind.INTERNAL, attributes, startTime: this.time(event) });
    // Unsampled spans are non-recording: drop them now so later events cost a map miss only.
    if (!span.isRecording()) return;
    this.open.set(id, { span, toolCalls: 0, failovers: 0 });
  }

  private finish(event: EventOf<'task_complete'> | EventOf<'task_error'>): void {
    const id = key(event);
    const entry = this.open.get(id);
    if (!entry) return;
    this.open.delete(id);
    const { span } = entry;
    const attributes: Attributes = {
      [SPAN_ATTRIBUTES.toolCalls]: entry.toolCalls,
      [SPAN_ATTRIBUTES.failovers]: entry.failovers,
      [SPAN_ATTRIBUTES.ok]: event.ok,
      [SPAN_ATTRIBUTES.durationMs]: event.ms,
    };
    if (event.provider) Object.assign(attributes, { [SPAN_ATTRIBUTES.providerName]: event.provider, [SPAN_ATTRIBUTES.system]: event.provider });
    if (event.tokensIn !== undefined) attributes[SPAN_ATTRIBUTES.inputTokens] = event.tokensIn;
    if (event.tokensOut !== undefined) attributes[SPAN_ATTRIBUTES.outputTokens] = event.tokensOut;
    if (event.cost !== undefined) attributes[SPAN_ATTRIBUTES.costUsd] = event.cost;
    if (event.kind === 'task_complete') {
      if (event.simulated !== undefined) attributes[SPAN_ATTRIBUTES.simulated] = event.simulated;
      span.setStatus({ code: SpanStatusCode.OK });
    } else {
      attributes[SPAN_ATTRIBUTES.errorType] = event.error.code;
      span.setStatus({ code: SpanStatusCode.ERROR, message: redactText(event.error.message).slice(0, 500) });
    }
    span.setAttributes(attributes);
    span.end(this.time(event));
  }

  private endRun(runId: string | undefined, at: number): void {
    for (const [id, entry] of this.open) {
      if (runId !== undefined && !id.startsWith(`${runId}\u0000`)) continue;
      this.closeDangling(id, entry, at);
    }
  }

  private time(event: CodexEvent): number {
    const parsed = Date.parse(event.ts);
    return Number.isFinite(parsed) ? parsed : this.clock.now();
  }

  endAll(at: number): void {
    for (const [id, entry] of this.open) this.closeDangling(id, entry, at);
  }

  private closeDangling(id: string, entry: OpenSpan, at: number): void {
    this.open.delete(id);
    entry.span.setAttributes({ [SPAN_ATTRIBUTES.toolCalls]: entry.toolCalls, [SPAN_ATTRIBUTES.ok]: false });
    entry.span.setStatus({ code: SpanStatusCode.ERROR, message: 'run ended before the task finished' });
    entry.span.end(at);
  }
}

function key(event: TaskEvent): string {
  return `${event.runId ?? ''}\u0000${event.alias ?? ''}\u0000${event.taskId ?? ''}`;
}

