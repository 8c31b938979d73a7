import { decodeFramedStream } from './decode-framed-stream.js';
import { HttpModelProvider } from './http-model-provider.js';
import { joinUrl, type HttpProviderOptions } from './http-provider-options.js';
import { describeErrorBody, type HttpStream } from './http-stream.js';
import { parseStreamJson } from './parse-stream-json.js';
import { ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import type { Redactor } from './redact-secrets.js';
import { withContinuation } from './resume-prompt.js';
import { LineSplitter } from './sse-parser.js';
import type { ChatMessage, FinishReason, ModelRequest, ModelStreamPart, Usage } from './types.js';

/*
 * Hand-written `/api/chat` NDJSON client rather than `ollama-ai-provider-v2`:
 * we need the `{"error": "..."}` line that arrives on a 200 after partial
 * output (mid-stream failover), `prompt_eval_count`/`eval_count` as usage,
 * and the same timeouts and overhead budget as the other adapters.
 */

export const OLLAMA_DEFAULT_URL = 'http://127.0.0.1:11434';
export const OLLAMA_DEFAULT_MODEL = 'llama3.2';

export type OllamaProviderOptions = HttpProviderOptions;

export class OllamaProvider extends HttpModelProvider<OllamaProviderOptions> {
  /** The endpoint (the options are fixed after construction). */
  private readonly url: string;

  constructor(options: OllamaProviderOptions = {}, name = 'ollama') {
    super(options, name, options.model ?? OLLAMA_DEFAULT_MODEL);
    this.url = joinUrl(options.baseUrl ?? OLLAMA_DEFAULT_URL, 'api/chat');
  }

  protected async open(request: ModelRequest): Promise<AsyncIterator<ModelStreamPart>> {
    const o = this.options;
    const body: Record<string, unknown> = {
      model: request.model ?? this.model,
      messages: withContinuation(request.messages, request.resumeFrom).map(toOllamaMessage),
      stream: true,
    };
    const options: Record<string, unknown> = {};
    const maxTokens = request.maxOutputTokens ?? o.maxOutputTokens;
    if (maxTokens !== undefined) options.num_predict = maxTokens;
    if (request.temperature !== undefined) options.temperature = request.temperature;
    if (Object.keys(options).length > 0) body.options = options;
    if (request.tools?.length) body.tools = request.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } }));
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/x-ndjson, application/json' };
    if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
    const http = await this.openHttpStream(request, { url: this.url, headers, body });
    const decoder = new OllamaDecoder(this.name, this.redact);
    // `stream:false` style or pretty-printed single object
    if (http.contentType.includes('json') && !http.contentType.includes('ndjson')) return wholeOllamaBody(http, decoder);
    return decodeFramedStream(http.text(), new LineSplitter(), (line) => decoder.line(line), decoder);
  }
}

async function* wholeOllamaBody(http: HttpStream, decoder: OllamaDecoder): AsyncGenerator<ModelStreamPart> {
  yield* decoder.line((await http.readAll()).trim());
  if (!decoder.done) yield* decoder.eof();
}

export function toOllamaMessage(message: ChatMessage): Record<string, unknown> {
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return { role: 'assistant', content: message.content, tool_calls: message.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.input ?? {} } })) };
  }
  if (message.role === 'tool') return { role: 'tool', content: message.content, tool_name: message.name };
  return { role: message.role, content: message.content };
}

/** `/api/chat` (and `/api/generate`) NDJSON objects → stream parts; `{"error"}` lines throw. */
export class OllamaDecoder {
  done = false;
  private toolIndex = 0;

  constructor(
    private readonly provider: string,
    private readonly redact: Redactor,
  ) {}

  line(line: string): ModelStreamPart[] {
    const chunk = parseStreamJson(this.provider, line, this.redact, 'malformed NDJSON line') as Record<string, unknown>;
    if (chunk.error !== undefined && chunk.error !== null) {
      const { message } = describeErrorBody(JSON.stringify({ error: chunk.error }));
      throw new ProviderError(this.redact(`${this.provider}: error inside the stream: ${message}`), {
        provider: this.provider,
        code: PROVIDER_ERROR_CODES.stream,
        retryable: true,
      });
    }
    const parts: ModelStreamPart[] = [];
    const message = (chunk.message ?? {}) as { content?: unknown; thinking?: unknown; tool_calls?: unknown };
    if (typeof message.thinking === 'string' && message.thinking) parts.push({ type: 'reasoning-delta', text: message.thinking });
    if (typeof message.content === 'string' && message.content) parts.push({ type: 'text-delta', text: message.content });
    if (typeof chunk.response === 'string' && chunk.response) parts.push({ type: 'text-delta', text: chunk.response });
    if (Array.isArray(message.tool_calls)) {
      for (const raw of message.tool_calls as { id?: unknown; function?: { name?: unknown; arguments?: unknown } }[]) {
        const id = typeof raw.id === 'string' ? raw.id : `ollama_call_${this.toolIndex}`;
        this.toolIndex += 1;
        const name = String(raw.function?.name ?? '');
        let input: unknown = raw.function?.arguments ?? {};
        if (typeof input === 'string') {
          try {
            input = JSON.parse(input) as unknown;
          } catch {
            // keep the string as given
          }
        }
        parts.push({ type: 'tool-call-start', id, name }, { type: 'tool-call', call: { id, name, input } });
      }
    }
    if (chunk.done === true) {
      this.done = true;
      const hasUsage = typeof chunk.prompt_eval_count === 'number' || typeof chunk.eval_count === 'number';
      const usage: Usage | undefined = hasUsage
        ? { tokensIn: typeof chunk.prompt_eval_count === 'number' ? chunk.prompt_eval_count : 0, tokensOut: typeof chunk.eval_count === 'number' ? chunk.eval_count : 0 }
        : undefined;
      if (usage) parts.push({ type: 'usage', usage });
      const reason: FinishReason = this.toolIndex > 0 ? 'tool-calls' : chunk.done_reason === 'length' ? 'length' : chunk.done_reason === undefined || chunk.done_reason === 'stop' ? 'stop' : 'other';
      parts.push({
        type: 'finish',
        reason,
        provider: this.provider,
        ...(usage ? { usage } : {}),
        ...(typeof chunk.model === 'string' ? { model: chunk.model } : {}),
      });
    }
    return parts;
  }

  eof(): ModelStreamPart[] {
    throw new ProviderError(`${this.provider}: the stream ended before the done:true line (connection closed mid-answer).`, {
      provider: this.provider,
      code: PROVIDER_ERROR_CODES.network,
      retryable: true,
    });
  }
}

/** Quick reachability probe (`GET /api/tags`) used by provider resolution. */
export async function probeOllama(baseUrl: string, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(joinUrl(baseUrl, 'api/tags'), { signal: controller.signal });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
