import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../src/providers/anthropic-provider.js';
import { collectStream } from '../../src/providers/collect-stream.js';
import { FailoverProvider, type FailoverOptions } from '../../src/providers/failover-provider.js';
import { OllamaProvider } from '../../src/providers/ollama-provider.js';
import { OpenAIProvider } from '../../src/providers/openai-provider.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import { CONTINUE_INSTRUCTION } from '../../src/providers/resume-prompt.js';
import type { ModelRequest } from '../../src/providers/types.js';
import { startLoopbackServer, type LoopbackServer, type ScriptedResponse } from '../../test-support/loopback-server.js';
import { anthropicSse, bytesAfterEvents, ollamaNdjson, openaiSse } from '../../test-support/wire-bodies.js';

const SSE = { 'content-type': 'text/event-stream' };
const NDJSON = { 'content-type': 'application/x-ndjson' };
const KEY = 'sk-live-SECRETSECRET0123456789';
const request = (extra: Partial<ModelRequest> = {}): ModelRequest => ({
  agentId: 'coder',
  alias: 'coder',
  taskId: 't1',
  task: 'say hello',
  messages: [{ role: 'user', content: 'say hello' }],
  ...extra,
});

const servers: LoopbackServer[] = [];
async function server(responses: ScriptedResponse[]): Promise<LoopbackServer> {
  const s = await startLoopbackServer(responses);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function failover(chain: ConstructorParameters<typeof FailoverProvider>[0], options: FailoverOptions = {}) {
  const delays: number[] = [];
  const provider = new FailoverProvider(chain, {
    random: () => 0.5,
    backoffMs: 40,
    sleep: async (ms) => {
      delays.push(ms);
      await new Promise((r) => setTimeout(r, Math.min(ms, 20)));
    },
    ...options,
  });
  return { provider, delays };
}

const openai = (url: string, extra: object = {}) => new OpenAIProvider({ baseUrl: url, apiKey: KEY, connectTimeoutMs: 2_000, idleTimeoutMs: 2_000, ...extra });
const anthropic = (url: string, extra: object = {}) => new AnthropicProvider({ baseUrl: url, apiKey: KEY, connectTimeoutMs: 2_000, idleTimeoutMs: 2_000, ...extra });
const ollama = (url: string, extra: object = {}) => new OllamaProvider({ baseUrl: url, connectTimeoutMs: 2_000, idleTimeoutMs: 2_000, ...extra });

describe('mid-stream failover resumes on real sockets', () => {
  it('connection reset after two deltas: fallback continues, one failover part, no text lost or repeated', async () => {
    const primaryBody = openaiSse(['Hello, ', 'wor', 'ld! Never sent.']);
    const cut = bytesAfterEvents(primaryBody, 3); // role chunk + 2 text deltas
    const primary = await server([{ headers: SSE, body: primaryBody, resetAfterBytes: cut }]);
    const fallback = await server([{ headers: SSE, body: anthropicSse(['ld! ', 'Done.'], { outputTokens: 4 }) }]);
    const { provider } = failover([openai(primary.url), anthropic(fallback.url)]);
    const result = await collectStream(provider.stream(request()));
    expect(result.text).toBe('Hello, world! Done.');
    expect(result.failovers).toHaveLength(1);
    expect(result.failovers[0]).toMatchObject({ from: 'openai', to: 'anthropic', resumeAt: 'Hello, wor'.length });
    expect(result.failovers[0]?.reason).toMatch(/connection|reset|terminated/i);
    expect(result.provider).toBe('anthropic');
    expect(result.usage).toEqual({ tokensIn: 10, tokensOut: 4 });
    // the fallback got the prefix as an assistant prefill
    const sent = JSON.parse(fallback.requests[0]?.body ?? '{}') as { messages: { role: string; content: string }[] };
    expect(sent.messages.at(-1)).toEqual({ role: 'assistant', content: 'Hello, wor' });
    // the seam part sits exactly between the prefix and the continuation
    const seam = result.parts.findIndex((p) => p.type === 'failover');
    const before = result.parts.slice(0, seam).map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
    expect(before).toBe('Hello, wor');
    expect(primary.requests).toHaveLength(1);
  });

  it('stall past the idle timeout: fallback (OpenAI-style continuation prompt) resumes', async () => {
    const primaryBody = anthropicSse(['The answer ', 'is ', '42.']);
    const primary = await server([{ headers: SSE, body: primaryBody, stallAfterBytes: bytesAfterEvents(primaryBody, 3) }]); // message_start, block start, 'The answer '
    const fallback = await server([{ headers: NDJSON, body: ollamaNdjson(['is 42.']) }]);
    const { provider } = failover([anthropic(primary.url, { idleTimeoutMs: 150 }), ollama(fallback.url)]);
    const started = Date.now();
    const result = await collectStream(provider.stream(request()));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result.text).toBe('The answer is 42.');
    expect(result.failovers).toEqual([expect.objectContaining({ from: 'anthropic', to: 'ollama', resumeAt: 'The answer '.length })]);
    expect(result.failovers[0]?.reason).toMatch(/stalled/);
    const sent = JSON.parse(fallback.requests[0]?.body ?? '{}') as { messages: { role: string; content: string }[] };
    expect(sent.messages.slice(-2)).toEqual([
      { role: 'assistant', content: 'The answer ' },
      { role: 'user', content: CONTINUE_INSTRUCTION },
    ]);
  });

  it('anthropic in-band overloaded_error after partial output fails over without retrying the primary', async () => {
    const partial = anthropicSse(['Part one, ']);
    const body =
      partial.slice(0, partial.indexOf('event: content_block_stop')) +
      'event: error\ndata: {"type": "error", "error": {"details": null, "type": "overloaded_error", "message": "Overloaded"}, "request_id": "req_1"}\n\n';
    const primary = await server([{ headers: SSE, body }]);
    const fallback = await server([{ headers: SSE, body: openaiSse(['part two.']) }]);
    const { provider } = failover([anthropic(primary.url), openai(fallback.url)]);
    const result = await collectStream(provider.stream(request()));
    expect(result.text).toBe('Part one, part two.');
    expect(result.failovers).toHaveLength(1);
    expect(result.failovers[0]).toMatchObject({ from: 'anthropic', to: 'openai', resumeAt: 10 });
    expect(result.failovers[0]?.reason).toMatch(/overloaded_error/);
    expect(primary.requests).toHaveLength(1);
  });

  it('openai in-band {"error"} after text, and an Ollama {"error"} line, both resume on the next provider', async () => {
    const openaiBody = openaiSse(['alpha ']).replace('data: [DONE]', 'data: {"error":{"message": "boom","type":"server_error","param":null,"code":null}}\n\ndata: [DONE]');
    // finish chunk must not be present for a mid-stream error: drop it
    const cutBody = openaiBody.replace(/data: \{[^\n]*"finish_reason":"stop"[^\n]*\n\n/, '');
    const first = await server([{ headers: SSE, body: cutBody }]);
    const second = await server([
      {
        headers: NDJSON,
        body: `${JSON.stringify({ model: 'l', message: { role: 'assistant', content: 'beta ' }, done: false })}\n{"error":"an error was encountered while running the model"}\n`,
      },
    ]);
    const third = await server([{ headers: SSE, body: anthropicSse(['gamma']) }]);
    const { provider } = failover([openai(first.url), ollama(second.url), anthropic(third.url)]);
    const result = await collectStream(provider.stream(request()));
    expect(result.text).toBe('alpha beta gamma');
    expect(result.failovers.map((f) => [f.from, f.to, f.resumeAt])).toEqual([
      ['openai', 'ollama', 6],
      ['ollama', 'anthropic', 11],
    ]);
    expect(result.failovers[1]?.reason).toMatch(/an error was encountered/);
    const sent = JSON.parse(third.requests[0]?.body ?? '{}') as { messages: { role: string; content: string }[] };
    expect(sent.messages.at(-1)).toEqual({ role: 'assistant', content: 'alpha beta' });
  });
});

describe('retries, retry-after and non-retryable errors', () => {
  it('429 with retry-after is retried on the same provider after the advertised delay', async () => {
    const s = await server([
      { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '0.3' }, body: '{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}' },
      { headers: SSE, body: openaiSse(['ok'], { usage: { prompt: 3, completion: 1 } }) },
    ]);
    const { provider, delays } = failover([openai(s.url)]);
    const result = await collectStream(provider.stream(request()));
    expect(result.text).toBe('ok');
    expect(result.failovers).toHaveLength(0);
    expect(delays).toEqual([300]);
    expect(s.requests).toHaveLength(2);
    expect(result.parts.find((p) => p.type === 'status')).toMatchObject({ message: expect.stringMatching(/HTTP 429.*Retrying openai in 300 ms/) });
  });

  it('retry-after-ms wins over retry-after; a retry-after beyond the bound goes straight to the fallback', async () => {
    const a = await server([
      { status: 429, headers: { 'content-type': 'application/json', 'retry-after-ms': '120.5', 'retry-after': '9' }, body: '{}' },
      { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '3600' }, body: '{}' },
    ]);
    const b = await server([{ headers: SSE, body: openaiSse(['from b']) }]);
    // both are OpenAI-style servers: the second gets a distinct provider name
    const { provider, delays } = failover([openai(a.url), new OpenAIProvider({ baseUrl: b.url, apiKey: KEY }, 'openai-b')], { maxRetryAfterMs: 5_000 });
    const result = await collectStream(provider.stream(request()));
    expect(delays).toEqual([121]);
    expect(a.requests).toHaveLength(2);
    expect(result.text).toBe('from b');
    expect(result.failovers).toEqual([expect.objectContaining({ from: 'openai', to: 'openai-b', resumeAt: 0 })]);
  });

  it('529 and 500 are retried with exponential backoff and full jitter, then fail over', async () => {
    const overloaded = await server([{ status: 529, headers: { 'content-type': 'application/json', 'x-should-retry': 'true' }, body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }]);
    const broken = await server([{ status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}' }]);
    const good = await server([{ headers: NDJSON, body: ollamaNdjson(['fine']) }]);
    const { provider, delays } = failover([anthropic(overloaded.url), openai(broken.url), ollama(good.url)], { retries: 2, backoffMs: 40, random: () => 0.5 });
    const result = await collectStream(provider.stream(request()));
    expect(result.text).toBe('fine');
    // 0.5 * 40, 0.5 * 80 per provider
    expect(delays).toEqual([20, 40, 20, 40]);
    expect(overloaded.requests).toHaveLength(3);
    expect(broken.requests).toHaveLength(3);
    expect(result.failovers.map((f) => `${f.from}>${f.to}`)).toEqual(['anthropic>openai', 'openai>ollama']);
    expect(result.failovers[0]?.reason).toMatch(/529 overloaded_error/);
  });

  it('401, 403, 400 and insufficient_quota go straight to the next provider (no retry)', async () => {
    for (const [status, body] of [
      [401, `{"error":{"message":"Incorrect API key provided: ${KEY}","type":"invalid_request_error","code":"invalid_api_key"}}`],
      [403, '{"error":{"message":"forbidden","type":"permission_error"}}'],
      [400, '{"error":{"message":"bad","type":"invalid_request_error","code":"unsupported_parameter"}}'],
      [429, '{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}'],
    ] as const) {
      const bad = await server([{ status, headers: { 'content-type': 'application/json' }, body }]);
      const good = await server([{ headers: SSE, body: anthropicSse(['ok']) }]);
      const { provider, delays } = failover([openai(bad.url), anthropic(good.url)]);
      const result = await collectStream(provider.stream(request()));
      expect(result.text).toBe('ok');
      expect(bad.requests).toHaveLength(1);
      expect(delays).toEqual([]);
      expect(result.failovers).toHaveLength(1);
      expect(result.failovers[0]?.reason).toContain(`HTTP ${status}`);
      expect(JSON.stringify(result.parts)).not.toContain(KEY);
    }
  });

  it('the last error surfaces, redacted, when every provider fails', async () => {
    const bad = await server([{ status: 401, headers: { 'content-type': 'application/json' }, body: `{"error":{"message":"Incorrect API key provided: ${KEY}. Bearer ${KEY}"}}` }]);
    const { provider } = failover([openai(bad.url)]);
    const error = await collectStream(provider.stream(request())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('E_PROVIDER_AUTH');
    expect((error as ProviderError).message).not.toContain('SECRETSECRET');
    expect((error as ProviderError).message).toContain('[REDACTED]');
  });
});

describe('broken servers', () => {
  it('an error status whose body never ends times out instead of hanging', async () => {
    const s = await server([{ status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":{"message":"partial', stallAfterBytes: 10 }]);
    const started = Date.now();
    const error = await collectStream(openai(s.url, { connectTimeoutMs: 300 }).stream(request())).catch((e: unknown) => e as ProviderError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((error as ProviderError).status).toBe(500);
    expect((error as ProviderError).retryable).toBe(true);
  });

  it('malformed JSON in a stream is a clear protocol error', async () => {
    const s = await server([{ headers: SSE, body: 'data: {"choices":[{"index":0,"delta":{"content":"ok"}}]}\n\ndata: {not json\n\n' }]);
    const error = (await collectStream(openai(s.url).stream(request())).catch((e: unknown) => e)) as ProviderError;
    expect(error.code).toBe('E_PROVIDER_PROTOCOL');
    expect(error.message).toMatch(/malformed JSON in the stream: \{not json/);
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures, skips the provider during cooldown, then lets one probe through', async () => {
    let now = 1_000;
    const clock = { now: () => now };
    const bad = await server([{ status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":{"message":"down"}}' }]);
    const good = await server([{ headers: SSE, body: anthropicSse(['ok']) }]);
    const { provider } = failover([openai(bad.url), anthropic(good.url)], { retries: 0, cooldownAfterFailures: 2, cooldownMs: 10_000, clock });
    for (let i = 0; i < 2; i++) await collectStream(provider.stream(request()));
    expect(bad.requests).toHaveLength(2);
    const skipped = await collectStream(provider.stream(request()));
    expect(bad.requests).toHaveLength(2); // not called: in cooldown
    expect(skipped.failovers[0]?.reason).toMatch(/openai is in cooldown after 2 consecutive failures/);
    expect(provider.breakers.get('openai').currentState).toBe('open');
    now += 10_000;
    expect(provider.breakers.get('openai').currentState).toBe('half-open');
    await collectStream(provider.stream(request()));
    expect(bad.requests).toHaveLength(3); // the probe
    expect(provider.breakers.get('openai').currentState).toBe('open'); // probe failed: open again
  });
});

describe('cancellation', () => {
  it('an aborted request stops at once and does not fail over', async () => {
    const body = openaiSse(['a', 'b']);
    const slow = await server([{ headers: SSE, body, stallAfterBytes: bytesAfterEvents(body, 2) }]);
    const other = await server([{ headers: SSE, body: anthropicSse(['never']) }]);
    const controller = new AbortController();
    const { provider } = failover([openai(slow.url, { idleTimeoutMs: 10_000 }), anthropic(other.url)]);
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(collectStream(provider.stream(request({ signal: controller.signal })))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(other.requests).toHaveLength(0);
  });
});
