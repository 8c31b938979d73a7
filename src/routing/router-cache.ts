import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../util/errors.js';

/** Where compiled routers are kept between processes, by key (see registry-router.ts). */
export interface RouterCache {
  /** The bytes stored under `key`, or undefined (none, or not usable). */
  load(key: string): Uint8Array | undefined;
  /** Stores bytes under `key`; a cache that cannot be written only costs the next process a rebuild. */
  store(key: string, bytes: Uint8Array): void;
}

export interface FileRouterCacheOptions {
  /** Snapshots kept (the most recently written). Default 8. */
  maxEntries?: number;
  /** Bytes kept in all (the newest snapshot is always kept). Default 256 MB. */
  maxBytes?: number;
}

const KEY = /^[0-9a-f]{64}$/;
const SUFFIX = '.router';
/** Our own temporary files: `<key>.router.<random>.tmp`. Nothing else in the folder is ever deleted. */
const OWN_TEMPORARY = /^[0-9a-f]{64}\.router\.[0-9a-f]{16}\.tmp$/;
/** A snapshot larger than this is not read (10,000 agents make about 18 MB). */
const MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024;

/**
 * A folder of snapshot files named by key, private to the user: a folder
 * owned by someone else or writable by others is not used at all, and only
 * regular files owned by the user are read (no links, no FIFOs). Writes go to
 * a fresh temporary file (never an existing path) renamed into place, so a
 * reader sees a whole file or none. The folder keeps the most recently
 * written snapshots within `maxEntries` and `maxBytes`.
 */
export function fileRouterCache(dir: string, options: FileRouterCacheOptions = {}): RouterCache {
  const maxEntries = options.maxEntries ?? 8;
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  const fileOf = (key: string): string => {
    if (!KEY.test(key)) throw new InvalidInputError(`A router cache key must be 64 hex digits, not ${JSON.stringify(key.slice(0, 80))}.`);
    return path.join(dir, `${key}${SUFFIX}`);
  };
  return {
    load(key) {
      const file = fileOf(key);
      if (!isPrivateFolder(dir)) return undefined;
      return readOwnRegularFile(file);
    },
    store(key, bytes) {
      const file = fileOf(key);
      const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!isPrivateFolder(dir)) return;
        // 'wx': a fresh file, never through a link or over a file planted at this name.
        writeFileSync(temporary, bytes, { mode: 0o600, flag: 'wx' });
        renameSync(temporary, file);
      } catch {
        try {
          unlinkSync(temporary);
        } catch {
          // nothing was written
        }
        return;
      }
      prune(dir, maxEntries, maxBytes);
    },
  };
}

/** A real folder (not a link) owned by this user and writable by no one else. */
function isPrivateFolder(dir: string): boolean {
  try {
    const stats = lstatSync(dir);
    const uid = process.getuid?.();
    return stats.isDirectory() && (uid === undefined || stats.uid === uid) && (stats.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** The file's bytes if it is a regular file owned by this user and not too large; undefined otherwise (links, FIFOs, devices included). */
function readOwnRegularFile(file: string): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    const uid = process.getuid?.();
    if (!stats.isFile() || (uid !== undefined && stats.uid !== uid) || stats.size > MAX_SNAPSHOT_BYTES) return undefined;
    const buffer = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < stats.size) {
      const read = readSync(fd, buffer, filled, stats.size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Deletes the oldest snapshots beyond `keep` entries or `maxBytes` (the newest stays), and our own temporary files a killed writer left over a minute ago. */
function prune(dir: string, keep: number, maxBytes: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  const snapshots: { file: string; mtimeMs: number; size: number }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if (name.endsWith(SUFFIX) && KEY.test(name.slice(0, -SUFFIX.length))) {
        const stats = statSync(file);
        snapshots.push({ file, mtimeMs: stats.mtimeMs, size: stats.size });
      } else if (OWN_TEMPORARY.test(name) && now - statSync(file).mtimeMs > 60_000) unlinkSync(file);
    } catch {
      // gone meanwhile
    }
  }
  snapshots.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file < b.file ? -1 : 1));
  let bytes = 0;
  snapshots.forEach((snapshot, rank) => {
    bytes += snapshot.size;
    if (rank === 0 || (rank < keep && bytes <= maxBytes)) return;
    try {
      unlinkSync(snapshot.file);
    } catch {
      // gone meanwhile
    }
  });
}
