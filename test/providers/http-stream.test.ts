import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpStream, type HttpStreamRequest } from '../../src/providers/http-stream.js';
import { httpStreamRequest, providerFailure } from '../../test-support/http-stream-request.js';
import { OllamaProvider } from '../../src/providers/ollama-provider.js';
import { PROVIDER_ERROR_CODES } from '../../src/providers/provider-error.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server whose handler gets (request number, response); counts TCP connections. */
async function serve(handler: (n: number, res: import('node:http').ServerResponse) => void): Promise<{ url: string; connections: () => number }> {
  let n = 0;
  let connections = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(n++, res));
  });
  server.on('connection', () => {
    connections += 1;
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

const request = httpStreamRequest;
const failure = providerFailure;

describe('HttpStream deadlines and body handling', () => {
  it('headers that do not come within connectTimeoutMs: a retryable timeout', async () => {
    const { url } = await serve((_, res) => setTimeout(() => res.end('late'), 1_000));
    const started = Date.now();
    const error = await failure(HttpStream.open(request(url, { connectTimeoutMs: 100 })));
    expect(Date.now() - started).toBeLessThan(800);
    expect(error.code).toBe(PROVIDER_ERROR_CODES.timeout);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/no response within 100 ms/);
  });

  it('a body that stops arriving: stalled after idleTimeoutMs of silence, not before', async () => {
    const { url } = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // 5 chunks 50 ms apart (each under the idle timeout), then silence
      let i = 0;
      const tick = () => {
        res.write(`chunk${i}\n`);
        if (++i < 5) setTimeout(tick, 50);
      };
      tick();
    });
    const http = await HttpStream.open(request(url, { idleTimeoutMs: 150 }));
    let text = '';
    const started = Date.now();
    const error = await failure(
      (async () => {
        for await (const chunk of http.text()) text += chunk;
      })(),
    );
    expect(text).toBe('chunk0\nchunk1\nchunk2\nchunk3\nchunk4\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200 + 140);
    expect(error.code).toBe(PROVIDER_ERROR_CODES.timeout);
    expect(error.message).toMatch(/stalled \(no data for 150 ms\)/);
  });

  it("the caller's abort signal ends a stream in progress with an aborted error", async () => {
    const { url } = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first\n');
    });
    const controller = new AbortController();
    const http = await HttpStream.open(request(url, { signal: controller.signal }));
    const error = await failure(
      (async () => {
        for await (const chunk of http.text()) if (chunk.includes('first')) controller.abort();
      })(),
    );
    expect(error.code).toBe(PROVIDER_ERROR_CODES.aborted);
  });

  it('a consumer that stops at the end marker before EOF does not tear the connection down: the next requests reuse it', async () => {
    const { url, connections } = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write('{"message":{"role":"assistant","content":"hi"},"done":false}\n{"model":"m","message":{"role":"assistant","content":""},"done":true}\n');
      // the rest (blank lines, under the 64 KB drain limit) and EOF come a little later, after the done line was consumed
      setTimeout(() => res.end('\n'.repeat(60_000)), 30);
    });
    const provider = new OllamaProvider({ baseUrl: url });
    for (let i = 0; i < 3; i++) {
      let text = '';
      for await (const part of provider.stream({ agentId: 'a', alias: 'a', taskId: 't', task: 'x', messages: [{ role: 'user', content: 'x' }] })) {
        if (part.type === 'text-delta') text += part.text;
      }
      expect(text).toBe('hi');
      // let the background drain reach EOF
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(connections()).toBe(1);
  });

  it('the body iterator answers overlapping next() calls in call order, as an async generator does', async () => {
    const chunks = ['c1', 'c2', 'c3', 'c4'];
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const chunk = chunks.shift();
        if (chunk === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(chunk));
      },
    });
    const http = await HttpStream.open({
      provider: 'p',
      url: 'http://127.0.0.1:9/none',
      headers: {},
      connectTimeoutMs: 1000,
      idleTimeoutMs: 1000,
      redact: (text: string) => text,
      fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    } as HttpStreamRequest);
    const it = http.text();
    const got: string[] = [];
    const p1 = it.next().then(async (r) => {
      got.push(`1:${r.value}`);
      got.push(`3:${(await it.next()).value}`);
    });
    const p2 = it.next().then((r) => void got.push(`2:${r.value}`));
    await Promise.all([p1, p2]);
    expect(got.sort()).toEqual(['1:c1', '2:c2', '3:c3']);
    await it.return?.();
  });
});
