import { abortReason } from './abortable-delay.js';
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
 */
export class HttpStream {
  readonly response: Response;
  private readonly controller: AbortController;
  private readonly request: HttpStreamRequest;
  private readonly cleanup: () => void;

  private constructor(response: Response, controller: AbortController, request: HttpStreamRequest, cleanup: () => void) {
    this.response = response;
    this.controller = controller;
    this.request = request;
    this.cleanup = cleanup;
  }

  static async open(request: HttpStreamRequest): Promise<HttpStream> {
    const controller = new AbortController();
    const userSignal = request.signal;
    userSignal?.throwIfAborted();
    const onUserAbort = () => controller.abort(abortReason(userSignal));
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    const cleanup = () => userSignal?.removeEventListener('abort', onUserAbort);
    const timer = setTimeout(
      () => controller.abort(new ProviderError(`${request.provider}: no response within ${request.connectTimeoutMs} ms.`, { provider: request.provider, code: PROVIDER_ERROR_CODES.timeout, retryable: true })),
      request.connectTimeoutMs,
    );
    let response: Response;
    try {
      const init: RequestInit = { method: request.method ?? 'POST', headers: request.headers, signal: controller.signal };
      if (request.body !== undefined) init.body = JSON.stringify(request.body);
      response = await (request.fetch ?? fetch)(request.url, init);
    } catch (error) {
      clearTimeout(timer);
      cleanup();
      throw toProviderError(error, request, controller.signal);
    }
    if (!response.ok) {
      // the connect timer still runs: an error body that never ends cannot hang us
      const text = await readBounded(response, MAX_ERROR_BODY_BYTES);
      clearTimeout(timer);
      cleanup();
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
    clearTimeout(timer);
    return new HttpStream(response, controller, request, cleanup);
  }

  get contentType(): string {
    return this.response.headers.get('content-type') ?? '';
  }

  /** The body as decoded text chunks; fails on stall (idle timeout), reset or abort. */
  async *text(): AsyncGenerator<string> {
    const body = this.response.body;
    if (!body) return;
    const request = this.request;
    const controller = this.controller;
    const idle = setTimeout(
      () =>
        controller.abort(
          new ProviderError(`${request.provider}: the stream stalled (no data for ${request.idleTimeoutMs} ms).`, {
            provider: request.provider,
            code: PROVIDER_ERROR_CODES.timeout,
            retryable: true,
          }),
        ),
      request.idleTimeoutMs,
    );
    const reader = body.getReader();
    const decoder = new Utf8ChunkDecoder();
    let ended = false;
    let failed = false;
    let received = 0;
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          failed = true;
          throw toProviderError(error, request, controller.signal);
        }
        if (chunk.done) {
          ended = true;
          break;
        }
        received += chunk.value.length;
        if (received > MAX_STREAM_BODY_BYTES) {
          failed = true;
          controller.abort();
          throw new ProviderError(`${request.provider}: the stream passed ${MAX_STREAM_BODY_BYTES} bytes and was cut.`, { provider: request.provider, code: PROVIDER_ERROR_CODES.protocol, retryable: false });
        }
        idle.refresh();
        const text = decoder.push(chunk.value);
        if (text.length > 0) yield text;
      }
      const rest = decoder.end();
      if (rest.length > 0) yield rest;
    } finally {
      clearTimeout(idle);
      this.cleanup();
      if (ended || failed || controller.signal.aborted) {
        reader.releaseLock();
      } else {
        // The consumer stopped early (usually right after the protocol's end marker,
        // before EOF): read the rest in the background, briefly, so the keep-alive
        // connection goes back to the pool instead of being torn down.
        void drainBriefly(reader, controller, DRAIN_AFTER_DONE_MS);
      }
    }
  }

  /** The whole body as text (for non-streamed JSON answers), with the same timeouts. */
  async readAll(): Promise<string> {
    let out = '';
    for await (const text of this.text()) out += text;
    return out;
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

async function drainBriefly(reader: ReadableStreamDefaultReader<Uint8Array>, controller: AbortController, ms: number): Promise<void> {
  const timer = setTimeout(() => controller.abort(), ms);
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
    clearTimeout(timer);
    reader.releaseLock();
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
