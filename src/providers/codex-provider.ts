import { HttpStream } from './http-stream.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, joinUrl, type HttpProviderOptions } from './http-provider-options.js';
import { ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import { createRedactor, type Redactor } from './redact-secrets.js';
import { SseParser } from './sse-parser.js';
import type { ModelProvider, ModelRequest, ModelStreamPart, Usage } from './types.js';

/**
 * A codex-flow server (`CODEX_URL`, bearer `CODEX_API_KEY`): `POST /run`
 * `{agentId, alias, task}` answers either JSON
 * `{summary, output, logs?, usage{tokensIn,tokensOut}}` or an SSE stream of
 * codex-flow events (`chunk`, `status`, `tool_start`, `tool_end`,
 * `task_complete`, `task_error`).
 */
export class CodexProvider implements ModelProvider {
  readonly name: string;
  readonly model: string | undefined;
  private readonly options: HttpProviderOptions;
  private readonly redact: Redactor;

  constructor(options: HttpProviderOptions, name = 'codex') {
    if (!options.baseUrl) throw new ProviderError('codex: CODEX_URL is not set: point it at a codex-flow server, e.g. CODEX_URL=http://127.0.0.1:8787.', { provider: name, code: PROVIDER_ERROR_CODES.config, retryable: false });
    this.name = name;
    this.model = options.model;
    this.options = options;
    this.redact = options.redact ?? createRedactor([options.apiKey]);
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    const o = this.options;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream, application/json' };
    if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
    const body: Record<string, unknown> = { agentId: request.agentId, alias: request.alias, task: request.task };
    if (request.resumeFrom) body.resumeFrom = request.resumeFrom;
    const http = await HttpStream.open({
      provider: this.name,
      url: joinUrl(o.baseUrl as string, 'run'),
      headers,
      body,
      connectTimeoutMs: o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: o.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      redact: this.redact,
      ...(request.signal ? { signal: request.signal } : {}),
      ...(o.fetch ? { fetch: o.fetch } : {}),
      ...(o.now ? { now: o.now } : {}),
    });
    if (!http.contentType.includes('event-stream')) {
      yield* this.fromJson(await http.readAll());
      return;
    }
    const sse = new SseParser();
    let done = false;
    const handle = (data: string): ModelStreamPart[] => {
      const parts = this.fromEvent(data);
      if (parts.some((p) => p.type === 'finish')) done = true;
      return parts;
    };
    for await (const text of http.text()) {
      for (const event of sse.push(text)) {
        yield* handle(event.data);
        if (done) return;
      }
    }
    for (const event of sse.end()) {
      yield* handle(event.data);
      if (done) return;
    }
    throw new ProviderError(`${this.name}: the event stream ended before task_complete.`, { provider: this.name, code: PROVIDER_ERROR_CODES.network, retryable: true });
  }

  private parse(data: string): Record<string, unknown> {
    try {
      const value = JSON.parse(data) as unknown;
      if (value && typeof value === 'object') return value as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new ProviderError(this.redact(`${this.name}: the server sent something that is not a JSON object: ${data.slice(0, 120)}`), {
      provider: this.name,
      code: PROVIDER_ERROR_CODES.protocol,
      retryable: false,
    });
  }

  private usageOf(value: unknown): Usage | undefined {
    if (!value || typeof value !== 'object') return undefined;
    const u = value as { tokensIn?: unknown; tokensOut?: unknown };
    return { tokensIn: typeof u.tokensIn === 'number' ? u.tokensIn : 0, tokensOut: typeof u.tokensOut === 'number' ? u.tokensOut : 0 };
  }

  private fromJson(body: string): ModelStreamPart[] {
    const result = this.parse(body);
    const parts: ModelStreamPart[] = [];
    if (Array.isArray(result.logs)) for (const line of result.logs) parts.push({ type: 'status', message: String(line) });
    const text = typeof result.output === 'string' ? result.output : typeof result.summary === 'string' ? result.summary : '';
    if (text) parts.push({ type: 'text-delta', text });
    const usage = this.usageOf(result.usage);
    if (usage) parts.push({ type: 'usage', usage });
    parts.push({ type: 'finish', reason: 'stop', provider: this.name, ...(usage ? { usage } : {}), ...(result.simulated === true ? { simulated: true } : {}) });
    return parts;
  }

  private fromEvent(data: string): ModelStreamPart[] {
    const event = this.parse(data);
    switch (event.kind) {
      case 'chunk':
        return typeof event.text === 'string' && event.text ? [{ type: 'text-delta', text: event.text }] : [];
      case 'status':
        return [{ type: 'status', message: String(event.message ?? '') }];
      case 'tool_start':
        return [{ type: 'tool-call-start', id: String(event.callId ?? ''), name: String(event.tool ?? '') }];
      case 'tool_end':
        return [{ type: 'status', message: `tool ${String(event.tool ?? '')} ${event.ok === false ? 'failed' : 'done'}` }];
      case 'task_complete': {
        const usage = this.usageOf(event);
        const parts: ModelStreamPart[] = usage ? [{ type: 'usage', usage }] : [];
        parts.push({ type: 'finish', reason: 'stop', provider: this.name, ...(usage ? { usage } : {}), ...(event.simulated === true ? { simulated: true } : {}) });
        return parts;
      }
      case 'task_error': {
        const error = (event.error ?? {}) as { code?: unknown; message?: unknown; status?: unknown };
        const status = typeof error.status === 'number' ? error.status : undefined;
        throw new ProviderError(this.redact(`${this.name}: the server reported a task error: ${String(error.message ?? error.code ?? 'unknown error')}`), {
          provider: this.name,
          code: PROVIDER_ERROR_CODES.stream,
          retryable: status === undefined || status >= 500 || status === 429,
          ...(status !== undefined ? { status } : {}),
        });
      }
      default:
        return [];
    }
  }
}
