import { decodeFramedStream } from './decode-framed-stream.js';
import { HttpModelProvider, wholeBody } from './http-model-provider.js';
import { joinUrl, type HttpProviderOptions } from './http-provider-options.js';
import { parseStreamJson } from './parse-stream-json.js';
import { classifyHttpStatus, ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import type { Redactor } from './redact-secrets.js';
import { FrameTemplate } from './frame-template.js';
import { PrefillSeam } from './resume-prompt.js';
import { SseParser } from './sse-parser.js';
import type { ChatMessage, FinishReason, ModelRequest, ModelStreamPart, ToolCall, Usage } from './types.js';

/*
 * Hand-written Messages SSE client rather than `@ai-sdk/anthropic` for the
 * reasons given in openai-provider.ts (raw status/headers for failover, the
 * in-band `overloaded_error` after partial output, EOF handling, overhead).
 * Resume uses Anthropic's assistant prefill.
 */

export const ANTHROPIC_DEFAULT_BASE = 'https://api.anthropic.com';
export const ANTHROPIC_DEFAULT_MODEL = 'claude-sonnet-4-5';
export const ANTHROPIC_VERSION = '2023-06-01';

export type AnthropicProviderOptions = HttpProviderOptions;

interface BlockState {
  type: string;
  id: string;
  name: string;
  json: string;
  closed: boolean;
}

interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export class AnthropicProvider extends HttpModelProvider<AnthropicProviderOptions> {
  /** The endpoint (the options are fixed after construction). */
  private readonly url: string;

  constructor(options: AnthropicProviderOptions = {}, name = 'anthropic') {
    super(options, name, options.model ?? ANTHROPIC_DEFAULT_MODEL);
    this.url = messagesUrl(options.baseUrl ?? ANTHROPIC_DEFAULT_BASE);
  }

  protected async open(request: ModelRequest): Promise<AsyncIterator<ModelStreamPart>> {
    const o = this.options;
    const seam = request.resumeFrom ? new PrefillSeam(request.resumeFrom) : undefined;
    const { system, messages } = toAnthropicMessages(request.messages);
    if (seam && seam.prefill) messages.push({ role: 'assistant', content: seam.prefill });
    const body: Record<string, unknown> = {
      model: request.model ?? this.model,
      max_tokens: request.maxOutputTokens ?? o.maxOutputTokens ?? 4096,
      messages,
      stream: true,
    };
    if (system) body.system = system;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.tools?.length) body.tools = request.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema }));
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream, application/json', 'anthropic-version': ANTHROPIC_VERSION };
    if (o.apiKey) headers['x-api-key'] = o.apiKey;
    const http = await this.openHttpStream(request, { url: this.url, headers, body });
    const decoder = new AnthropicDecoder(this.name, this.redact, seam);
    if (!http.contentType.includes('event-stream') && http.contentType.includes('json')) return wholeBody(http, (text) => decoder.whole(text));
    return decodeFramedStream(http.text(), new SseParser(), (event) => decoder.event(event.data), decoder);
  }
}

function messagesUrl(base: string): string {
  return joinUrl(base, /\/v1\/?$/.test(base) ? 'messages' : 'v1/messages');
}

type AnthropicMessage = { role: 'user' | 'assistant'; content: string | Record<string, unknown>[] };

export function toAnthropicMessages(messages: readonly ChatMessage[]): { system: string; messages: AnthropicMessage[] } {
  const system: string[] = [];
  const out: AnthropicMessage[] = [];
  for (const m of messages) {
    if (m.role === 'system') system.push(m.content);
    else if (m.role === 'user') out.push({ role: 'user', content: m.content });
    else if (m.role === 'assistant') {
      if (m.toolCalls?.length) {
        const blocks: Record<string, unknown>[] = m.content ? [{ type: 'text', text: m.content }] : [];
        for (const c of m.toolCalls) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.input ?? {} });
        out.push({ role: 'assistant', content: blocks });
      } else out.push({ role: 'assistant', content: m.content });
    } else {
      out.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: m.toolCallId, content: m.content, ...(m.isError ? { is_error: true } : {}) }] });
    }
  }
  return { system: system.join('\n\n'), messages: out };
}

const MAX_TEMPLATE_LEARNING = 4;
const PING = '{"type":"ping"}';
const MESSAGE_STOP = '{"type":"message_stop"}';
const TEXT_BLOCK_START = /^\{"type":"content_block_start","index":(0|[1-9][0-9]{0,8}),"content_block":\{"type":"text","text":""\}\}$/;
const BLOCK_STOP = /^\{"type":"content_block_stop","index":(0|[1-9][0-9]{0,8})\}$/;

/**
 * The value of the small fixed-shape events, written as the API sends them
 * (ping, message_stop, a text block's start and stop), built without
 * JSON.parse: the object JSON.parse would give, which then takes the same
 * path. Anything else (other spacing, members or order) → undefined.
 */
function bareEvent(data: string): Record<string, unknown> | undefined {
  if (data.length > 120) return undefined;
  if (data === PING) return { type: 'ping' };
  if (data === MESSAGE_STOP) return { type: 'message_stop' };
  let m = BLOCK_STOP.exec(data);
  if (m) return { type: 'content_block_stop', index: Number(m[1]) };
  m = TEXT_BLOCK_START.exec(data);
  if (m) return { type: 'content_block_start', index: Number(m[1]), content_block: { type: 'text', text: '' } };
  return undefined;
}

function isTextDelta(event: Record<string, unknown>): boolean {
  if (typeof event !== 'object' || event === null || Array.isArray(event) || event.type !== 'content_block_delta') return false;
  const delta = event.delta as Record<string, unknown> | null | undefined;
  return typeof delta === 'object' && delta !== null && !Array.isArray(delta) && delta.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '';
}

function mapStop(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

/** Messages SSE events → stream parts. Usage: `message_delta` is cumulative, merged over `message_start`. */
export class AnthropicDecoder {
  done = false;
  /** The last text-delta event's template (see frame-template.ts); a few are learned at most per stream. */
  private template: FrameTemplate | undefined;
  private learned = 0;
  private readonly blocks = new Map<number, BlockState>();
  private usage: AnthropicUsage = {};
  private sawUsage = false;
  private stopReason: string | null = null;
  private model: string | undefined;

  constructor(
    private readonly provider: string,
    private readonly redact: Redactor,
    private readonly seam?: PrefillSeam,
  ) {}

  event(data: string): ModelStreamPart[] {
    // A text delta like one already parsed: only its text (hole 0) differs, so it decodes to that text alone.
    const holes = this.template?.match(data);
    if (holes !== undefined) {
      const text = holes[0] as string;
      return text ? this.text(text) : [];
    }
    const event = bareEvent(data) ?? (parseStreamJson(this.provider, data, this.redact) as Record<string, unknown>);
    const parts = this.parsed(event);
    if (this.learned < MAX_TEMPLATE_LEARNING && isTextDelta(event)) {
      // `content_block_delta` / `text_delta`: the decoding reads only `delta.text`
      this.learned += 1;
      const template = FrameTemplate.learn(data, event, [['delta', 'text']]);
      if (template?.match(data) !== undefined) this.template = template;
    }
    return parts;
  }

  private parsed(event: Record<string, unknown>): ModelStreamPart[] {
    switch (event.type) {
      case 'message_start': {
        const message = (event.message ?? {}) as { usage?: AnthropicUsage; model?: unknown };
        if (typeof message.model === 'string') this.model = message.model;
        if (message.usage) this.mergeUsage(message.usage);
        return [];
      }
      case 'content_block_start': {
        const index = Number(event.index ?? 0);
        const block = (event.content_block ?? {}) as { type?: unknown; id?: unknown; name?: unknown; text?: unknown; thinking?: unknown };
        const type = String(block.type ?? 'text');
        const state: BlockState = { type, id: String(block.id ?? `toolu_${index}`), name: String(block.name ?? ''), json: '', closed: false };
        this.blocks.set(index, state);
        if (type === 'tool_use') return [{ type: 'tool-call-start', id: state.id, name: state.name }];
        if (type === 'text' && typeof block.text === 'string' && block.text) return this.text(block.text);
        if (type === 'thinking' && typeof block.thinking === 'string' && block.thinking) return [{ type: 'reasoning-delta', text: block.thinking }];
        return [];
      }
      case 'content_block_delta': {
        const state = this.blocks.get(Number(event.index ?? 0));
        const delta = (event.delta ?? {}) as { type?: unknown; text?: unknown; partial_json?: unknown; thinking?: unknown; signature?: unknown };
        switch (delta.type) {
          case 'text_delta':
            return typeof delta.text === 'string' && delta.text ? this.text(delta.text) : [];
          case 'input_json_delta':
            if (!state || typeof delta.partial_json !== 'string' || delta.partial_json === '') return [];
            state.json += delta.partial_json;
            return [{ type: 'tool-call-delta', id: state.id, inputText: delta.partial_json }];
          case 'thinking_delta':
            return typeof delta.thinking === 'string' && delta.thinking ? [{ type: 'reasoning-delta', text: delta.thinking }] : [];
          case 'signature_delta':
            return typeof delta.signature === 'string' ? [{ type: 'reasoning-signature', signature: delta.signature }] : [];
          default:
            return [];
        }
      }
      case 'content_block_stop': {
        const state = this.blocks.get(Number(event.index ?? 0));
        if (!state || state.closed) return [];
        state.closed = true;
        return state.type === 'tool_use' ? [{ type: 'tool-call', call: this.toolCall(state) }] : [];
      }
      case 'message_delta': {
        const delta = (event.delta ?? {}) as { stop_reason?: unknown };
        if (typeof delta.stop_reason === 'string') this.stopReason = delta.stop_reason;
        if (event.usage) this.mergeUsage(event.usage as AnthropicUsage);
        // A tool block cut off by max_tokens never gets content_block_stop: flush it here.
        const parts: ModelStreamPart[] = [];
        if (this.stopReason === 'max_tokens') {
          for (const state of this.blocks.values()) {
            if (state.type === 'tool_use' && !state.closed) {
              state.closed = true;
              parts.push({ type: 'tool-call', call: this.toolCall(state) });
            }
          }
        }
        return parts;
      }
      case 'message_stop':
        return this.finish();
      case 'error': {
        const error = (event.error ?? {}) as { type?: unknown; message?: unknown };
        const type = typeof error.type === 'string' ? error.type : 'error';
        const status = type === 'overloaded_error' ? 529 : type === 'rate_limit_error' ? 429 : type === 'api_error' ? 500 : type === 'authentication_error' ? 401 : type === 'permission_error' ? 403 : 400;
        const { code, retryable } = classifyHttpStatus(status, type);
        throw new ProviderError(this.redact(`${this.provider}: error event in the stream (${type}): ${typeof error.message === 'string' ? error.message : ''}`), {
          provider: this.provider,
          code,
          status,
          retryable,
          providerCode: type,
        });
      }
      default:
        // ping and unknown event types are ignored (Anthropic docs).
        return [];
    }
  }

  private text(text: string): ModelStreamPart[] {
    const filtered = this.seam ? this.seam.filter(text) : text;
    return filtered ? [{ type: 'text-delta', text: filtered }] : [];
  }

  private toolCall(state: BlockState): ToolCall {
    if (state.json.trim() === '') return { id: state.id, name: state.name, input: {} };
    try {
      return { id: state.id, name: state.name, input: JSON.parse(state.json) as unknown };
    } catch {
      return { id: state.id, name: state.name, input: state.json, incomplete: true };
    }
  }

  private mergeUsage(usage: AnthropicUsage): void {
    this.sawUsage = true;
    for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
      const value = usage[key];
      if (typeof value === 'number') this.usage[key] = value;
    }
  }

  private currentUsage(): Usage | undefined {
    if (!this.sawUsage) return undefined;
    const u = this.usage;
    return { tokensIn: (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0), tokensOut: u.output_tokens ?? 0 };
  }

  private finish(): ModelStreamPart[] {
    this.done = true;
    const usage = this.currentUsage();
    const finish: ModelStreamPart = {
      type: 'finish',
      reason: mapStop(this.stopReason),
      provider: this.provider,
      ...(usage ? { usage } : {}),
      ...(this.model ? { model: this.model } : {}),
    };
    return usage ? [{ type: 'usage', usage }, finish] : [finish];
  }

  eof(): ModelStreamPart[] {
    // A stream that reported its stop reason but lost message_stop is complete; anything else was cut.
    if (this.stopReason !== null) return this.finish();
    throw new ProviderError(`${this.provider}: the stream ended before message_stop (connection closed mid-answer).`, {
      provider: this.provider,
      code: PROVIDER_ERROR_CODES.network,
      retryable: true,
    });
  }

  whole(body: string): ModelStreamPart[] {
    const message = parseStreamJson(this.provider, body, this.redact, 'malformed JSON answer') as { content?: Record<string, unknown>[]; usage?: AnthropicUsage; stop_reason?: string; model?: string; error?: unknown };
    if (message.error) return this.event(JSON.stringify({ type: 'error', error: message.error }));
    const parts: ModelStreamPart[] = [];
    for (const block of message.content ?? []) {
      if (block.type === 'text' && typeof block.text === 'string') parts.push(...this.text(block.text));
      else if (block.type === 'thinking' && typeof block.thinking === 'string') parts.push({ type: 'reasoning-delta', text: block.thinking });
      else if (block.type === 'tool_use') parts.push({ type: 'tool-call', call: { id: String(block.id), name: String(block.name), input: block.input ?? {} } });
    }
    if (message.usage) this.mergeUsage(message.usage);
    if (typeof message.model === 'string') this.model = message.model;
    this.stopReason = message.stop_reason ?? 'end_turn';
    return [...parts, ...this.finish()];
  }
}
