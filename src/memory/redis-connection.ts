import type { Redis } from 'ioredis';
import { errorMessage } from '../util/errors.js';
import { MemoryBackendError } from './memory-backend-error.js';
import { redactText } from './redact.js';

export interface RedisSettings {
  /** `MEM_REDIS_URL`, e.g. `redis://127.0.0.1:6379/0`. */
  url: string;
  /** `MEM_REDIS_PREFIX` (default `codex-flow:`): every key and channel starts with it. */
  prefix: string;
  /** `MEM_REDIS_MAX_WINDOW` (default 100): records kept per alias. */
  maxWindow: number;
}

export const DEFAULT_REDIS_PREFIX = 'codex-flow:';
export const DEFAULT_REDIS_MAX_WINDOW = 100;
const CONNECT_TIMEOUT_MS = 3_000;

/** The URL with any password replaced, safe for messages. */
export function describeRedisUrl(url: string): string {
  return redactText(url);
}

/**
 * Opens a connection and waits until it is ready. Fails fast with a
 * {@link MemoryBackendError} (no endless reconnect loop, no offline queue that
 * would hide an outage); a later outage surfaces as the same error on the
 * next command.
 */
export async function openRedis(url: string, purpose: string): Promise<Redis> {
  let client: Redis;
  // ioredis is loaded only when a Redis backend is configured.
  const { Redis: RedisClient } = await import('ioredis');
  try {
    client = new RedisClient(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: () => null,
      connectionName: `codex-flow-${purpose}`,
    });
  } catch (error) {
    throw new MemoryBackendError(`MEM_REDIS_URL ${describeRedisUrl(url)} is not a usable Redis URL (${redactText(errorMessage(error))}). Fix it or unset MEM_REDIS_URL to use the file backend.`, {
      url: describeRedisUrl(url),
    });
  }
  // Connection errors are reported through connect() / the next command; keep the emitter from throwing,
  // but remember the socket's own error (ECONNREFUSED…): connect() only says "Connection is closed".
  let socketError: unknown;
  client.on('error', (error: unknown) => {
    socketError = error;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw redisUnavailable(url, socketError ?? error);
  }
  return client;
}

/** The error for an unreachable or failing Redis: names the URL (password hidden) and the ways out. */
export function redisUnavailable(url: string, error: unknown): MemoryBackendError {
  return new MemoryBackendError(
    `Redis memory backend at ${describeRedisUrl(url)} is unavailable: ${redactText(errorMessage(error)).replace(/\.+$/, '')}. Start Redis, fix MEM_REDIS_URL, or unset it to use the file backend (data/memory/).`,
    { url: describeRedisUrl(url) },
    error,
  );
}

/** Closes a connection politely, falling back to a hard disconnect if Redis is gone. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
