import { assertSafeId } from '../util/safe-id.js';
import type { MemoryPolicy, MemoryPolicyResolver } from './memory-policy.js';
import type { MemoryRecord } from './memory-record.js';
import { redactValue } from './redact.js';

/**
 * Per-alias memory: append-only completion records with a TTL, read back as a
 * window of the latest records. The file backend and the Redis backend
 * implement the same semantics and are tested with the same suite.
 */
export interface MemoryStore {
  readonly kind: 'file' | 'redis';
  /**
   * Redacts (by the alias's policy) and stores a record; resolves to what was
   * actually stored, or `undefined` when the alias keeps nothing (TTL 0).
   */
  append(record: MemoryRecord): Promise<MemoryRecord | undefined>;
  /** The latest `n` unexpired records of `alias`, oldest first. */
  window(alias: string, n: number): Promise<MemoryRecord[]>;
  /** Aliases that have stored records (candidates for shared context), sorted. */
  aliases(): Promise<string[]>;
  close(): Promise<void>;
}

/** Validates the ids and redacts the record: every backend calls this (through `prepareAppend`) before writing anything. */
export function prepareRecord(record: MemoryRecord, policy: MemoryPolicy): MemoryRecord {
  assertSafeId('alias', record.alias);
  assertSafeId('agent id', record.agentId);
  assertSafeId('task id', record.taskId);
  return redactValue(record, policy.redact);
}

/** What a backend's `append` writes: the record, validated and redacted, and its alias's TTL. */
export interface RecordToAppend {
  stored: MemoryRecord;
  ttlMs: number;
}

/**
 * Every backend's first step in `append`: `prepareRecord` by the alias's
 * policy; `undefined` when the alias keeps nothing (TTL 0), after validation,
 * so bad ids still fail.
 */
export function prepareAppend(record: MemoryRecord, policyFor: MemoryPolicyResolver): RecordToAppend | undefined {
  const policy = policyFor(record.alias);
  const stored = prepareRecord(record, policy);
  return policy.ttlMs === 0 ? undefined : { stored, ttlMs: policy.ttlMs };
}

/** Clamp for `window(alias, n)`: a non-negative integer. */
export function windowSize(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
