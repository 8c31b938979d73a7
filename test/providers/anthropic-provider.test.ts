import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../src/providers/anthropic-provider.js';
import { collectStream } from '../../src/providers/collect-stream.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import type { ModelRequest } from '../../src/providers/types.js';
import { startLoopbackServer, type LoopbackServer } from '../../test-support/loopback-server.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const request: ModelRequest = { agentId: 'a', alias: 'a', taskId: 't', task: 'hi', messages: [{ role: 'user', content: 'hi' }] };

describe('anthropic provider, non-streamed JSON answer', () => {
  it('a malformed JSON body is a protocol ProviderError, with the key redacted', async () => {
    const server = await startLoopbackServer([{ headers: { 'content-type': 'application/json' }, body: '{"content": [ant-key-0123456789' }]);
    servers.push(server);
    const error = await collectStream(new AnthropicProvider({ baseUrl: server.url, apiKey: 'ant-key-0123456789' }).stream(request)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('E_PROVIDER_PROTOCOL');
    expect((error as ProviderError).message).toMatch(/anthropic: malformed JSON answer: \{"content": \[\[REDACTED\]/);
  });
});
