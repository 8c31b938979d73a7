import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/agents/schema.js';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { otlpTraceTarget } from '../../src/telemetry/otlp-endpoint.js';
import { SPAN_ATTRIBUTES, TraceExportError, createTracing, tracedAgentInfo, type TracedAgentInfo } from '../../src/telemetry/tracing.js';
import { ConfigError } from '../../src/util/errors.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

function taskEvents(taskId: string, options: { fail?: boolean; tools?: number; runId?: string; agentId?: string; alias?: string } = {}): CodexEvent[] {
  const base = { runId: options.runId ?? 'run-1', alias: options.alias ?? 'reviewer', agentId: options.agentId ?? 'code-reviewer', taskId, provider: 'offline' };
  const events: CodexEvent[] = [{ ...base, kind: 'task_started', ts: iso(0), attempt: 1, queueWaitMs: 42 }];
  for (let i = 0; i < (options.tools ?? 0); i += 1) {
    events.push({ ...base, kind: 'tool_start', ts: iso(10 + i), tool: 'Read', callId: `c${i}` });
    events.push({ ...base, kind: 'tool_end', ts: iso(11 + i), tool: 'Read', callId: `c${i}`, ok: true, ms: 1 });
  }
  events.push({ ...base, kind: 'chunk', ts: iso(50), text: 'hello' });
  events.push(
    options.fail
      ? { ...base, kind: 'task_error', ts: iso(120), ok: false, ms: 120, error: { code: 'E_PROVIDER', message: 'upstream said Bearer abcdefghijklmnopq is invalid' } }
      : { ...base, kind: 'task_complete', ts: iso(120), ok: true, ms: 120, tokensIn: 11, tokensOut: 22, cost: 0.003, simulated: true },
  );
  return events;
}

const reviewer = withDefaults({
  agent: { id: 'code-reviewer', name: 'Code Reviewer' },
  runtime: { autonomy_level: 0.6, concurrency: { max_parallel_tasks: 4 } },
  observability: { tracing: { sample_rate: 1 } },
});

describe('tracing', () => {
  it('is off, with nothing created, when no OTLP variable is set and no exporter is given', () => {
    expect(createTracing({ env: {}, agentInfo: () => undefined })).toBeUndefined();
    expect(createTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }, agentInfo: () => undefined })).toBeUndefined();
  });

  it('resolves the standard OTLP endpoint variables', () => {
    expect(otlpTraceTarget({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })?.url).toBe('http://collector:4318/v1/traces');
    expect(otlpTraceTarget({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/custom' })?.url).toBe('http://b:9999/custom');
    expect(otlpTraceTarget({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_HEADERS: 'x-api=one%20two,bad', OTEL_SERVICE_NAME: 'svc' })).toEqual({
      url: 'http://a:4318/v1/traces',
      headers: { 'x-api': 'one two' },
      serviceName: 'svc',
      timeoutMs: 5_000,
    });
    expect(otlpTraceTarget({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TIMEOUT: '900', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'x' })?.timeoutMs).toBe(900);
    expect(otlpTraceTarget({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });

  it('emits one span agent:<id> per task with the documented attributes, events and status', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({ env: {}, exporter, agentInfo: (id) => (id === 'code-reviewer' ? tracedAgentInfo(reviewer, 'gpt-4o-mini') : undefined) })!;
    for (const event of [...taskEvents('t-ok', { tools: 2 }), ...taskEvents('t-bad', { fail: true })]) tracing.listener(event);
    await tracing.flush();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['agent:code-reviewer', 'agent:code-reviewer']);
    const [ok, bad] = spans;
    expect(ok!.attributes).toEqual({
      [SPAN_ATTRIBUTES.operationName]: 'invoke_agent',
      [SPAN_ATTRIBUTES.agentId]: 'code-reviewer',
      [SPAN_ATTRIBUTES.agentName]: 'Code Reviewer',
      [SPAN_ATTRIBUTES.requestModel]: 'gpt-4o-mini',
      [SPAN_ATTRIBUTES.providerName]: 'offline',
      [SPAN_ATTRIBUTES.system]: 'offline',
      [SPAN_ATTRIBUTES.alias]: 'reviewer',
      [SPAN_ATTRIBUTES.runId]: 'run-1',
      [SPAN_ATTRIBUTES.taskId]: 't-ok',
      [SPAN_ATTRIBUTES.attempt]: 1,
      [SPAN_ATTRIBUTES.autonomy]: 0.6,
      [SPAN_ATTRIBUTES.maxParallel]: 4,
      [SPAN_ATTRIBUTES.queueWaitMs]: 42,
      [SPAN_ATTRIBUTES.sampleRate]: 1,
      [SPAN_ATTRIBUTES.toolCalls]: 2,
      [SPAN_ATTRIBUTES.failovers]: 0,
      [SPAN_ATTRIBUTES.ok]: true,
      [SPAN_ATTRIBUTES.durationMs]: 120,
      [SPAN_ATTRIBUTES.inputTokens]: 11,
      [SPAN_ATTRIBUTES.outputTokens]: 22,
      [SPAN_ATTRIBUTES.costUsd]: 0.003,
      [SPAN_ATTRIBUTES.simulated]: true,
    });
    expect(ok!.events.map((event) => event.name)).toEqual(['tool_start', 'tool_end', 'tool_start', 'tool_end']);
    expect(ok!.status.code).toBe(SpanStatusCode.OK);
    // Times come from the events, not the wall clock.
    expect(ok!.startTime[0]).toBe(T0 / 1000);
    expect(ok!.duration).toEqual([0, 120_000_000]);
    expect(bad!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'upstream said Bearer [REDACTED] is invalid' });
    expect(bad!.attributes[SPAN_ATTRIBUTES.errorType]).toBe('E_PROVIDER');
    expect(tracing.openSpans()).toBe(0);
    await tracing.shutdown();
  });

  it('samples at observability.tracing.sample_rate: 2,000 tasks at 0.2 give 20% ± 4%', async () => {
    const exporter = new InMemorySpanExporter();
    const info: TracedAgentInfo = { tracingEnabled: true, sampleRate: 0.2 };
    const tracing = createTracing({ env: {}, exporter, agentInfo: () => info })!;
    const tasks = 2_000;
    for (let i = 0; i < tasks; i += 1) for (const event of taskEvents(`t-${i}`)) tracing.listener(event);
    await tracing.flush();
    const ratio = exporter.getFinishedSpans().length / tasks;
    expect(ratio).toBeGreaterThan(0.16);
    expect(ratio).toBeLessThan(0.24);
    expect(tracing.openSpans()).toBe(0); // unsampled tasks hold no state
    await tracing.shutdown();
  });

  it('records nothing for agents with tracing disabled or rate 0, and ends spans left open at run end', async () => {
    const exporter = new InMemorySpanExporter();
    const infos: Record<string, TracedAgentInfo> = {
      off: { tracingEnabled: false, sampleRate: 1 },
      zero: { tracingEnabled: true, sampleRate: 0 },
      on: { tracingEnabled: true, sampleRate: 1 },
    };
    const tracing = createTracing({ env: {}, exporter, agentInfo: (id) => infos[id] })!;
    for (const agentId of ['off', 'zero']) for (const event of taskEvents('t', { agentId, alias: agentId })) tracing.listener(event);
    tracing.listener({ kind: 'task_started', ts: iso(0), runId: 'run-2', alias: 'on', agentId: 'on', taskId: 'dangling' });
    expect(tracing.openSpans()).toBe(1);
    tracing.listener({ kind: 'run_complete', ts: iso(500), runId: 'run-2', ms: 500, ok: 0, failed: 0, rejected: 0 });
    await tracing.flush();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['agent:on']);
    expect(spans[0]!.status.code).toBe(SpanStatusCode.ERROR);
    await tracing.shutdown();
  });

  it('exports over OTLP/HTTP to the endpoint in the injected env (real socket on 127.0.0.1)', async () => {
    const requests: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ url: request.url ?? '', headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const tracing = createTracing({
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=codex' },
        agentInfo: () => ({ tracingEnabled: true, sampleRate: 1 }),
      })!;
      expect(tracing.target).toBe(`otlp http://127.0.0.1:${port}/v1/traces`);
      for (const event of taskEvents('t-otlp')) tracing.listener(event);
      await tracing.shutdown();
      expect(requests.length).toBeGreaterThanOrEqual(1);
      expect(requests[0]!.url).toBe('/v1/traces');
      expect(requests[0]!.headers['x-tenant']).toBe('codex');
      const body = requests.map((request) => request.body).join('\n');
      expect(body).toContain('agent:code-reviewer');
      expect(body).toContain('gen_ai.agent.id');
      expect(body).toContain('codex_flow.queue_wait_ms');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a malformed endpoint is a ConfigError; a dead collector is a TraceExportError at flush, never a hang', async () => {
    expect(() => createTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, agentInfo: () => undefined })).toThrow(ConfigError);
    const tracing = createTracing({ env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:1/v1/traces', OTEL_EXPORTER_OTLP_TIMEOUT: '400' }, agentInfo: () => ({ tracingEnabled: true, sampleRate: 1 }) })!;
    for (const event of taskEvents('t-dead')) tracing.listener(event);
    const error = await tracing.shutdown().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TraceExportError);
    expect((error as TraceExportError).message).toMatch(/Traces could not be exported to http:\/\/127\.0\.0\.1:1\/v1\/traces: connect ECONNREFUSED/);
  });
});
