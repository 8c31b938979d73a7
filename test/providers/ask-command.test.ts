import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCliCaptured } from '../../test-support/cli-harness.js';
import { startLoopbackServer, type LoopbackServer } from '../../test-support/loopback-server.js';
import { anthropicSse, bytesAfterEvents, openaiSse } from '../../test-support/wire-bodies.js';

const servers: LoopbackServer[] = [];
const temps: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const cleanup of temps.splice(0)) cleanup();
});
function tempRoot(): string {
  const { dir, cleanup } = makeTempDir();
  temps.push(cleanup);
  return dir;
}

describe('codex-flow ask', () => {
  it('with nothing configured: offline, says so on stderr, streams a simulated answer', async () => {
    const root = tempRoot();
    const result = await runCliCaptured(['ask', 'plan the database migration', '--provider', 'offline'], { root, env: {} });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^provider: offline \(--provider offline\)/);
    expect(result.stdout).toContain('database');
    expect(result.stdout).toContain('[simulated by the offline provider');
    expect(result.stderr).toMatch(/simulated \(offline, no model called\)/);
  });

  it('--json writes codex-flow events as NDJSON, including exactly one failover with resumeAt', async () => {
    const primaryBody = openaiSse(['One ', 'two ', 'never']);
    const primary = await startLoopbackServer([{ headers: { 'content-type': 'text/event-stream' }, body: primaryBody, resetAfterBytes: bytesAfterEvents(primaryBody, 3) }]);
    const fallback = await startLoopbackServer([{ headers: { 'content-type': 'text/event-stream' }, body: anthropicSse(['three.'], { inputTokens: 1000, outputTokens: 2000 }) }]);
    servers.push(primary, fallback);
    const root = tempRoot();
    const env = {
      OPENAI_API_KEY: 'sk-test-abcdefghijkl',
      OPENAI_API_BASE: primary.url,
      ANTHROPIC_API_KEY: 'ant-test-abcdefghijkl',
      ANTHROPIC_API_BASE: fallback.url,
      ANTHROPIC_PRICE_IN: '3',
      ANTHROPIC_PRICE_OUT: '15',
    };
    const result = await runCliCaptured(['ask', 'count', '--fallback', 'anthropic', '--json'], { root, env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('provider: openai > anthropic (OPENAI_API_KEY is set (first configured provider); fallback anthropic)\n');
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const chunks = events.filter((e) => e.kind === 'chunk').map((e) => e.text).join('');
    expect(chunks).toBe('One two three.');
    const failovers = events.filter((e) => e.kind === 'failover');
    expect(failovers).toHaveLength(1);
    expect(failovers[0]).toMatchObject({ from: 'openai', to: 'anthropic', resumeAt: 8 });
    const done = events.at(-1);
    expect(done).toMatchObject({ kind: 'task_complete', provider: 'anthropic', tokensIn: 1000, tokensOut: 2000, cost: 33, output: 'One two three.' });
    expect(result.stdout).not.toContain('sk-test-abcdefghijkl');
  });

  it('a configured provider that fails exits 1 with the error; an unconfigured one exits 2', async () => {
    const down = await startLoopbackServer([{ status: 401, headers: { 'content-type': 'application/json' }, body: '{"error":{"message":"Incorrect API key provided: sk-test-abcdefghijkl","code":"invalid_api_key"}}' }]);
    servers.push(down);
    const root = tempRoot();
    const failed = await runCliCaptured(['ask', 'hi'], { root, env: { OPENAI_API_KEY: 'sk-test-abcdefghijkl', OPENAI_API_BASE: down.url } });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/HTTP 401/);
    expect(failed.stderr).not.toContain('sk-test-abcdefghijkl');
    expect(failed.stdout).not.toContain('simulated');
    const unconfigured = await runCliCaptured(['ask', 'hi', '--provider', 'anthropic'], { root, env: {} });
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.stderr).toMatch(/ANTHROPIC_API_KEY is not set/);
  });
});
