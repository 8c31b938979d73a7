import { abortReason } from './abortable-delay.js';
import { Deadline, type DeadlineOwner } from './deadline.js';
import { classifyHttpStatus, parseRetryAfter, ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import type { Redactor } from './redact-secrets.js';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpStreamRequest {
  provider: string;
  url: string;
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
  /** Max wait for the response headers. */
  connectTimeoutMs: number;
  /** Max silence between two body chunks (a stalled stream fails after this). */
  idleTimeoutMs: number;
  redact: Redactor;
  fetch?: FetchLike;
  now?: () => number;
}

/** Pulls an error message and type out of OpenAI / Anthropic / Ollama error bodies. */
export function describeErrorBody(body: string): { message: string; type?: string } {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object') {
      const error = (parsed as { error?: unknown }).error;
      if (typeof error === 'string') return { message: error };
      if (error && typeof error === 'object') {
        const e = error as { message?: unknown; type?: unknown; code?: unknown };
        const code = typeof e.code === 'string' ? e.code : undefined;
        const type = typeof e.type === 'string' ? e.type : undefined;
        return { message: typeof e.message === 'string' ? e.message : JSON.stringify(error), type: code ?? type };
      }
    }
  } catch {
    // not JSON: fall through
  }
  const flat = body.trim().replace(/\s+/g, ' ');
  return { message: flat.length > 300 ? `${flat.slice(0, 297)}...` : flat || '(empty body)' };
}

/**
 * One streaming HTTP exchange with our own timeouts: a connect/header timeout,
 * then an idle timer re-armed on every body chunk. Non-2xx answers become a
 * classified, redacted ProviderError (with `retry-after` parsed). The body is
 * yielded as decoded text (UTF-8 split across chunks is handled).
 *
 * All three phases (connect, idle, drain after an early stop) share one
 * {@link Deadline}: no Node timer is created or cleared per request.
 */
export class HttpStream implements DeadlineOwner {
  /** @internal */
  readonly controller = new AbortController();
  /** @internal */
  readonly request: HttpStreamRequest;
  private readonly deadline: Deadline;
  /** What the deadline guards now, so `expired()` knows which error to abort with. */
  private phase: 'connect' | 'idle' | 'drain' = 'connect';
  private _response: Response | undefined;

  private constructor(request: HttpStreamRequest) {
    this.request = request;
    this.deadline = new Deadline(this);
  }

  get response(): Response {
    return this._response as Response;
  }

  /**
   * Sends the request and waits for the headers. The connect deadline keeps
   * running until the body is first read (`text()`/`readAll()`): read it
   * right away, as every adapter does, or the stream is aborted with a
   * connect timeout.
   */
  static open(request: HttpStreamRequest): Promise<HttpStream> {
    try {
      request.signal?.throwIfAborted();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new HttpStream(request).connect();
  }

  private async connect(): Promise<this> {
    const { request, controller, deadline } = this;
    // the user's abort reaches fetch through our controller (`handleEvent`); no closure per request
    request.signal?.addEventListener('abort', this, { once: true });
    deadline.arm(request.connectTimeoutMs);
    let response: Response;
    try {
      const init: RequestInit = { method: request.method ?? 'POST', headers: request.headers, signal: controller.signal };
      if (request.body !== undefined) init.body = JSON.stringify(request.body);
      response = await (request.fetch ?? fetch)(request.url, init);
    } catch (error) {
      deadline.cancel();
      this.cleanup();
      throw toProviderError(error, request, controller.signal);
    }
    this._response = response;
    if (!response.ok) {
      // the connect deadline still runs: an error body that never ends cannot hang us
      const text = await readBounded(response, MAX_ERROR_BODY_BYTES);
      deadline.cancel();
      this.cleanup();
      const { message, type } = describeErrorBody(text);
      const { code, retryable } = classifyHttpStatus(response.status, type);
      const shouldRetry = response.headers.get('x-should-retry');
      const retryAfterMs = parseRetryAfter(response.headers, (request.now ?? Date.now)());
      throw new ProviderError(request.redact(`${request.provider}: HTTP ${response.status}${type ? ` ${type}` : ''}: ${message}`), {
        provider: request.provider,
        code,
        status: response.status,
        retryable: shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : retryable,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(type !== undefined ? { providerCode: type } : {}),
      });
    }
    // The connect deadline keeps guarding until the body is read (`text()` starts the idle phase), which the
    // adapters do right away: cancelling and re-arming in between would only cost time.
    return this;
  }

  /** @internal The user's signal aborted. */
  handleEvent(): void {
    this.controller.abort(abortReason(this.request.signal));
  }

  /** @internal The deadline of the current phase passed. */
  expired(): void {
    const request = this.request;
    switch (this.phase) {
      case 'connect':
        this.controller.abort(new ProviderError(`${request.provider}: no response within ${request.connectTimeoutMs} ms.`, { provider: request.provider, code: PROVIDER_ERROR_CODES.timeout, retryable: true }));
        return;
      case 'idle':
        this.controller.abort(
          new ProviderError(`${request.provider}: the stream stalled (no data for ${request.idleTimeoutMs} ms).`, {
            provider: request.provider,
            code: PROVIDER_ERROR_CODES.timeout,
            retryable: true,
          }),
        );
        return;
      case 'drain':
        this.controller.abort();
    }
  }

  private cleanup(): void {
    this.request.signal?.removeEventListener('abort', this);
  }

  get contentType(): string {
    return (this._contentType ??= this.response.headers.get('content-type') ?? '');
  }

  private _contentType: string | undefined;

  /**
   * The body as decoded text chunks; fails on stall (idle timeout), reset or
   * abort. Closing it early (`return()`) drains the rest briefly in the
   * background so the keep-alive connection goes back to the pool.
   */
  text(): AsyncIterableIterator<string> {
    return new BodyText(this);
  }

  /** The whole body as text (for non-streamed JSON answers), with the same timeouts. */
  async readAll(): Promise<string> {
    let out = '';
    for await (const text of this.text()) out += text;
    return out;
  }

  /** @internal The idle (stall) phase starts: the deadline fails the stream when it passes. */
  startIdle(): void {
    this.phase = 'idle';
    this.deadline.arm(this.request.idleTimeoutMs);
  }

  /** @internal A body chunk arrived: the stall deadline moves. */
  touch(): void {
    this.deadline.arm(this.request.idleTimeoutMs);
  }

  /** @internal The body is done with (ended, failed, aborted or closed by the consumer). */
  finish(reader: ReadableStreamDefaultReader<Uint8Array> | undefined, drain: boolean): void {
    this.cleanup();
    // No `releaseLock()`: nothing reads this body after us, and releasing builds two TypeErrors (stack traces) per request.
    if (!drain || reader === undefined) {
      this.deadline.cancel();
      return;
    }
    this.phase = 'drain';
    this.deadline.arm(DRAIN_AFTER_DONE_MS);
    void drainBriefly(reader, this.controller, this.deadline);
  }
}

const noop = () => {};

/**
 * The body of an {@link HttpStream} as decoded text chunks: a hand-written
 * async iterator (an async generator costs extra promise turns per chunk)
 * with the generator's contract: sequential `next()`s, `return()` closes.
 */
class BodyText implements AsyncIterableIterator<string> {
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private readonly decoder = new Utf8ChunkDecoder();
  private received = 0;
  private started = false;
  private finished = false;
  /** A `next()` in progress (`last`): a second call waits for it, as with a generator. */
  private running = false;
  /** Calls waiting behind the one in progress. */
  private queued = 0;
  private last: Promise<IteratorResult<string>> | undefined;

  constructor(private readonly http: HttpStream) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<string>> {
    // Calls made while one is in progress run after it, in call order (each queued call moves `last` on).
    if (this.running || this.queued > 0) {
      this.queued += 1;
      const run = (): Promise<IteratorResult<string>> => {
        this.queued -= 1;
        return this.step();
      };
      const chained = (this.last as Promise<IteratorResult<string>>).then(run, run);
      this.last = chained;
      return chained;
    }
    const step = this.step();
    this.last = step;
    return step;
  }

  async return(value?: unknown): Promise<IteratorResult<string>> {
    while (this.running || this.queued > 0) await (this.last as Promise<IteratorResult<string>>).catch(noop);
    if (!this.finished) {
      this.finished = true;
      // like a generator closed before its first step: nothing was read, nothing to drain
      if (this.started) this.http.finish(this.reader, !this.http.controller.signal.aborted);
    }
    return { value: value as string, done: true };
  }

  private async step(): Promise<IteratorResult<string>> {
    if (this.finished) return { value: undefined, done: true };
    this.running = true;
    try {
      const http = this.http;
      const { request, controller } = http;
      let reader = this.reader;
      if (reader === undefined) {
        const body = http.response.body;
        this.started = true;
        if (!body) {
          this.finished = true;
          http.finish(undefined, false);
          return { value: undefined, done: true };
        }
        http.startIdle();
        reader = body.getReader();
        this.reader = reader;
      }
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          this.finished = true;
          http.finish(reader, false);
          throw toProviderError(error, request, controller.signal);
        }
        if (chunk.done) {
          this.finished = true;
          http.finish(reader, false);
          const rest = this.decoder.end();
          return rest.length > 0 ? { value: rest, done: false } : { value: undefined, done: true };
        }
        this.received += chunk.value.length;
        if (this.received > MAX_STREAM_BODY_BYTES) {
          this.finished = true;
          controller.abort();
          http.finish(reader, false);
          throw new ProviderError(`${request.provider}: the stream passed ${MAX_STREAM_BODY_BYTES} bytes and was cut.`, { provider: request.provider, code: PROVIDER_ERROR_CODES.protocol, retryable: false });
        }
        http.touch();
        const text = this.decoder.push(chunk.value);
        if (text.length > 0) return { value: text, done: false };
      }
    } finally {
      this.running = false;
    }
  }
}

const DRAIN_AFTER_DONE_MS = 1_000;
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** A stream body larger than this is cut with a protocol error (a runaway server cannot exhaust memory). */
export const MAX_STREAM_BODY_BYTES = 256 * 1024 * 1024;

/** Reads at most `max` bytes of an (error) body as text; unreadable → ''. */
async function readBounded(response: Response, max: number): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      if (size >= max) {
        await reader.cancel().catch(() => {});
        break;
      }
    }
  } catch {
    // timed out or reset: keep what we have
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, max));
}
const DRAIN_MAX_BYTES = 64 * 1024;

async function drainBriefly(reader: ReadableStreamDefaultReader<Uint8Array>, controller: AbortController, deadline: Deadline): Promise<void> {
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > DRAIN_MAX_BYTES) {
        controller.abort();
        break;
      }
    }
  } catch {
    // aborted or reset: nothing to keep
  } finally {
    deadline.cancel();
  }
}

/** Turns a fetch/read failure into a ProviderError: our timeouts, the user's abort, or a network error. */
export function toProviderError(error: unknown, request: Pick<HttpStreamRequest, 'provider' | 'redact'>, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof ProviderError) return reason;
    return new ProviderError(`${request.provider}: aborted.`, { provider: request.provider, code: PROVIDER_ERROR_CODES.aborted, retryable: false, cause: reason });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(request.redact(`${request.provider}: connection failed or was reset (${message}${cause}).`), {
    provider: request.provider,
    code: PROVIDER_ERROR_CODES.network,
    retryable: true,
  });
}
