import { abortReason } from './abortable-delay.js';
import { Deadline, type DeadlineOwner } from './deadline.js';
import { FetchExchange, type FetchLike } from './fetch-transport.js';
import type { ChunkReader, HttpExchange, HttpExchangeRequest, ResponseHead } from './http-exchange.js';
import { NodeHttpExchange } from './node-http-transport.js';
import { classifyHttpStatus, parseRetryAfter, ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import type { Redactor } from './redact-secrets.js';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder.js';

export type { FetchLike } from './fetch-transport.js';

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
  /** Sends through this instead of node:http(s) (proxies, tests); see node-http-transport.ts for what the default does. */
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
 *
 * The bytes travel over node:http(s) ({@link NodeHttpExchange}), or through
 * the `fetch` given in the request ({@link FetchExchange}); both sit behind
 * {@link HttpExchange}, so everything here runs the same for either.
 */
export class HttpStream implements DeadlineOwner {
  /** @internal */
  readonly request: HttpStreamRequest;
  /** @internal Set once the exchange was aborted (user, deadline, cap, drain), with the reason: see {@link toProviderError}. */
  aborted = false;
  /** @internal */
  reason: unknown;
  private readonly deadline: Deadline;
  /** What the deadline guards now, so `expired()` knows which error to abort with. */
  private phase: 'connect' | 'idle' | 'drain' = 'connect';
  private exchange: HttpExchange | undefined;

  private constructor(request: HttpStreamRequest) {
    this.request = request;
    this.deadline = new Deadline(this);
  }

  /** The status and headers (valid once `open()` resolved). */
  get response(): ResponseHead {
    return this.exchange as HttpExchange;
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
    const { request, deadline } = this;
    // the user's abort reaches the exchange through `handleEvent`; no closure per request
    request.signal?.addEventListener('abort', this, { once: true });
    deadline.arm(request.connectTimeoutMs);
    let exchange: HttpExchange;
    try {
      const wire: HttpExchangeRequest = {
        provider: request.provider,
        url: request.url,
        method: request.method ?? 'POST',
        headers: request.headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      };
      exchange = request.fetch ? new FetchExchange(request.fetch, wire) : new NodeHttpExchange(wire);
      this.exchange = exchange;
      await exchange.responded();
    } catch (error) {
      deadline.cancel();
      this.cleanup();
      throw toProviderError(error, request, this);
    }
    if (!exchange.ok) {
      // the connect deadline still runs: an error body that never ends cannot hang us
      const text = await readBounded(exchange.body(), MAX_ERROR_BODY_BYTES);
      deadline.cancel();
      this.cleanup();
      const { message, type } = describeErrorBody(text);
      const status = exchange.status;
      const { code, retryable } = classifyHttpStatus(status, type);
      const shouldRetry = exchange.header('x-should-retry');
      const retryAfterMs = parseRetryAfter(retryHeaders(exchange), (request.now ?? Date.now)());
      throw new ProviderError(request.redact(`${request.provider}: HTTP ${status}${type ? ` ${type}` : ''}: ${message}`), {
        provider: request.provider,
        code,
        status,
        retryable: shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : retryable,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(type !== undefined ? { providerCode: type } : {}),
      });
    }
    // The connect deadline keeps guarding until the body is read (`text()` starts the idle phase), which the
    // adapters do right away: cancelling and re-arming in between would only cost time.
    return this;
  }

  /** @internal Aborts the exchange (once: the first reason stays, as with an AbortController). */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.exchange?.abort(reason);
  }

  /** @internal The user's signal aborted. */
  handleEvent(): void {
    this.abort(abortReason(this.request.signal));
  }

  /** @internal The deadline of the current phase passed. */
  expired(): void {
    const request = this.request;
    switch (this.phase) {
      case 'connect':
        this.abort(new ProviderError(`${request.provider}: no response within ${request.connectTimeoutMs} ms.`, { provider: request.provider, code: PROVIDER_ERROR_CODES.timeout, retryable: true }));
        return;
      case 'idle':
        this.abort(
          new ProviderError(`${request.provider}: the stream stalled (no data for ${request.idleTimeoutMs} ms).`, {
            provider: request.provider,
            code: PROVIDER_ERROR_CODES.timeout,
            retryable: true,
          }),
        );
        return;
      case 'drain':
        this.abort();
    }
  }

  private cleanup(): void {
    this.request.signal?.removeEventListener('abort', this);
  }

  get contentType(): string {
    return (this._contentType ??= (this.exchange as HttpExchange).header('content-type') ?? '');
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

  /** @internal The body reader (undefined: no body). */
  body(): ChunkReader | undefined {
    return (this.exchange as HttpExchange).body();
  }

  /** @internal The body is done with (ended, failed, aborted or closed by the consumer). */
  finish(reader: ChunkReader | undefined, drain: boolean): void {
    this.cleanup();
    if (!drain || reader === undefined) {
      this.deadline.cancel();
      return;
    }
    this.phase = 'drain';
    this.deadline.arm(DRAIN_AFTER_DONE_MS);
    void drainBriefly(reader, this, this.deadline);
  }
}

const noop = () => {};

/**
 * The body of an {@link HttpStream} as decoded text chunks: a hand-written
 * async iterator (an async generator costs extra promise turns per chunk)
 * with the generator's contract: sequential `next()`s, `return()` closes.
 */
class BodyText implements AsyncIterableIterator<string> {
  private reader: ChunkReader | undefined;
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
      if (this.started) this.http.finish(this.reader, !this.http.aborted);
    }
    return { value: value as string, done: true };
  }

  private async step(): Promise<IteratorResult<string>> {
    if (this.finished) return { value: undefined, done: true };
    this.running = true;
    try {
      const http = this.http;
      const request = http.request;
      let reader = this.reader;
      if (reader === undefined) {
        const body = http.body();
        this.started = true;
        if (!body) {
          this.finished = true;
          http.finish(undefined, false);
          return { value: undefined, done: true };
        }
        http.startIdle();
        reader = body;
        this.reader = reader;
      }
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          this.finished = true;
          http.finish(reader, false);
          throw toProviderError(error, request, http);
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
          http.abort();
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
async function readBounded(reader: ChunkReader | undefined, max: number): Promise<string> {
  if (!reader) return '';
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

async function drainBriefly(reader: ChunkReader, http: HttpStream, deadline: Deadline): Promise<void> {
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > DRAIN_MAX_BYTES) {
        http.abort();
        break;
      }
    }
  } catch {
    // aborted or reset: nothing to keep
  } finally {
    deadline.cancel();
  }
}

/** Whether the exchange was aborted, and why (an AbortSignal is one). */
export interface AbortState {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/** The retry-after headers of an error answer, as the `Headers` that {@link parseRetryAfter} reads (error path only). */
function retryHeaders(head: ResponseHead): Headers {
  const headers = new Headers();
  for (const name of ['retry-after-ms', 'retry-after']) {
    const value = head.header(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

/** Turns a request/read failure into a ProviderError: our timeouts, the user's abort, or a network error. */
export function toProviderError(error: unknown, request: Pick<HttpStreamRequest, 'provider' | 'redact'>, state: AbortState): ProviderError {
  if (error instanceof ProviderError) return error;
  if (state.aborted) {
    const reason: unknown = state.reason;
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
