import type { CodexFlowConfig } from '../config/config-schema.js';
import { ConfigError } from '../util/errors.js';
import type { RuntimeContext, Env } from '../util/runtime-context.js';
import type { ContextBus } from './context-bus.js';
import { FileMemoryStore } from './file-memory-store.js';
import { InProcessContextBus } from './in-process-context-bus.js';
import type { MemoryPolicyResolver } from './memory-policy.js';
import type { MemoryStore } from './memory-store.js';
import { closeRedis, DEFAULT_REDIS_MAX_WINDOW, DEFAULT_REDIS_PREFIX, describeRedisUrl, openRedis, type RedisSettings } from './redis-connection.js';
import { RedisContextBus } from './redis-context-bus.js';
import { RedisMemoryStore } from './redis-memory-store.js';

/** Memory store + context bus on one backend, closed together. */
export interface MemoryBackend {
  readonly kind: 'file' | 'redis';
  readonly store: MemoryStore;
  readonly bus: ContextBus;
  /** Human-readable location: the memory directory or the Redis URL (password hidden) and prefix. */
  readonly describe: string;
  close(): Promise<void>;
}

export interface MemoryBackendOptions {
  ctx: Pick<RuntimeContext, 'root' | 'env' | 'clock'>;
  /** The config's `memory` section (max_file_bytes). */
  memoryConfig: Pick<CodexFlowConfig['memory'], 'max_file_bytes'>;
  policyFor: MemoryPolicyResolver;
  onHandlerError?: (error: unknown) => void;
}

/** Reads `MEM_REDIS_URL`, `MEM_REDIS_PREFIX`, `MEM_REDIS_MAX_WINDOW` from the injected env; undefined when Redis is not configured. */
export function redisSettingsFromEnv(env: Env): RedisSettings | undefined {
  const url = env.MEM_REDIS_URL?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\//i.test(url)) {
    throw new ConfigError(`MEM_REDIS_URL ${describeRedisUrl(url)} must start with redis:// or rediss://.`, { url: describeRedisUrl(url) });
  }
  const prefix = env.MEM_REDIS_PREFIX ?? DEFAULT_REDIS_PREFIX;
  if (prefix.length > 200 || /\s/.test(prefix)) {
    throw new ConfigError('MEM_REDIS_PREFIX must be at most 200 characters without whitespace (default "codex-flow:").');
  }
  const rawWindow = env.MEM_REDIS_MAX_WINDOW?.trim();
  const maxWindow = rawWindow ? Number(rawWindow) : DEFAULT_REDIS_MAX_WINDOW;
  if (!Number.isInteger(maxWindow) || maxWindow < 1 || maxWindow > 1_000_000) {
    throw new ConfigError(`MEM_REDIS_MAX_WINDOW ${JSON.stringify(rawWindow)} must be a whole number between 1 and 1000000 (default ${DEFAULT_REDIS_MAX_WINDOW}).`);
  }
  return { url, prefix, maxWindow };
}

/**
 * The one factory: Redis when `MEM_REDIS_URL` is set in the injected env
 * (and then Redis MUST answer: an outage throws a MemoryBackendError, never a
 * silent switch to files), the embedded file backend otherwise.
 */
export async function openMemoryBackend(options: MemoryBackendOptions): Promise<MemoryBackend> {
  const { ctx, policyFor } = options;
  const settings = redisSettingsFromEnv(ctx.env);
  if (!settings) {
    const store = new FileMemoryStore({ root: ctx.root, clock: ctx.clock, policyFor, maxFileBytes: options.memoryConfig.max_file_bytes });
    const bus = new InProcessContextBus(policyFor, ctx.clock, options.onHandlerError);
    return {
      kind: 'file',
      store,
      bus,
      describe: 'data/memory/ (file backend)',
      close: async () => {
        await bus.close();
        await store.close();
      },
    };
  }
  const client = await openRedis(settings.url, 'memory');
  const store = new RedisMemoryStore({ client, settings, clock: ctx.clock, policyFor });
  const bus = new RedisContextBus({ client, settings, clock: ctx.clock, policyFor, ...(options.onHandlerError ? { onHandlerError: options.onHandlerError } : {}) });
  return {
    kind: 'redis',
    store,
    bus,
    describe: `${describeRedisUrl(settings.url)} prefix ${JSON.stringify(settings.prefix)} (redis backend, window ${settings.maxWindow})`,
    close: async () => {
      await bus.close();
      await store.close();
      await closeRedis(client);
    },
  };
}
