import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpStream } from '../../src/providers/http-stream.js';
import { httpStreamRequest, providerFailure } from '../../test-support/http-stream-request.js';
import { PROVIDER_ERROR_CODES } from '../../src/providers/provider-error.js';

// HttpStream over its default transport (node:http / node:https), and the injected-fetch escape hatch.

const servers: (Server | TcpServer)[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((resolve) => {
          if ('closeAllConnections' in s) s.closeAllConnections();
          s.close(resolve);
        }),
    ),
  );
});

interface TestServer {
  url: string;
  /** TCP connections accepted so far. */
  connections: () => number;
  /** Requests received so far (head and body in). */
  requests: { headers: IncomingMessage['headers']; body: string }[];
  /** Resolves when the n-th accepted socket (0-based) closes. */
  socketClosed: (n: number) => Promise<void>;
}

async function serve(handler: (res: ServerResponse, n: number) => void): Promise<TestServer> {
  const sockets: Socket[] = [];
  const closed = new Map<Socket, Promise<void>>();
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      handler(res, requests.length - 1);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.push(socket);
    closed.set(socket, new Promise((resolve) => socket.on('close', () => resolve())));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat`,
    connections: () => sockets.length,
    requests,
    socketClosed: (n) => closed.get(sockets[n] as Socket) as Promise<void>,
  };
}

const request = httpStreamRequest;
const failure = providerFailure;

async function readText(http: HttpStream): Promise<string> {
  let text = '';
  for await (const chunk of http.text()) text += chunk;
  return text;
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HttpStream over node:http (the default transport)', () => {
  it('sends method, path, JSON body with a content-length (not chunked), the caller headers and fetch-like defaults', async () => {
    const server = await serve((res) => res.end('ok'));
    const http = await HttpStream.open(request(server.url, { headers: { 'content-type': 'application/json', 'User-Agent': 'mine/1', authorization: 'Bearer k' }, body: { text: 'héllo' } }));
    expect(await readText(http)).toBe('ok');
    const sent = server.requests[0];
    expect(sent?.body).toBe('{"text":"héllo"}');
    expect(sent?.headers['content-length']).toBe(String(Buffer.byteLength('{"text":"héllo"}')));
    expect(sent?.headers['transfer-encoding']).toBeUndefined();
    expect(sent?.headers.authorization).toBe('Bearer k');
    // the caller's header wins whatever its case; the defaults fill the rest
    expect(sent?.headers['user-agent']).toBe('mine/1');
    expect(sent?.headers.accept).toBe('*/*');
    expect(sent?.headers['accept-encoding']).toBe('identity');
  });

  it('abort while waiting for the headers: an aborted error at once, and the socket is closed', async () => {
    let received!: () => void;
    const gotRequest = new Promise<void>((resolve) => (received = resolve));
    const server = await serve(() => received()); // never answers
    const controller = new AbortController();
    const opening = HttpStream.open(request(server.url, { signal: controller.signal }));
    await gotRequest;
    const started = Date.now();
    controller.abort();
    const error = await failure(opening);
    expect(error.code).toBe(PROVIDER_ERROR_CODES.aborted);
    expect(error.retryable).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
    await within(server.socketClosed(0), 1_000, 'server socket close');
  });

  it('abort while reading the body: an aborted error, and the socket is closed', async () => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first\n'); // and nothing more
    });
    const controller = new AbortController();
    const http = await HttpStream.open(request(server.url, { signal: controller.signal }));
    const error = await failure(
      (async () => {
        for await (const chunk of http.text()) if (chunk.includes('first')) controller.abort();
      })(),
    );
    expect(error.code).toBe(PROVIDER_ERROR_CODES.aborted);
    await within(server.socketClosed(0), 1_000, 'server socket close');
  });

  it('connection refused: a retryable network error naming ECONNREFUSED', async () => {
    // a port that was just free
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const error = await failure(HttpStream.open(request(`http://127.0.0.1:${port}/x`)));
    expect(error.code).toBe(PROVIDER_ERROR_CODES.network);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('a URL scheme other than http:/https: (or no valid URL): a non-retryable config error, nothing sent', async () => {
    const scheme = await failure(HttpStream.open(request('ftp://127.0.0.1/x')));
    expect(scheme.code).toBe(PROVIDER_ERROR_CODES.config);
    expect(scheme.retryable).toBe(false);
    expect(scheme.message).toMatch(/unsupported URL scheme "ftp:"/);
    const invalid = await failure(HttpStream.open(request('no url at all')));
    expect(invalid.code).toBe(PROVIDER_ERROR_CODES.config);
    expect(invalid.message).toMatch(/URL is not valid/);
  });

  it('an https: URL goes through TLS (the server sees a TLS handshake record first)', async () => {
    let firstByte = -1;
    const tcp = createTcpServer((socket) => {
      socket.once('data', (data: Buffer) => {
        firstByte = data[0] ?? -1;
        socket.destroy();
      });
    });
    servers.push(tcp);
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const error = await failure(HttpStream.open(request(`https://127.0.0.1:${(tcp.address() as AddressInfo).port}/x`)));
    expect(firstByte).toBe(0x16); // TLS record type "handshake" (a ClientHello)
    expect(error.code).toBe(PROVIDER_ERROR_CODES.network);
  });

  it('after an early return() the rest is drained and the keep-alive socket serves the next request', async () => {
    const server = await serve((res, n) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write(`head${n}\n`);
      // the rest (under the 64 KB drain limit) and EOF come after the consumer stopped
      setTimeout(() => res.end('.'.repeat(30_000)), 30);
    });
    for (let i = 0; i < 2; i++) {
      const http = await HttpStream.open(request(server.url));
      const body = http.text();
      expect((await body.next()).value).toBe(`head${i}\n`);
      await body.return?.();
      await sleep(200); // the background drain reaches EOF (the rest is sent 30 ms after the head)
    }
    expect(server.requests).toHaveLength(2);
    expect(server.connections()).toBe(1);
  });

  it('a rest past the drain limit is not drained: the connection is closed, the next request opens another', async () => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('head\n');
      setTimeout(() => res.end('.'.repeat(200_000)), 30);
    });
    for (let i = 0; i < 2; i++) {
      const http = await HttpStream.open(request(server.url));
      const body = http.text();
      await body.next();
      await body.return?.();
      await sleep(80);
    }
    expect(server.connections()).toBe(2);
    await within(server.socketClosed(0), 1_000, 'first socket closed');
  });

  it('a consumer that does not read puts backpressure on the server (the body is not buffered without bound)', async () => {
    const MB = Buffer.alloc(1 << 20, 0x61);
    let flushed = 0;
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // 48 MB, as fast as the socket takes it
      let left = 48;
      const pump = () => {
        while (left > 0) {
          left -= 1;
          if (!res.write(MB, () => (flushed += MB.length))) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const http = await HttpStream.open(request(server.url));
    const body = http.text();
    await body.next();
    await sleep(300); // not reading
    // what left the server sits in the kernel's socket buffers and one paused chunk, not in a growing queue
    expect(flushed).toBeLessThan(24 << 20);
    await body.return?.();
  });

  it('a huge error body that never ends: read up to 64 KB, classified at once, the connection closed', async () => {
    const server = await serve((res) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '2' });
      res.write('x'.repeat(100_000)); // and never ends
    });
    const started = Date.now();
    const error = await failure(HttpStream.open(request(server.url)));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe(PROVIDER_ERROR_CODES.server);
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBe(2_000);
    expect(error.message.length).toBeLessThan(400);
    await within(server.socketClosed(0), 1_000, 'server socket close');
  });

  it('a redirect is not followed: it is an HTTP error', async () => {
    const server = await serve((res) => {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    });
    const error = await failure(HttpStream.open(request(server.url)));
    expect(error.status).toBe(302);
    expect(server.requests).toHaveLength(1);
  });

  it('a compressed body (we ask for identity) is refused with a protocol error', async () => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      res.end('not really gzip');
    });
    const error = await failure(HttpStream.open(request(server.url)));
    expect(error.code).toBe(PROVIDER_ERROR_CODES.protocol);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/gzip-encoded/);
  });
});

describe('HttpStream with an injected fetch (the escape hatch)', () => {
  it('goes through the given fetch, not node:http: same request, same body handling', async () => {
    const server = await serve((res) => res.end('from the socket'));
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchStub = (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(new Response('from the stub', { headers: { 'content-type': 'text/plain' } }));
    };
    const http = await HttpStream.open(request(server.url, { fetch: fetchStub, headers: { 'content-type': 'application/json', authorization: 'Bearer k' } }));
    expect(http.contentType).toBe('text/plain');
    expect(await readText(http)).toBe('from the stub');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(server.url);
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBe('{"x":1}');
    expect(calls[0]?.init.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer k' });
    expect(calls[0]?.init.signal).toBeInstanceOf(AbortSignal);
    expect(server.connections()).toBe(0);
  });

  it("the caller's abort reaches the injected fetch's signal; error answers are classified with retry-after", async () => {
    let seen: AbortSignal | undefined;
    const hanging = (_url: string, init: RequestInit) => {
      seen = init.signal ?? undefined;
      return new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
    };
    const controller = new AbortController();
    const opening = HttpStream.open(request('http://127.0.0.1:9/x', { fetch: hanging, signal: controller.signal }));
    controller.abort();
    const aborted = await failure(opening);
    expect(seen?.aborted).toBe(true);
    expect(aborted.code).toBe(PROVIDER_ERROR_CODES.aborted);

    const limited = () => Promise.resolve(new Response('{"error":{"message":"slow down","code":"rate_limit_exceeded"}}', { status: 429, headers: { 'retry-after': '3' } }));
    const error = await failure(HttpStream.open(request('http://127.0.0.1:9/x', { fetch: limited })));
    expect(error.code).toBe(PROVIDER_ERROR_CODES.rateLimit);
    expect(error.retryAfterMs).toBe(3_000);
    expect(error.message).toMatch(/HTTP 429 rate_limit_exceeded: slow down/);
  });
});
