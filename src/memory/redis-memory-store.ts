import type { Redis } from 'ioredis';
import { assertSafeId, isSafeId } from '../util/safe-id.js';
import type { Clock } from '../util/runtime-context.js';
import type { MemoryPolicyResolver } from './memory-policy.js';
import { isLiveRecordOf, type MemoryRecord } from './memory-record.js';
import { prepareAppend, windowSize, type MemoryStore } from './memory-store.js';
import { redisUnavailable, type RedisSettings } from './redis-connection.js';

export interface RedisMemoryStoreOptions {
  client: Redis;
  settings: RedisSettings;
  clock: Clock;
  policyFor: MemoryPolicyResolver;
}

/** `<prefix>memory:<alias>`: a list, newest first. */
export function redisMemoryKey(prefix: string, alias: string): string {
  return `${prefix}memory:${assertSafeId('alias', alias)}`;
}

/**
 * Redis backend: one capped list per alias (LPUSH + LTRIM to
 * `MEM_REDIS_MAX_WINDOW`) whose key expires after the alias's TTL of
 * inactivity; records are also filtered by their own timestamp on read, so
 * expiry is per record exactly as in the file backend.
 */
export class RedisMemoryStore implements MemoryStore {
  readonly kind = 'redis' as const;

  constructor(private readonly options: RedisMemoryStoreOptions) {}

  async append(record: MemoryRecord): Promise<MemoryRecord | undefined> {
    const prepared = prepareAppend(record, this.options.policyFor);
    if (!prepared) return undefined;
    const { stored, ttlMs } = prepared;
    const { client, settings } = this.options;
    const key = redisMemoryKey(settings.prefix, stored.alias);
    try {
      const results = await client
        .multi()
        .lpush(key, JSON.stringify(stored))
        .ltrim(key, 0, settings.maxWindow - 1)
        .pexpire(key, ttlMs)
        .exec();
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
    } catch (error) {
      throw redisUnavailable(settings.url, error);
    }
    return stored;
  }

  async window(alias: string, n: number): Promise<MemoryRecord[]> {
    const { client, settings } = this.options;
    const key = redisMemoryKey(settings.prefix, alias);
    const limit = Math.min(windowSize(n), settings.maxWindow);
    if (limit === 0) return [];
    let raw: string[];
    try {
      raw = await client.lrange(key, 0, limit - 1);
    } catch (error) {
      throw redisUnavailable(settings.url, error);
    }
    const { ttlMs } = this.options.policyFor(alias);
    const now = this.options.clock.now();
    const records: MemoryRecord[] = [];
    for (const line of raw) {
      try {
        const value: unknown = JSON.parse(line);
        if (isLiveRecordOf(value, alias, ttlMs, now)) records.push(value);
      } catch {
        // a foreign entry under our key: skipped, like a torn line in the file backend
      }
    }
    return records.reverse();
  }

  async aliases(): Promise<string[]> {
    const { client, settings } = this.options;
    const keyPrefix = `${settings.prefix}memory:`;
    const found = new Set<string>();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${escapeGlob(keyPrefix)}*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          const alias = key.slice(keyPrefix.length);
          if (isSafeId(alias)) found.add(alias);
        }
      } while (cursor !== '0');
    } catch (error) {
      throw redisUnavailable(settings.url, error);
    }
    return [...found].sort();
  }

  async close(): Promise<void> {}
}

/** Escapes Redis glob characters in a literal prefix. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}
