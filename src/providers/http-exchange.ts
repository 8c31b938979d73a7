/**
 * What {@link HttpStream} needs from one HTTP request/response, whichever
 * client carries it (node:http by default, an injected `fetch` otherwise):
 * the response head, a pull reader over the body bytes, and a way to tear
 * the exchange down. Keeping the surface this small lets the timeouts, the
 * bounded error-body read, the drain after an early stop and the error
 * classification exist once, in http-stream.ts.
 */

/** One body read, shaped like a web stream reader's result. */
export type ChunkRead = { done: false; value: Uint8Array } | { done: true; value?: Uint8Array | undefined };

/** Pulls body chunks in order; `cancel()` gives up on the rest (the connection is not reused). */
export interface ChunkReader {
  read(): Promise<ChunkRead>;
  cancel(): Promise<void>;
}

/** The status line and headers, once they arrived. */
export interface ResponseHead {
  readonly status: number;
  readonly ok: boolean;
  /** A response header (case-insensitive name), or null when absent. */
  header(name: string): string | null;
}

export interface HttpExchange extends ResponseHead {
  /** Resolves once the response head arrived; rejects on a network error or after `abort()`. */
  responded(): Promise<void>;
  /** The body reader (one per exchange); undefined when the response has no body. */
  body(): ChunkReader | undefined;
  /**
   * Tears the exchange down: a pending head or read rejects with `reason`, so
   * does every later read, and the connection is closed rather than reused.
   */
  abort(reason?: unknown): void;
}

/** What goes on the wire: the body is already serialised. */
export interface HttpExchangeRequest {
  provider: string;
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body: string | undefined;
}
