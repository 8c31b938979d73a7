import { HttpStream, type HttpStreamRequest } from './http-stream.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, type HttpProviderOptions } from './http-provider-options.js';
import { lazyPartStream } from './lazy-part-stream.js';
import { createRedactor, type Redactor } from './redact-secrets.js';
import type { ModelProvider, ModelRequest, ModelStreamPart } from './types.js';

/** Where and what one adapter sends: the endpoint, its headers and the JSON body. */
export interface HttpProviderCall {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * What the HTTP adapters (openai, anthropic, ollama, codex) share: name,
 * default model, options, the secret redactor (by default it strips `apiKey`),
 * and opening the streamed request with the configured timeouts, fetch, clock
 * and the caller's abort signal. Each adapter adds its wire format.
 */
export abstract class HttpModelProvider<Options extends HttpProviderOptions = HttpProviderOptions, Model extends string | undefined = string> implements ModelProvider {
  readonly name: string;
  readonly model: Model;
  protected readonly options: Options;
  protected readonly redact: Redactor;

  protected constructor(options: Options, name: string, model: Model) {
    this.name = name;
    this.options = options;
    this.model = model;
    this.redact = options.redact ?? createRedactor([options.apiKey]);
  }

  /** Lazy, like an async generator: nothing is sent before the first `next()` (see {@link lazyPartStream}). */
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return lazyPartStream(() => this.open(request));
  }

  /** Sends the request and returns the part iterator for its answer; its errors reject the first `next()`. */
  protected abstract open(request: ModelRequest): Promise<AsyncIterator<ModelStreamPart>>;

  protected openHttpStream(request: ModelRequest, call: HttpProviderCall): Promise<HttpStream> {
    const o = this.options;
    const http: HttpStreamRequest = {
      provider: this.name,
      url: call.url,
      headers: call.headers,
      body: call.body,
      connectTimeoutMs: o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: o.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      redact: this.redact,
    };
    if (request.signal) http.signal = request.signal;
    if (o.fetch) http.fetch = o.fetch;
    if (o.now) http.now = o.now;
    return HttpStream.open(http);
  }
}

/** A non-streamed (JSON) answer as parts: reads the whole body, then yields what `decode` makes of it. */
export async function* wholeBody(http: HttpStream, decode: (body: string) => ModelStreamPart[]): AsyncGenerator<ModelStreamPart> {
  yield* decode(await http.readAll());
}
