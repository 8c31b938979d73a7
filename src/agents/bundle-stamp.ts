import { statSync } from 'node:fs';

/**
 * A cheap fingerprint of index.json (inode, size, mtime): if it is unchanged,
 * the bundle is assumed unchanged and nothing is read. If it changed, the
 * version gate (generatedAt + sourceHash) decides whether to reload.
 */
export interface FileStamp {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** The bundle's version gate, as written in index.json. */
export interface BundleVersion {
  generatedAt: string | undefined;
  sourceHash: string | undefined;
}

export function statStamp(file: string): FileStamp | undefined {
  try {
    const stat = statSync(file);
    return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (!a || !b) return a === b;
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

export function sameVersion(a: BundleVersion, b: BundleVersion): boolean {
  return a.generatedAt === b.generatedAt && a.sourceHash === b.sourceHash;
}

/** Reads the version gate from parsed index.json contents (missing fields stay undefined). */
export function versionOf(index: unknown): BundleVersion {
  const record = index !== null && typeof index === 'object' ? (index as Record<string, unknown>) : {};
  return {
    generatedAt: typeof record.generatedAt === 'string' ? record.generatedAt : undefined,
    sourceHash: typeof record.sourceHash === 'string' ? record.sourceHash : undefined,
  };
}
