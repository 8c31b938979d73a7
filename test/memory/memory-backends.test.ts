import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDefaults, type AgentDefinitionInput } from '../../src/agents/schema.js';
import { contextFor, formatPriorContext } from '../../src/memory/context-for.js';
import type { ContextEnvelope, ContextFilter } from '../../src/memory/context-bus.js';
import { openMemoryBackend, type MemoryBackend } from '../../src/memory/memory-backend.js';
import { MemoryBackendError } from '../../src/memory/memory-backend-error.js';
import { policyResolver } from '../../src/memory/memory-policy.js';
import { completionRecord } from '../../src/memory/memory-record.js';
import { UnsafeIdError } from '../../src/util/errors.js';
import { makeTempDir } from '../../test-support/cli-harness.js';
import { redisTestMode, TEST_REDIS_URL } from '../../test-support/redis-probe.js';

/**
 * ONE suite, run against the file backend and the real Redis at
 * 127.0.0.1:6379 (unique key prefix per run, deleted afterwards). Both are
 * opened through the same factory, selected by the injected env.
 */

const OPENAI_KEY = 'sk-proj-AbCdEf0123456789GhIjKlMnOpQr';
const GITHUB_TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJklmnop';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRETS = [OPENAI_KEY, GITHUB_TOKEN, AWS_KEY, 'hunter2-password', 'policy-path-secret'];

function agent(id: string, memory: NonNullable<AgentDefinitionInput['memory']>) {
  return withDefaults({ agent: { id, name: id }, memory });
}

const AGENTS: Record<string, ReturnType<typeof agent>> = {
  alpha: agent('alpha-agent', {
    retention: { short_term: '7d' },
    sharing_policy: { share_with: ['beta'], redact: ['data.credentials', 'data.steps.*.note'] },
  }),
  beta: agent('beta-agent', { retention: { short_term: '12h' }, sharing_policy: { share_with: [] } }),
  gamma: agent('gamma-agent', { retention: { short_term: '30m' }, sharing_policy: { share_with: ['*'] } }),
  zeta: agent('zeta-agent', { retention: { short_term: '0' } }),
};
const policyFor = policyResolver((alias) => AGENTS[alias]);
const agentIdOf = (alias: string): string => AGENTS[alias]?.agent.id ?? alias;

const redis = await redisTestMode('memory backends');
const RUN_PREFIX = `cf-test-${process.pid}-${Date.now().toString(36)}:`;

const BACKENDS = [
  { name: 'file' as const, env: {} as Record<string, string> },
  { name: 'redis' as const, env: { MEM_REDIS_URL: TEST_REDIS_URL, MEM_REDIS_PREFIX: RUN_PREFIX, MEM_REDIS_MAX_WINDOW: '50' } },
];

describe.each(BACKENDS)('memory backend: $name', ({ name, env }) => {
  const skip = name === 'redis' && !redis.run;
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  const clock = { now: () => now };
  const temp = makeTempDir('codex-flow-memory-');
  let backend: MemoryBackend;
  let task = 0;

  const record = (alias: string, overrides: Partial<Parameters<typeof completionRecord>[0]> = {}) =>
    completionRecord(
      { alias, agentId: agentIdOf(alias), taskId: `t-${(task += 1)}`, task: `task ${task}`, ok: true, output: `answer ${task}`, ...overrides },
      clock,
    );

  beforeAll(async () => {
    if (skip) return;
    backend = await openMemoryBackend({ ctx: { root: temp.dir, env, clock }, memoryConfig: { max_file_bytes: 5 * 1024 * 1024 }, policyFor });
    expect(backend.kind).toBe(name);
  });

  afterAll(async () => {
    await backend?.close();
    temp.cleanup();
  });

  it.skipIf(skip)('returns the latest n records of an alias, oldest first, and nothing of other aliases', async () => {
    for (let i = 0; i < 5; i += 1) {
      await backend.store.append(record('alpha', { task: `alpha ${i}` }));
      now += 1_000;
    }
    await backend.store.append(record('beta', { task: 'beta only' }));
    const window = await backend.store.window('alpha', 3);
    expect(window.map((r) => r.task)).toEqual(['alpha 2', 'alpha 3', 'alpha 4']);
    expect(window.every((r) => r.alias === 'alpha' && r.agentId === 'alpha-agent')).toBe(true);
    expect((await backend.store.window('alpha', 100)).length).toBe(5);
    expect(await backend.store.window('alpha', 0)).toEqual([]);
    expect(await backend.store.window('never-written', 5)).toEqual([]);
  });

  it.skipIf(skip)('drops records older than memory.retention.short_term on read', async () => {
    await backend.store.append(record('beta', { task: 'old beta' }));
    now += 11 * 3_600_000;
    await backend.store.append(record('beta', { task: 'recent beta' }));
    expect((await backend.store.window('beta', 10)).map((r) => r.task)).toContain('old beta');
    now += 2 * 3_600_000; // 'old beta' is now 13h old, over the 12h TTL
    const after = (await backend.store.window('beta', 10)).map((r) => r.task);
    expect(after).toEqual(['recent beta']);
  });

  it.skipIf(skip)('keeps nothing for an alias whose retention is 0', async () => {
    expect(await backend.store.append(record('zeta'))).toBeUndefined();
    expect(await backend.store.window('zeta', 10)).toEqual([]);
  });

  it.skipIf(skip)('redacts secrets and policy paths before anything is stored', async () => {
    const stored = await backend.store.append(
      record('alpha', {
        taskId: 'secret-task',
        task: `deploy with OPENAI_API_KEY=${OPENAI_KEY} and token ${GITHUB_TOKEN}`,
        output: `done; the AWS key was ${AWS_KEY} and password=hunter2-password`,
        data: { credentials: { user: 'bob', pass: 'policy-path-secret' }, steps: [{ note: 'policy-path-secret', ok: true }], apiKey: OPENAI_KEY },
      }),
    );
    const text = JSON.stringify(stored);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(stored?.data).toEqual({ credentials: '[REDACTED]', steps: [{ note: '[REDACTED]', ok: true }], apiKey: '[REDACTED]' });
    const window = await backend.store.window('alpha', 1);
    expect(window[0]?.taskId).toBe('secret-task');
    expect(window[0]?.task).toContain('[REDACTED]');
    const raw = await rawStorage(name, temp.dir, 'alpha');
    expect(raw).toContain('secret-task');
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
  });

  it.skipIf(skip)('skips torn and foreign entries in storage instead of failing', async () => {
    await backend.store.append(record('gamma', { task: 'before garbage' }));
    if (name === 'file') appendFileSync(path.join(temp.dir, 'data', 'memory', 'gamma.jsonl'), 'not json\n{"foreign":true}\n{"ts":"2026-01-01T00:00:00.000Z","alias":"gam');
    else {
      const client = new Redis(TEST_REDIS_URL);
      await client.lpush(`${RUN_PREFIX}memory:gamma`, 'not json', '{"foreign":true}');
      client.disconnect();
    }
    await backend.store.append(record('gamma', { task: 'after garbage' }));
    expect((await backend.store.window('gamma', 10)).map((r) => r.task)).toEqual(['before garbage', 'after garbage']);
    expect(await backend.store.window('gamma', Number.NaN)).toEqual([]);
    expect(await backend.store.aliases()).toEqual(expect.arrayContaining(['alpha', 'beta', 'gamma']));
  });

  it.skipIf(skip)('rejects unsafe aliases and ids before touching storage', async () => {
    await expect(backend.store.append(record('alpha', { alias: '../escape' }))).rejects.toBeInstanceOf(UnsafeIdError);
    await expect(backend.store.append(record('alpha', { taskId: 'a/../../b' }))).rejects.toBeInstanceOf(UnsafeIdError);
    await expect(backend.store.window('../../etc', 1)).rejects.toBeInstanceOf(UnsafeIdError);
    await expect(backend.bus.publish({ alias: 'Bad Alias', agentId: 'x', data: 1 })).rejects.toBeInstanceOf(UnsafeIdError);
  });

  it.skipIf(skip)('delivers bus messages only where share_with allows, redacted', async () => {
    const received = new Map<string, ContextEnvelope[]>();
    const readers: ContextFilter[] = [{ alias: 'alpha' }, { alias: 'beta' }, { alias: 'delta', agentId: 'delta-agent' }, { alias: 'beta', from: ['gamma'] }];
    const subscriptions = await Promise.all(
      readers.map((filter, index) => {
        const id = `${index}:${filter.alias}`;
        received.set(id, []);
        return backend.bus.subscribe(filter, (message) => received.get(id)!.push(message));
      }),
    );
    await backend.bus.publish({ alias: 'alpha', agentId: 'alpha-agent', data: { note: 'from alpha', credentials: 'policy-path-secret', key: OPENAI_KEY } });
    await backend.bus.publish({ alias: 'beta', agentId: 'beta-agent', data: { note: 'from beta' } });
    await backend.bus.publish({ alias: 'gamma', agentId: 'gamma-agent', taskId: 'last', data: { note: 'from gamma' } });
    await waitFor(() => [...received.values()].every((messages) => messages.some((m) => m.taskId === 'last')));
    const notes = (id: string) => received.get(id)!.map((m) => (m.data as { note: string }).note);
    expect(notes('0:alpha')).toEqual(['from alpha', 'from gamma']); // own alias + '*'
    expect(notes('1:beta')).toEqual(['from alpha', 'from beta', 'from gamma']); // alpha shares with beta
    expect(notes('2:delta')).toEqual(['from gamma']); // nobody but gamma shares with delta
    expect(notes('3:beta')).toEqual(['from gamma']); // `from` narrows further
    const fromAlpha = received.get('1:beta')![0]!;
    expect(fromAlpha.data).toEqual({ note: 'from alpha', credentials: '[REDACTED]', key: '[REDACTED]' });
    expect(fromAlpha.shareWith).toEqual(['beta']);
    for (const subscription of subscriptions) await subscription.unsubscribe();
    await backend.bus.publish({ alias: 'gamma', agentId: 'gamma-agent', data: { note: 'after unsubscribe' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...received.values()].flat().some((m) => (m.data as { note: string }).note === 'after unsubscribe')).toBe(false);
  });

  it.skipIf(skip)('hands prior context to later tasks: own alias always, others only when shared and --share-context', async () => {
    await backend.store.append(record('gamma', { task: 'gamma did X', output: 'X done' }));
    now += 1_000;
    const own = await contextFor(backend.store, policyFor, { alias: 'beta', agentId: 'beta-agent', window: 5, shareContext: false, otherAliases: ['alpha', 'gamma'] });
    expect(new Set(own.records.map((r) => r.alias))).toEqual(new Set(['beta']));
    const shared = await contextFor(backend.store, policyFor, { alias: 'beta', agentId: 'beta-agent', window: 5, shareContext: true, otherAliases: ['alpha', 'gamma'] });
    expect(shared.fromAliases.sort()).toEqual(['alpha', 'beta', 'gamma']);
    const forDelta = await contextFor(backend.store, policyFor, { alias: 'delta', agentId: 'delta-agent', window: 5, shareContext: true, otherAliases: ['alpha', 'beta', 'gamma'] });
    expect(forDelta.fromAliases).toEqual(['gamma']); // alpha shares only with beta, beta with nobody
    const text = formatPriorContext(shared);
    expect(text).toContain('gamma did X');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});

describe('file backend specifics', () => {
  it('rotates to <alias>.jsonl.1 at max_file_bytes and compacts expired records on rotation', async () => {
    const temp = makeTempDir('codex-flow-rotate-');
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const clock = { now: () => now };
    const backend = await openMemoryBackend({ ctx: { root: temp.dir, env: {}, clock }, memoryConfig: { max_file_bytes: 2_000 }, policyFor });
    try {
      const file = path.join(temp.dir, 'data', 'memory', 'alpha.jsonl');
      for (let i = 0; i < 3; i += 1) await backend.store.append(completionRecord({ alias: 'alpha', agentId: 'alpha-agent', taskId: `old-${i}`, task: 'old', ok: true }, clock));
      now += 8 * 86_400_000; // past alpha's 7d TTL
      for (let i = 0; i < 40; i += 1) {
        await backend.store.append(completionRecord({ alias: 'alpha', agentId: 'alpha-agent', taskId: `new-${i}`, task: 'x'.repeat(100), ok: true }, clock));
        now += 1;
      }
      const files = readdirSync(path.dirname(file)).sort();
      expect(files).toEqual(['alpha.jsonl', 'alpha.jsonl.1']);
      expect(readFileSync(file).length).toBeLessThanOrEqual(2_000);
      expect(readFileSync(`${file}.1`).length).toBeLessThanOrEqual(2_000);
      expect(readFileSync(`${file}.1`, 'utf8')).not.toContain('old-');
      const window = await backend.store.window('alpha', 12);
      expect(window.map((r) => r.taskId)).toEqual(Array.from({ length: 12 }, (_, i) => `new-${28 + i}`));
    } finally {
      await backend.close();
      temp.cleanup();
    }
  });
});

describe.skipIf(!redis.run)('redis backend specifics', () => {
  const prefix = `${RUN_PREFIX}specific:`;

  it('caps each alias window at MEM_REDIS_MAX_WINDOW and sets a TTL on the key', async () => {
    const clock = { now: () => Date.now() };
    const backend = await openMemoryBackend({
      ctx: { root: '/nonexistent', env: { MEM_REDIS_URL: TEST_REDIS_URL, MEM_REDIS_PREFIX: prefix, MEM_REDIS_MAX_WINDOW: '5' }, clock },
      memoryConfig: { max_file_bytes: 1 },
      policyFor,
    });
    const client = new Redis(TEST_REDIS_URL);
    try {
      for (let i = 0; i < 9; i += 1) await backend.store.append(completionRecord({ alias: 'gamma', agentId: 'gamma-agent', taskId: `g-${i}`, task: 't', ok: true }, clock));
      expect((await backend.store.window('gamma', 100)).map((r) => r.taskId)).toEqual(['g-4', 'g-5', 'g-6', 'g-7', 'g-8']);
      expect(await client.llen(`${prefix}memory:gamma`)).toBe(5);
      const ttl = await client.pttl(`${prefix}memory:gamma`);
      expect(ttl).toBeGreaterThan(29 * 60_000);
      expect(ttl).toBeLessThanOrEqual(30 * 60_000);
    } finally {
      await backend.close();
      client.disconnect();
    }
  });
});

describe('redis backend errors', () => {
  it('a configured Redis that is down is a MemoryBackendError, never a silent switch to files', async () => {
    const temp = makeTempDir('codex-flow-redis-down-');
    try {
      const error = await openMemoryBackend({
        ctx: { root: temp.dir, env: { MEM_REDIS_URL: 'redis://:s3cret-pass@127.0.0.1:1' }, clock: { now: () => 0 } },
        memoryConfig: { max_file_bytes: 1_000 },
        policyFor,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MemoryBackendError);
      expect((error as MemoryBackendError).code).toBe('E_MEMORY_BACKEND');
      expect((error as Error).message).toMatch(/unavailable.*unset it to use the file backend/);
      expect((error as Error).message).not.toContain('s3cret-pass');
      expect(readdirSync(temp.dir)).toEqual([]); // nothing written to data/memory
    } finally {
      temp.cleanup();
    }
  });

  it('rejects malformed MEM_REDIS_* settings with a ConfigError', async () => {
    const open = (env: Record<string, string>) =>
      openMemoryBackend({ ctx: { root: '/tmp', env, clock: { now: () => 0 } }, memoryConfig: { max_file_bytes: 1 }, policyFor });
    await expect(open({ MEM_REDIS_URL: 'http://127.0.0.1:6379' })).rejects.toMatchObject({ code: 'E_CONFIG' });
    await expect(open({ MEM_REDIS_URL: TEST_REDIS_URL, MEM_REDIS_MAX_WINDOW: 'lots' })).rejects.toMatchObject({ code: 'E_CONFIG' });
    await expect(open({ MEM_REDIS_URL: TEST_REDIS_URL, MEM_REDIS_MAX_WINDOW: '0' })).rejects.toMatchObject({ code: 'E_CONFIG' });
  });
});

afterAll(async () => {
  if (!redis.up) return;
  const client = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${RUN_PREFIX}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
});

async function rawStorage(backend: 'file' | 'redis', root: string, alias: string): Promise<string> {
  if (backend === 'file') return readFileSync(path.join(root, 'data', 'memory', `${alias}.jsonl`), 'utf8');
  const client = new Redis(TEST_REDIS_URL);
  try {
    return (await client.lrange(`${RUN_PREFIX}memory:${alias}`, 0, -1)).join('\n');
  } finally {
    client.disconnect();
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for bus delivery');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
