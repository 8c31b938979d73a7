import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { collectStream } from '../../src/providers/collect-stream.js';
import { FailoverProvider } from '../../src/providers/failover-provider.js';
import { OfflineProvider } from '../../src/providers/offline-provider.js';
import { probeOllama } from '../../src/providers/ollama-provider.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import { startLoopbackServer } from '../../test-support/loopback-server.js';
import { ollamaNdjson } from '../../test-support/wire-bodies.js';

const unreachable = async () => false;
const providers = (input: object = {}) => configSchema.parse({ providers: input }).providers;

describe('resolveProvider', () => {
  it('--provider wins over RUNNER, RUNNER over config default, and the reason says why', async () => {
    const env = { RUNNER: 'anthropic', ANTHROPIC_API_KEY: 'a-key-123456', OPENAI_API_KEY: 'sk-xxxxxxxxxxxx' };
    const flag = await resolveProvider({ env, requested: 'openai', providersConfig: providers({ default: 'offline' }), probeOllama: unreachable });
    expect([flag.name, flag.source, flag.reason]).toEqual(['openai', 'flag', '--provider openai; OPENAI_API_KEY is set']);
    const runner = await resolveProvider({ env, providersConfig: providers({ default: 'offline' }), probeOllama: unreachable });
    expect([runner.name, runner.reason]).toEqual(['anthropic', 'RUNNER=anthropic; ANTHROPIC_API_KEY is set']);
    const config = await resolveProvider({ env: {}, providersConfig: providers({ default: 'offline' }), probeOllama: unreachable });
    expect([config.name, config.source]).toEqual(['offline', 'config']);
  });

  it('auto-detects the first configured provider, probing Ollama, else offline with the reasons', async () => {
    const withKey = await resolveProvider({ env: { ANTHROPIC_API_KEY: 'a-key-123456' }, probeOllama: unreachable });
    expect(withKey.name).toBe('anthropic');
    expect(withKey.reason).toBe('ANTHROPIC_API_KEY is set (first configured provider)');
    expect(withKey.provider).toBeInstanceOf(FailoverProvider);

    const none = await resolveProvider({ env: {}, probeOllama: unreachable });
    expect(none.name).toBe('offline');
    expect(none.simulated).toBe(true);
    expect(none.provider).toBeInstanceOf(OfflineProvider);
    expect(none.reason).toMatch(/^no provider configured \(OPENAI_API_KEY is not set; ANTHROPIC_API_KEY is not set; Ollama not reachable at http:\/\/127\.0\.0\.1:11434; CODEX_URL is not set; RUN_CMD is not set\)/);
  });

  it('picks a reachable Ollama (real probe on a loopback server) and streams from it', async () => {
    const server = await startLoopbackServer((req) =>
      req.url === '/api/tags' ? { headers: { 'content-type': 'application/json' }, body: '{"models":[]}' } : { headers: { 'content-type': 'application/x-ndjson' }, body: ollamaNdjson(['hi']) },
    );
    try {
      const resolution = await resolveProvider({ env: { OLLAMA_URL: server.url }, probeOllama });
      expect(resolution.name).toBe('ollama');
      expect(resolution.reason).toBe(`Ollama is reachable at ${server.url} (first configured provider)`);
      expect((await collectStream(resolution.provider.stream({ agentId: 'a', alias: 'a', taskId: 't', task: 'x', messages: [] }))).text).toBe('hi');
    } finally {
      await server.close();
    }
  });

  it('a named provider that is not configured is an error, never a silent offline', async () => {
    await expect(resolveProvider({ env: {}, requested: 'openai', probeOllama: unreachable })).rejects.toThrow(/Provider openai is not configured: OPENAI_API_KEY is not set/);
    await expect(resolveProvider({ env: { RUNNER: 'anthropic' }, probeOllama: unreachable })).rejects.toThrow(/ANTHROPIC_API_KEY is not set/);
    await expect(resolveProvider({ env: {}, requested: 'gpt9', probeOllama: unreachable })).rejects.toThrow(/Unknown provider "gpt9": use one of openai, anthropic/);
    await expect(resolveProvider({ env: { OPENAI_API_KEY: 'sk-xxxxxxxxxxxx' }, fallback: 'anthropic', probeOllama: unreachable })).rejects.toThrow(/anthropic is not configured/);
  });

  it('builds the failover chain from --fallback (or the config) with prices', async () => {
    const env = { OPENAI_API_KEY: 'sk-xxxxxxxxxxxx', ANTHROPIC_API_KEY: 'a-key-123456', OPENAI_PRICE_IN: '0.5', OPENAI_PRICE_OUT: '1.5' };
    const r = await resolveProvider({ env, fallback: 'anthropic, offline', probeOllama: unreachable });
    expect(r.chain).toEqual(['openai', 'anthropic', 'offline']);
    expect(r.provider.name).toBe('openai>anthropic>offline');
    expect(r.reason).toBe('OPENAI_API_KEY is set (first configured provider); fallback anthropic, offline');
    expect(r.costOf({ tokensIn: 1000, tokensOut: 2000 })).toBe(3.5);
    expect(r.costOf({ tokensIn: 1000, tokensOut: 2000 }, 'offline')).toBe(0);
    const fromConfig = await resolveProvider({ env, providersConfig: providers({ fallback: ['anthropic'] }), probeOllama: unreachable });
    expect(fromConfig.chain).toEqual(['openai', 'anthropic']);
  });
});
