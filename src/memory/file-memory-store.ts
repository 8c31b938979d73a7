import { closeSync, openSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { appendJsonLines, fileSizeOrZero, readJsonLines, readLastJsonLines, rewriteJsonLines } from '../util/jsonl-file.js';
import type { Clock } from '../util/runtime-context.js';
import { assertSafeId, isSafeId } from '../util/safe-id.js';
import type { MemoryPolicyResolver } from './memory-policy.js';
import { isExpired, isLiveRecordOf, isMemoryRecord, type MemoryRecord } from './memory-record.js';
import { prepareAppend, windowSize, type MemoryStore } from './memory-store.js';

export interface FileMemoryStoreOptions {
  /** Project root: records live in `<root>/data/memory/<alias>.jsonl`. */
  root: string;
  clock: Clock;
  policyFor: MemoryPolicyResolver;
  /** `memory.max_file_bytes`: the live file is rotated to `<alias>.jsonl.1` before it would grow past this. */
  maxFileBytes: number;
}

/** A rotation lock older than this is considered left behind by a dead process. */
const STALE_LOCK_MS = 30_000;
const COMPACT_ATTEMPTS = 3;

export function memoryDir(root: string): string {
  return path.join(root, 'data', 'memory');
}

/** `<root>/data/memory/<alias>.jsonl`, after validating the alias. */
export function memoryFile(root: string, alias: string): string {
  return path.join(memoryDir(root), `${assertSafeId('alias', alias)}.jsonl`);
}

/**
 * The embedded default backend: one append-only JSONL file per alias.
 * Appends are single O_APPEND writes (no torn or interleaved lines across
 * processes); rotation renames the live file to `.1` (writers in flight keep
 * their inode, so nothing they write is lost) and then compacts `.1`,
 * dropping expired records.
 */
export class FileMemoryStore implements MemoryStore {
  readonly kind = 'file' as const;

  constructor(private readonly options: FileMemoryStoreOptions) {}

  async append(record: MemoryRecord): Promise<MemoryRecord | undefined> {
    const prepared = prepareAppend(record, this.options.policyFor);
    if (!prepared) return undefined;
    const { stored, ttlMs } = prepared;
    const file = memoryFile(this.options.root, stored.alias);
    const bytes = Buffer.byteLength(JSON.stringify(stored)) + 1;
    const size = fileSizeOrZero(file);
    if (size > 0 && size + bytes > this.options.maxFileBytes) this.rotate(file, bytes, ttlMs);
    appendJsonLines(file, [stored]);
    return stored;
  }

  async window(alias: string, n: number): Promise<MemoryRecord[]> {
    const file = memoryFile(this.options.root, alias);
    const limit = windowSize(n);
    if (limit === 0) return [];
    const { ttlMs } = this.options.policyFor(alias);
    const now = this.options.clock.now();
    const keep = (value: unknown): boolean => isLiveRecordOf(value, alias, ttlMs, now);
    const live = readLastJsonLines<MemoryRecord>(file, limit, keep);
    if (live.length >= limit) return live;
    const older = readLastJsonLines<MemoryRecord>(`${file}.1`, limit - live.length, keep);
    return [...older, ...live];
  }

  async aliases(): Promise<string[]> {
    let names: string[];
    try {
      names = readdirSync(memoryDir(this.options.root));
    } catch {
      return [];
    }
    const found = new Set<string>();
    for (const name of names) {
      const match = /^(.+)\.jsonl(?:\.1)?$/.exec(name);
      if (match && isSafeId(match[1]!)) found.add(match[1]!);
    }
    return [...found].sort();
  }

  async close(): Promise<void> {}

  /** Rotates `file` to `file.1` under a lock file; skipped when another writer is rotating. */
  private rotate(file: string, incomingBytes: number, ttlMs: number): void {
    const lock = `${file}.lock`;
    if (!acquireLock(lock)) return;
    try {
      // Another process may have rotated between our size check and taking the lock.
      const size = fileSizeOrZero(file);
      if (size === 0 || size + incomingBytes <= this.options.maxFileBytes) return;
      const rotated = `${file}.1`;
      renameSync(file, rotated);
      this.compact(rotated, ttlMs);
    } finally {
      releaseLock(lock);
    }
  }

  /** Drops expired records from a rotated file; retried when a late writer appended meanwhile. */
  private compact(file: string, ttlMs: number): void {
    for (let attempt = 0; attempt < COMPACT_ATTEMPTS; attempt += 1) {
      const before = fileSizeOrZero(file);
      const { records, badLines } = readJsonLines<unknown>(file);
      const now = this.options.clock.now();
      const survivors = records.filter((value) => isMemoryRecord(value) && !isExpired(value, ttlMs, now));
      if (survivors.length === records.length && badLines === 0) return;
      if (fileSizeOrZero(file) !== before) continue;
      rewriteJsonLines(file, survivors);
      return;
    }
  }
}

function acquireLock(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      closeSync(openSync(lock, 'wx'));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        // mtime is wall-clock time set by the file system, so it is compared with the wall clock.
        if (Date.now() - statSync(lock).mtimeMs < STALE_LOCK_MS) return false;
        unlinkSync(lock);
      } catch {
        return false;
      }
    }
  }
  return false;
}

function releaseLock(lock: string): void {
  try {
    unlinkSync(lock);
  } catch {
    // already gone: nothing to release
  }
}
