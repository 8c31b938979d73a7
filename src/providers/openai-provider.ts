import { decodeFramedStream } from './decode-framed-stream.js';
import { HttpModelProvider, wholeBody } from './http-model-provider.js';
import { joinUrl, type HttpProviderOptions } from './http-provider-options.js';
import { parseStreamJson } from './parse-stream-json.js';
import { classifyHttpStatus, ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import type { Redactor } from './redact-secrets.js';
import { FrameTemplate, type HolePath } from './frame-template.js';
import { withContinuation } from './resume-prompt.js';
import { SseParser } from './sse-parser.js';
import type { ChatMessage, FinishReason, ModelRequest, ModelStreamPart, ToolCall, Usage } from './types.js';

/*
 * Why a hand-written SSE client instead of `@ai-sdk/openai` + `streamText`:
 * - failover needs the raw status, `retry-after(-ms)` / `x-should-retry`
 *   headers and the in-band `{"error"}` payload with the text streamed so far,
 *   in one place, with retries in exactly one layer (ours);
 * - the SDK's SSE decoder drops a final event not followed by a blank line
 *   (see fixtures/wire/SOURCES.md), ours dispatches it at EOF;
 * - the bench goal (≤ 1.05× a raw fetch of the same stream, < 1 ms added to
 *   the first chunk) is easier to hold with one parse step than with the
 *   SDK's stack of stream transforms (not measured here: see bench/providers.ts
 *   for our own figures).
 * The wire handling follows the fixtures and the notes in SOURCES.md, and is
 * checked byte for byte by test/providers/wire-replay.test.ts.
 */

export const OPENAI_DEFAULT_BASE = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';

export interface OpenAIProviderOptions extends HttpProviderOptions {
  /** `chat` (Chat Completions, default) or `responses` (the Responses API stream). */
  api?: 'chat' | 'responses';
  /** Extra headers (organisation, project). */
  headers?: Record<string, string>;
}

interface ToolCallState {
  id: string;
  name: string;
  args: string;
}

/** OpenAI Chat Completions (`stream: true`, `include_usage`), also any compatible server. */
export class OpenAIProvider extends HttpModelProvider<OpenAIProviderOptions> {
  /** The endpoint (the options are fixed after construction). */
  private readonly url: string;

  constructor(options: OpenAIProviderOptions = {}, name = 'openai') {
    super(options, name, options.model ?? OPENAI_DEFAULT_MODEL);
    this.url = joinUrl(options.baseUrl ?? OPENAI_DEFAULT_BASE, (options.api ?? 'chat') === 'chat' ? 'chat/completions' : 'responses');
  }

  protected async open(request: ModelRequest): Promise<AsyncIterator<ModelStreamPart>> {
    const o = this.options;
    const api = o.api ?? 'chat';
    const messages = withContinuation(request.messages, request.resumeFrom);
    const model = request.model ?? this.model;
    const body: Record<string, unknown> =
      api === 'chat'
        ? { model, messages: messages.map(toOpenAIMessage), stream: true, stream_options: { include_usage: true } }
        : { model, input: messages.map((m) => ({ role: m.role === 'tool' ? 'user' : m.role, content: m.content })), stream: true };
    const maxTokens = request.maxOutputTokens ?? o.maxOutputTokens;
    if (maxTokens !== undefined) body[api === 'chat' ? 'max_tokens' : 'max_output_tokens'] = maxTokens;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.tools?.length && api === 'chat') {
      body.tools = request.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } }));
    }
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream, application/json', ...o.headers };
    if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
    const http = await this.openHttpStream(request, { url: this.url, headers, body });
    const decoder = api === 'chat' ? new OpenAIChatDecoder(this.name, this.redact) : new OpenAIResponsesDecoder(this.name, this.redact);
    if (!http.contentType.includes('event-stream') && http.contentType.includes('json')) return wholeBody(http, (body) => decoder.whole(body));
    return decodeFramedStream(http.text(), new SseParser(), (event) => decoder.event(event.data), decoder);
  }
}

export function toOpenAIMessage(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case 'assistant':
      return message.toolCalls?.length
        ? {
            role: 'assistant',
            content: message.content || null,
            tool_calls: message.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.input ?? {}) } })),
          }
        : { role: 'assistant', content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    default:
      return { role: message.role, content: message.content };
  }
}

function mapFinish(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}


/** An `{"error":{...}}` payload inside a 200 stream. */
export function inBandError(provider: string, error: unknown, redact: Redactor): ProviderError {
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as { message?: unknown; type?: unknown; code?: unknown };
  const type = typeof e.code === 'string' ? e.code : typeof e.type === 'string' ? e.type : undefined;
  const message = typeof e.message === 'string' ? e.message : JSON.stringify(error);
  const status = type === 'insufficient_quota' || type === 'rate_limit_exceeded' ? 429 : type === 'invalid_request_error' ? 400 : 500;
  const { code, retryable } = classifyHttpStatus(status, type);
  return new ProviderError(redact(`${provider}: error inside the stream${type ? ` (${type})` : ''}: ${message}`), {
    provider,
    code: code === PROVIDER_ERROR_CODES.server ? PROVIDER_ERROR_CODES.stream : code,
    status,
    retryable,
    ...(type !== undefined ? { providerCode: type } : {}),
  });
}

/** How many chunk templates one stream may learn (a new one replaces the last). */
const MAX_TEMPLATE_LEARNING = 4;

/** A chunk whose only effect is its text delta (see `OpenAIChatDecoder.learn`). */
function isPlainTextChunk(chunk: Record<string, unknown>): boolean {
  if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk) || 'error' in chunk || (chunk.usage !== undefined && chunk.usage !== null)) return false;
  const choices = chunk.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return false;
  const choice = choices[0] as Record<string, unknown> | null;
  if (typeof choice !== 'object' || choice === null || Array.isArray(choice) || (choice.index ?? 0) !== 0) return false;
  if (choice.finish_reason !== undefined && choice.finish_reason !== null) return false;
  const delta = choice.delta as Record<string, unknown> | null;
  if (typeof delta !== 'object' || delta === null || Array.isArray(delta) || typeof delta.content !== 'string' || delta.content === '') return false;
  return (delta.tool_calls === undefined || delta.tool_calls === null) && (delta.reasoning_content === undefined || delta.reasoning_content === null);
}

function parseArgs(text: string): { input: unknown; incomplete: boolean } {
  if (text.trim() === '') return { input: {}, incomplete: false };
  try {
    return { input: JSON.parse(text) as unknown, incomplete: false };
  } catch {
    return { input: text, incomplete: true };
  }
}

interface StreamDecoder {
  done: boolean;
  event(data: string): ModelStreamPart[];
  eof(): ModelStreamPart[];
  whole(body: string): ModelStreamPart[];
}

/** Chat Completions chunks → stream parts. */
export class OpenAIChatDecoder implements StreamDecoder {
  done = false;
  private template: FrameTemplate | undefined;
  /** Templates learned so far: a stream whose chunks never repeat stops trying after a few. */
  private learned = 0;
  private readonly tools = new Map<number, ToolCallState>();
  private finishReason: string | null = null;
  private usage: Usage | undefined;
  private model: string | undefined;

  constructor(
    private readonly provider: string,
    private readonly redact: Redactor,
  ) {}

  event(data: string): ModelStreamPart[] {
    if (data === '[DONE]') return this.finish();
    // A plain text chunk like one already parsed: only its delta (hole 0) differs, so it decodes to that text alone.
    const holes = this.template?.match(data);
    if (holes !== undefined) {
      const text = holes[0] as string;
      return text.length > 0 ? [{ type: 'text-delta', text }] : [];
    }
    const chunk = parseStreamJson(this.provider, data, this.redact) as Record<string, unknown>;
    const parts = this.parsed(chunk);
    if (this.learned < MAX_TEMPLATE_LEARNING) this.learn(data, chunk);
    return parts;
  }

  /**
   * Learns the template of a plain text chunk: one choice (index 0) whose delta
   * has non-empty `content` text and no reasoning or tool call, no finish
   * reason, usage or error. (An empty delta is usually the first chunk, with
   * one-off members such as `role`: not worth a template.) Its holes: the
   * content, and the string members after `choices` (OpenAI's per-event
   * `obfuscation` nonce); what they hold does not change the decoding.
   */
  private learn(data: string, chunk: Record<string, unknown>): void {
    if (!isPlainTextChunk(chunk)) return;
    this.learned += 1;
    const holes: HolePath[] = [['choices', 0, 'delta', 'content']];
    let afterChoices = false;
    for (const key in chunk) {
      if (afterChoices && typeof chunk[key] === 'string' && key !== 'model') holes.push([key]);
      if (key === 'choices') afterChoices = true;
    }
    const template = FrameTemplate.learn(data, chunk, holes, 1);
    if (template?.match(data) !== undefined) this.template = template;
  }

  private parsed(chunk: Record<string, unknown>): ModelStreamPart[] {
    if (chunk && typeof chunk === 'object' && 'error' in chunk && chunk.error) throw inBandError(this.provider, chunk.error, this.redact);
    const parts: ModelStreamPart[] = [];
    if (typeof chunk.model === 'string') this.model = chunk.model;
    const usage = chunk.usage as { prompt_tokens?: number; completion_tokens?: number } | null | undefined;
    if (usage && typeof usage === 'object') {
      this.usage = { tokensIn: usage.prompt_tokens ?? 0, tokensOut: usage.completion_tokens ?? 0 };
    }
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as Record<string, unknown>[]) : [];
    for (const choice of choices) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = (choice.delta ?? {}) as { content?: unknown; reasoning_content?: unknown; tool_calls?: unknown };
      if (typeof delta.reasoning_content === 'string' && delta.reasoning_content) parts.push({ type: 'reasoning-delta', text: delta.reasoning_content });
      if (typeof delta.content === 'string' && delta.content.length > 0) parts.push({ type: 'text-delta', text: delta.content });
      if (Array.isArray(delta.tool_calls)) {
        for (const raw of delta.tool_calls as Record<string, unknown>[]) {
          const index = typeof raw.index === 'number' ? raw.index : 0;
          const fn = (raw.function ?? {}) as { name?: unknown; arguments?: unknown };
          let state = this.tools.get(index);
          if (!state) {
            state = { id: typeof raw.id === 'string' ? raw.id : `call_${index}`, name: typeof fn.name === 'string' ? fn.name : '', args: '' };
            this.tools.set(index, state);
            parts.push({ type: 'tool-call-start', id: state.id, name: state.name });
          }
          if (typeof fn.arguments === 'string' && fn.arguments.length > 0) {
            state.args += fn.arguments;
            parts.push({ type: 'tool-call-delta', id: state.id, inputText: fn.arguments });
          }
        }
      }
      if (typeof choice.finish_reason === 'string') this.finishReason = choice.finish_reason;
    }
    return parts;
  }

  private finish(): ModelStreamPart[] {
    this.done = true;
    const parts: ModelStreamPart[] = [];
    for (const state of [...this.tools.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])) {
      const { input, incomplete } = parseArgs(state.args);
      const call: ToolCall = incomplete ? { id: state.id, name: state.name, input, incomplete: true } : { id: state.id, name: state.name, input };
      parts.push({ type: 'tool-call', call });
    }
    if (this.usage) parts.push({ type: 'usage', usage: this.usage });
    parts.push({
      type: 'finish',
      reason: mapFinish(this.finishReason),
      provider: this.provider,
      ...(this.usage ? { usage: this.usage } : {}),
      ...(this.model ? { model: this.model } : {}),
    });
    return parts;
  }

  eof(): ModelStreamPart[] {
    // Without [DONE], a stream that at least reported its finish_reason is complete.
    if (this.finishReason !== null) return this.finish();
    throw new ProviderError(`${this.provider}: the stream ended before it finished (no finish_reason, no [DONE]).`, {
      provider: this.provider,
      code: PROVIDER_ERROR_CODES.network,
      retryable: true,
    });
  }

  whole(body: string): ModelStreamPart[] {
    const completion = parseStreamJson(this.provider, body, this.redact) as Record<string, unknown>;
    if (completion.error) throw inBandError(this.provider, completion.error, this.redact);
    if (typeof completion.model === 'string') this.model = completion.model;
    const usage = completion.usage as { prompt_tokens?: number; completion_tokens?: number } | undefined;
    if (usage) this.usage = { tokensIn: usage.prompt_tokens ?? 0, tokensOut: usage.completion_tokens ?? 0 };
    const choice = (Array.isArray(completion.choices) ? completion.choices[0] : undefined) as Record<string, unknown> | undefined;
    const message = (choice?.message ?? {}) as { content?: unknown; tool_calls?: unknown };
    const parts: ModelStreamPart[] = [];
    if (typeof message.content === 'string' && message.content) parts.push({ type: 'text-delta', text: message.content });
    if (Array.isArray(message.tool_calls)) {
      (message.tool_calls as Record<string, unknown>[]).forEach((raw, index) => {
        const fn = (raw.function ?? {}) as { name?: unknown; arguments?: unknown };
        this.tools.set(index, { id: String(raw.id ?? `call_${index}`), name: String(fn.name ?? ''), args: typeof fn.arguments === 'string' ? fn.arguments : '' });
      });
    }
    this.finishReason = typeof choice?.finish_reason === 'string' ? choice.finish_reason : 'stop';
    return [...parts, ...this.finish()];
  }
}

/** Responses API events (`response.output_text.delta`, `response.completed`, `error`) → stream parts. */
export class OpenAIResponsesDecoder implements StreamDecoder {
  done = false;

  constructor(
    private readonly provider: string,
    private readonly redact: Redactor,
  ) {}

  event(data: string): ModelStreamPart[] {
    if (data === '[DONE]') {
      this.done = true;
      return [{ type: 'finish', reason: 'stop', provider: this.provider }];
    }
    const event = parseStreamJson(this.provider, data, this.redact) as Record<string, unknown>;
    switch (event.type) {
      case 'response.output_text.delta':
        return typeof event.delta === 'string' && event.delta ? [{ type: 'text-delta', text: event.delta }] : [];
      case 'error':
        throw inBandError(this.provider, event.error ?? event, this.redact);
      case 'response.failed': {
        const response = (event.response ?? {}) as { error?: unknown };
        throw inBandError(this.provider, response.error ?? { message: 'response failed' }, this.redact);
      }
      case 'response.completed':
      case 'response.incomplete': {
        this.done = true;
        const response = (event.response ?? {}) as { usage?: { input_tokens?: number; output_tokens?: number } | null; model?: unknown };
        const usage = response.usage ? { tokensIn: response.usage.input_tokens ?? 0, tokensOut: response.usage.output_tokens ?? 0 } : undefined;
        const finish: ModelStreamPart = {
          type: 'finish',
          reason: event.type === 'response.completed' ? 'stop' : 'length',
          provider: this.provider,
          ...(usage ? { usage } : {}),
          ...(typeof response.model === 'string' ? { model: response.model } : {}),
        };
        return usage ? [{ type: 'usage', usage }, finish] : [finish];
      }
      default:
        return [];
    }
  }

  eof(): ModelStreamPart[] {
    throw new ProviderError(`${this.provider}: the stream ended before response.completed.`, { provider: this.provider, code: PROVIDER_ERROR_CODES.network, retryable: true });
  }

  whole(body: string): ModelStreamPart[] {
    const response = parseStreamJson(this.provider, body, this.redact) as Record<string, unknown>;
    if (response.error) throw inBandError(this.provider, response.error, this.redact);
    return this.event(JSON.stringify({ type: 'response.completed', response }));
  }
}
