import { decodeFramedStream } from './decode-framed-stream.js';
import { HttpModelProvider, wholeBody } from './http-model-provider.js';
import { joinUrl, type HttpProviderOptions } from './http-provider-options.js';
import { ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import { SseParser, type SseEvent } from './sse-parser.js';
import type { ModelRequest, ModelStreamPart, Usage } from './types.js';

/**
 * A codex-flow server (`CODEX_URL`, bearer `CODEX_API_KEY`): `POST /run`
 * `{agentId, alias, task}` answers either JSON
 * `{summary, output, logs?, usage{tokensIn,tokensOut}}` or an SSE stream of
 * codex-flow events (`chunk`, `status`, `tool_start`, `tool_end`,
 * `task_complete`, `task_error`).
 */
export class CodexProvider extends HttpModelProvider<HttpProviderOptions, string | undefined> {
  constructor(options: HttpProviderOptions, name = 'codex') {
    if (!options.baseUrl) throw new ProviderError('codex: CODEX_URL is not set: point it at a codex-flow server, e.g. CODEX_URL=http://127.0.0.1:8787.', { provider: name, code: PROVIDER_ERROR_CODES.config, retryable: false });
    super(options, name, options.model);
  }

  protected async open(request: ModelRequest): Promise<AsyncIterator<ModelStreamPart>> {
    const o = this.options;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream, application/json' };
    if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
    const body: Record<string, unknown> = { agentId: request.agentId, alias: request.alias, task: request.task };
    if (request.resumeFrom) body.resumeFrom = request.resumeFrom;
    const http = await this.openHttpStream(request, { url: joinUrl(o.baseUrl as string, 'run'), headers, body });
    if (!http.contentType.includes('event-stream')) return wholeBody(http, (text) => this.fromJson(text));
    const state = {
      done: false,
      eof: (): ModelStreamPart[] => {
        throw new ProviderError(`${this.name}: the event stream ended before task_complete.`, { provider: this.name, code: PROVIDER_ERROR_CODES.network, retryable: true });
      },
    };
    const decode = (event: SseEvent): ModelStreamPart[] => {
      const parts = this.fromEvent(event.data);
      if (parts.some((p) => p.type === 'finish')) state.done = true;
      return parts;
    };
    return decodeFramedStream(http.text(), new SseParser(), decode, state);
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
