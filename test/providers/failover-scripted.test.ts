import { describe, expect, it } from 'vitest';
import { fullJitterBackoff } from '../../src/providers/backoff.js';
import { CircuitBreaker } from '../../src/providers/circuit-breaker.js';
import { collectStream } from '../../src/providers/collect-stream.js';
import { FailoverProvider } from '../../src/providers/failover-provider.js';
import { OfflineProvider, offlineAnswer } from '../../src/providers/offline-provider.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import type { ModelRequest } from '../../src/providers/types.js';
import { ScriptedProvider, textScript } from '../../test-support/scripted-provider.js';

const request = (): ModelRequest => ({ agentId: 'a', alias: 'a', taskId: 't', task: 'write the release notes', messages: [{ role: 'user', content: 'write the release notes' }] });
const noSleep = async () => {};

describe('FailoverProvider (scripted providers)', () => {
  it('stall detection on any provider: the idle timeout aborts it and the next one resumes', async () => {
    const stalling = new ScriptedProvider({ name: 'slow', script: [{ type: 'text-delta', text: 'abc' }, { type: 'delay', ms: 10_000 }, { type: 'text-delta', text: 'never' }] });
    const next = new ScriptedProvider({ name: 'next', script: (req) => textScript([`def (resumed after ${req.resumeFrom?.length})`]) });
    const provider = new FailoverProvider([stalling, next], { idleTimeoutMs: 100, sleep: noSleep });
    const started = Date.now();
    const result = await collectStream(provider.stream(request()));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.text).toBe('abcdef (resumed after 3)');
    expect(result.failovers).toEqual([{ type: 'failover', from: 'slow', to: 'next', reason: expect.stringMatching(/stalled/), resumeAt: 3 }]);
    expect(stalling.aborted).toBe(1);
    expect(next.calls[0]?.resumeFrom).toBe('abc');
  });

  it('falls back to offline mid-stream: offline continues its own answer from the seam', async () => {
    const full = offlineAnswer(request());
    const dying = new ScriptedProvider({ name: 'dying', script: [{ type: 'text-delta', text: full.slice(0, 40) }, { type: 'throw', error: new Error('socket hang up') }] });
    const provider = new FailoverProvider([dying, new OfflineProvider()], { sleep: noSleep });
    const result = await collectStream(provider.stream(request()));
    expect(result.text).toBe(full);
    expect(result.failovers).toHaveLength(1);
    expect(result.simulated).toBe(true);
  });

  it('a half-open probe that succeeds closes the circuit', async () => {
    let now = 0;
    const clock = { now: () => now };
    let fail = true;
    const flaky = new ScriptedProvider({ name: 'flaky', script: () => (fail ? [{ type: 'throw', error: new ProviderError('down', { provider: 'flaky', code: 'E_PROVIDER_SERVER', retryable: true }) }] : textScript(['up'])) });
    const provider = new FailoverProvider([flaky, new ScriptedProvider({ name: 'spare', script: textScript(['spare']) })], { retries: 0, cooldownAfterFailures: 1, cooldownMs: 1_000, clock, sleep: noSleep });
    expect((await collectStream(provider.stream(request()))).text).toBe('spare');
    expect((await collectStream(provider.stream(request()))).text).toBe('spare');
    expect(flaky.calls).toHaveLength(1);
    now = 1_000;
    fail = false;
    const probe = await collectStream(provider.stream(request()));
    expect(probe.text).toBe('up');
    expect(probe.failovers).toHaveLength(0);
    expect(provider.breakers.get('flaky').currentState).toBe('closed');
  });

  it('all providers failing ends in one E_PROVIDER_UNAVAILABLE error listing each reason', async () => {
    const a = new ScriptedProvider({ name: 'a', script: [{ type: 'throw', error: new ProviderError('a: HTTP 401', { provider: 'a', code: 'E_PROVIDER_AUTH', retryable: false, status: 401 }) }] });
    const b = new ScriptedProvider({ name: 'b', script: [{ type: 'throw', error: new ProviderError('b: HTTP 500', { provider: 'b', code: 'E_PROVIDER_SERVER', retryable: true, status: 500 }) }] });
    const error = await collectStream(new FailoverProvider([a, b], { retries: 1, sleep: noSleep }).stream(request())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('E_PROVIDER_UNAVAILABLE');
    expect((error as ProviderError).message).toBe('All providers failed (a, b): a: a: HTTP 401; b: b: HTTP 500');
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(2);
  });

  it('rejects an empty chain and duplicate names (breakers are per name)', () => {
    expect(() => new FailoverProvider([])).toThrow(/at least one provider/);
    const a = new ScriptedProvider({ name: 'a', script: [] });
    expect(() => new FailoverProvider([a, a])).toThrow(/lists provider "a" twice/);
  });

  it('full jitter stays within [0, min(cap, base*2^n)) and uses the injected source', () => {
    expect(fullJitterBackoff(0, 100, 1_000, () => 0.999)).toBe(99);
    expect(fullJitterBackoff(3, 100, 1_000, () => 0.5)).toBe(400);
    expect(fullJitterBackoff(10, 100, 1_000, () => 0.5)).toBe(500);
    expect(fullJitterBackoff(5, 100, 1_000, () => 0)).toBe(0);
  });

  it('circuit breaker lets exactly one probe through when half-open', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 100, clock: { now: () => now } });
    breaker.recordFailure();
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.tryAcquire()).toBe(false);
    now = 100;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.tryAcquire()).toBe(true);
  });
});
