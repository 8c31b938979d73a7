import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { ChunkRead, ChunkReader, HttpExchange, HttpExchangeRequest } from './http-exchange.js';
import { ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';

/**
 * The default transport of {@link HttpStream}: one request over node:http /
 * node:https instead of the global `fetch` (undici).
 *
 * Why: on a loopback server a node:http request plus body read costs
 * ~310–360 µs p50 against ~500 µs for a bare `fetch` (and ~540 µs with the
 * AbortSignal and headers we send), more than our whole parsing layer adds.
 * The web-stream body, the Request/Response/Headers objects and the signal
 * plumbing are what fetch spends it on; here the body is the socket's own
 * Buffers, pulled through a small queue. bench/providers.ts shows the same
 * (burst mode: raw node:http read ≈ 0.5× a raw fetch read).
 *
 * What it keeps from fetch: keep-alive connection reuse (a module-level
 * Agent per protocol, set up like Node's global agent: LIFO, idle sockets
 * closed after 5 s or before the server's `Keep-Alive: timeout` hint),
 * `content-length` on the request, `accept: *\/*` and `user-agent: node`
 * unless the caller sets them. What it leaves out: redirects are not
 * followed (a 3xx is an HTTP error; the provider APIs do not redirect), no
 * proxy support (inject a `fetch` for that), and no compressed answers: it
 * asks for `identity` and refuses another content-encoding. Only http: and
 * https: URLs (credentials in the URL become basic auth, as node:http does).
 */
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo', timeout: 5_000 } as const;
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/** Where a URL points, parsed once (each adapter calls the same URL over and over). */
interface Target {
  https: boolean;
  options: RequestOptions;
}

const targets = new Map<string, Target>();
const MAX_TARGETS = 64;

function targetOf(url: string, provider: string): Target {
  const known = targets.get(url);
  if (known !== undefined) return known;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // the URL itself stays out of the message: it may carry a key, and this error skips the redactor
    throw new ProviderError(`${provider}: the URL is not valid (check baseUrl).`, { provider, code: PROVIDER_ERROR_CODES.config, retryable: false });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ProviderError(`${provider}: unsupported URL scheme "${parsed.protocol}" (only http: and https: are supported; inject a fetch for anything else).`, {
      provider,
      code: PROVIDER_ERROR_CODES.config,
      retryable: false,
    });
  }
  const { hostname, port, path, auth } = urlToHttpOptions(parsed);
  const options: RequestOptions = { hostname, path };
  if (port !== undefined && port !== '') options.port = port;
  if (auth !== undefined) options.auth = auth;
  const target: Target = { https: parsed.protocol === 'https:', options };
  if (targets.size >= MAX_TARGETS) targets.clear();
  targets.set(url, target);
  return target;
}

/** Headers fetch would have sent (and `identity`: we do not decode compressed bodies), unless the caller set them. */
const DEFAULT_HEADERS: readonly (readonly [string, string])[] = [
  ['accept', '*/*'],
  ['user-agent', 'node'],
  ['accept-encoding', 'identity'],
];

function outgoingHeaders(request: HttpExchangeRequest): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const given = request.headers;
  let lowerCase = true;
  for (const name in given) {
    if (name !== name.toLowerCase()) lowerCase = false;
    headers[name] = given[name];
  }
  for (const [name, value] of DEFAULT_HEADERS) {
    if (name in given) continue;
    if (!lowerCase && Object.keys(given).some((key) => key.toLowerCase() === name)) continue;
    headers[name] = value;
  }
  // Always a length (never chunked): the body is one string in hand.
  headers['content-length'] = request.body === undefined ? 0 : Buffer.byteLength(request.body);
  return headers;
}

const DONE: ChunkRead = Object.freeze({ done: true, value: undefined });

/**
 * One request/response over node:http(s). The body is read in flowing mode
 * into a queue that is paused while it holds a chunk nobody asked for yet,
 * so a slow consumer puts backpressure on the socket as a web stream would.
 */
export class NodeHttpExchange implements HttpExchange, ChunkReader {
  status = 0;
  ok = false;
  private readonly req: ClientRequest;
  private res: IncomingMessage | undefined;
  private readonly head: Promise<void>;
  private headSettle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  private readSettle: { resolve: (read: ChunkRead) => void; reject: (error: unknown) => void } | undefined;
  private readonly queue: Buffer[] = [];
  private ended = false;
  private failed = false;
  private failure: unknown;
  private readonly provider: string;

  /** Sends the request; throws a ProviderError (config) for a URL it cannot send to. */
  constructor(request: HttpExchangeRequest) {
    this.provider = request.provider;
    const target = targetOf(request.url, request.provider);
    const options: RequestOptions = { ...target.options, method: request.method, headers: outgoingHeaders(request), agent: target.https ? httpsAgent : httpAgent };
    this.head = new Promise<void>((resolve, reject) => {
      this.headSettle = { resolve, reject };
    });
    const req = (target.https ? httpsRequest : httpRequest)(options);
    this.req = req;
    req.on('response', this.onResponse);
    // stays attached for the request's life: an error after we settled must not become an unhandled 'error' event
    req.on('error', this.onError);
    req.end(request.body);
  }

  responded(): Promise<void> {
    return this.head;
  }

  header(name: string): string | null {
    const value = (this.res as IncomingMessage).headers[name.toLowerCase()];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : value.join(', ');
  }

  body(): ChunkReader {
    return this;
  }

  read(): Promise<ChunkRead> {
    const queue = this.queue;
    if (queue.length > 0) {
      const value = queue.shift() as Buffer;
      if (queue.length === 0 && !this.ended) this.res?.resume();
      return Promise.resolve({ done: false, value });
    }
    if (this.failed) return Promise.reject(this.failure as Error);
    if (this.ended) return Promise.resolve(DONE);
    return new Promise<ChunkRead>((resolve, reject) => {
      this.readSettle = { resolve, reject };
    });
  }

  cancel(): Promise<void> {
    this.abort();
    return Promise.resolve();
  }

  abort(reason?: unknown): void {
    if (this.failed) return;
    this.fail(reason ?? abortError());
    // after the end the socket is back in the agent's pool (or closed): nothing of ours to tear down
    if (!this.ended) this.req.destroy();
  }

  private readonly onResponse = (res: IncomingMessage): void => {
    if (this.failed) {
      res.destroy();
      return;
    }
    this.res = res;
    const status = res.statusCode ?? 0;
    this.status = status;
    this.ok = status >= 200 && status <= 299;
    res.on('data', this.onData);
    res.on('end', this.onEnd);
    res.on('error', this.onError);
    res.on('close', this.onClose);
    const encoding = res.headers['content-encoding'];
    if (encoding !== undefined && encoding !== '' && encoding.toLowerCase() !== 'identity') {
      const provider = this.provider;
      this.abort(new ProviderError(`${provider}: the server sent a ${encoding}-encoded body although identity was asked for.`, { provider, code: PROVIDER_ERROR_CODES.protocol, retryable: false }));
      return;
    }
    const settle = this.headSettle;
    this.headSettle = undefined;
    settle?.resolve();
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.failed) return;
    const settle = this.readSettle;
    if (settle !== undefined) {
      this.readSettle = undefined;
      settle.resolve({ done: false, value: chunk });
      return;
    }
    this.queue.push(chunk);
    (this.res as IncomingMessage).pause();
  };

  private readonly onEnd = (): void => {
    if (this.failed) return;
    this.ended = true;
    const settle = this.readSettle;
    this.readSettle = undefined;
    settle?.resolve(DONE);
  };

  private readonly onError = (error: Error): void => {
    if (this.failed || this.ended) return;
    const described = describeSocketError(error);
    // after the head, Node reports a connection lost mid-body as just "aborted"
    this.fail(this.res === undefined ? described : new Error(`the body was cut off: ${described.message}`));
  };

  /** A response closed before its end without an 'error' (should not happen; guards a read that would wait forever). */
  private readonly onClose = (): void => {
    if (this.failed || this.ended) return;
    this.fail(new Error('the connection closed before the body ended'));
  };

  private fail(error: unknown): void {
    this.failed = true;
    this.failure = error;
    // as with an errored web stream: chunks not read yet are dropped
    this.queue.length = 0;
    const head = this.headSettle;
    const read = this.readSettle;
    this.headSettle = undefined;
    this.readSettle = undefined;
    head?.reject(error);
    read?.reject(error);
  }
}

/** Node's socket errors say "aborted" or "socket hang up"; the code (ECONNRESET, ECONNREFUSED, ...) tells what happened. */
function describeSocketError(error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined || error.message.includes(code)) return error;
  return new Error(`${error.message} [${code}]`);
}

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}
