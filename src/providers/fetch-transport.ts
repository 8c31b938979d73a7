import type { ChunkReader, HttpExchange, HttpExchangeRequest } from './http-exchange.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * An {@link HttpExchange} over a caller-supplied `fetch` (proxies, tests):
 * the escape hatch from the default node:http transport. The abort goes
 * through an AbortController handed to `fetch`; the body is read with the
 * response stream's own reader.
 */
export class FetchExchange implements HttpExchange {
  private readonly controller = new AbortController();
  private readonly pending: Promise<Response>;
  private response: Response | undefined;

  constructor(fetchImpl: FetchLike, request: HttpExchangeRequest) {
    const init: RequestInit = { method: request.method, headers: request.headers, signal: this.controller.signal };
    if (request.body !== undefined) init.body = request.body;
    this.pending = fetchImpl(request.url, init);
  }

  async responded(): Promise<void> {
    this.response = await this.pending;
  }

  get status(): number {
    return (this.response as Response).status;
  }

  get ok(): boolean {
    return (this.response as Response).ok;
  }

  header(name: string): string | null {
    return (this.response as Response).headers.get(name);
  }

  body(): ChunkReader | undefined {
    // No `releaseLock()` later: nothing reads this body after us, and releasing builds two TypeErrors (stack traces) per request.
    return (this.response as Response).body?.getReader();
  }

  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }
}
