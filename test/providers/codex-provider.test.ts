import { afterEach, describe, expect, it } from 'vitest';
import { CodexProvider } from '../../src/providers/codex-provider.js';
import { collectStream } from '../../src/providers/collect-stream.js';
import type { ModelRequest } from '../../src/providers/types.js';
import { startLoopbackServer, type LoopbackServer } from '../../test-support/loopback-server.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const request: ModelRequest = { agentId: 'backend', alias: 'be', taskId: 't', task: 'add an endpoint', messages: [{ role: 'user', content: 'add an endpoint' }] };

describe('codex provider', () => {
  it('POST /run with a bearer token; a JSON answer becomes text, logs and usage', async () => {
    const server = await startLoopbackServer([
      { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ summary: 'added', output: 'Added GET /health.', logs: ['ran tests'], usage: { tokensIn: 12, tokensOut: 5 } }) },
    ]);
    servers.push(server);
    const result = await collectStream(new CodexProvider({ baseUrl: server.url, apiKey: 'codex-secret-token' }).stream(request));
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/run' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer codex-secret-token');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ agentId: 'backend', alias: 'be', task: 'add an endpoint' });
    expect(result.text).toBe('Added GET /health.');
    expect(result.usage).toEqual({ tokensIn: 12, tokensOut: 5 });
    expect(result.parts[0]).toEqual({ type: 'status', message: 'ran tests' });
  });

  it('an SSE answer streams chunk events; task_error becomes a ProviderError without the token', async () => {
    const ok = await startLoopbackServer([
      {
        headers: { 'content-type': 'text/event-stream' },
        body: 'data: {"kind":"chunk","text":"Hel"}\n\ndata: {"kind":"chunk","text":"lo"}\n\ndata: {"kind":"task_complete","ok":true,"tokensIn":3,"tokensOut":2}\n\n',
        split: 'bytewise',
      },
    ]);
    const bad = await startLoopbackServer([
      { headers: { 'content-type': 'text/event-stream' }, body: 'data: {"kind":"chunk","text":"x"}\n\ndata: {"kind":"task_error","error":{"code":"E","message":"token codex-secret-token rejected","status":500}}\n\n' },
    ]);
    servers.push(ok, bad);
    const result = await collectStream(new CodexProvider({ baseUrl: ok.url, apiKey: 'codex-secret-token' }).stream(request));
    expect(result.text).toBe('Hello');
    expect(result.usage).toEqual({ tokensIn: 3, tokensOut: 2 });
    const error = await collectStream(new CodexProvider({ baseUrl: bad.url, apiKey: 'codex-secret-token' }).stream(request)).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/task error: token \[REDACTED\] rejected/);
  });

  it('requires CODEX_URL', () => {
    expect(() => new CodexProvider({})).toThrow(/CODEX_URL is not set/);
  });
});
