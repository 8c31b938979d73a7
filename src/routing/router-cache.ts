import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where compiled routers are kept between processes, by key (see registry-router.ts). */
export interface RouterCache {
  /** The bytes stored under `key`, or undefined (none, or unreadable). */
  load(key: string): Uint8Array | undefined;
  /** Stores bytes under `key`; a cache that cannot be written only costs the next process a rebuild. */
  store(key: string, bytes: Uint8Array): void;
}

const KEY = /^[0-9a-f]{64}$/;
const SUFFIX = '.router';

/**
 * A folder of snapshot files named by key. Writes go to a temporary file
 * renamed into place, so a reader sees a whole file or none; the folder keeps
 * the `maxEntries` most recently written snapshots (one per bundle version
 * and configuration).
 */
export function fileRouterCache(dir: string, options: { maxEntries?: number } = {}): RouterCache {
  const maxEntries = options.maxEntries ?? 8;
  const fileOf = (key: string): string => {
    if (!KEY.test(key)) throw new Error(`router cache key must be 64 hex digits, got ${JSON.stringify(key.slice(0, 80))}`);
    return path.join(dir, `${key}${SUFFIX}`);
  };
  return {
    load(key) {
      const file = fileOf(key);
      try {
        return readFileSync(file);
      } catch {
        return undefined;
      }
    },
    store(key, bytes) {
      const file = fileOf(key);
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(temporary, bytes, { mode: 0o600 });
        renameSync(temporary, file);
      } catch {
        try {
          unlinkSync(temporary);
        } catch {
          // nothing was written
        }
        return;
      }
      prune(dir, maxEntries);
    },
  };
}

/** Deletes all but the `keep` newest snapshots (and temporary files left by killed writers more than a minute old). */
function prune(dir: string, keep: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  const snapshots: { file: string; mtimeMs: number }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const mtimeMs = statSync(file).mtimeMs;
      if (name.endsWith(SUFFIX)) snapshots.push({ file, mtimeMs });
      else if (name.endsWith('.tmp') && now - mtimeMs > 60_000) unlinkSync(file);
    } catch {
      // gone meanwhile
    }
  }
  snapshots.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file < b.file ? -1 : 1));
  for (const old of snapshots.slice(keep)) {
    try {
      unlinkSync(old.file);
    } catch {
      // gone meanwhile
    }
  }
}
