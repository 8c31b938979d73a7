import path from 'node:path';
import { isSafeId } from '../util/safe-id.js';
import { agentFilePath, type IndexEntry } from './bundle-format.js';

export type EntryPathResult =
  | { ok: true; relative: string; absolute: string }
  | { ok: false; relative: string; reason: string };

/**
 * Where an index entry's YAML lives, refusing anything that could leave the
 * bundle: id, domain and subdomain must each be a safe id (no `/`, no `..`),
 * and the joined path must still be inside `bundleDir`.
 */
export function entryFilePath(bundleDir: string, entry: Pick<IndexEntry, 'id' | 'domain' | 'subdomain'>): EntryPathResult {
  return entryPathResolver(bundleDir)(entry);
}

/**
 * {@link entryFilePath} for many entries of one bundle: the folder is resolved
 * once, and each path is joined from its checked segments (safe ids cannot
 * climb out), so no per-entry path resolution is needed.
 */
export function entryPathResolver(bundleDir: string): (entry: Pick<IndexEntry, 'id' | 'domain' | 'subdomain'>) => EntryPathResult {
  const base = path.resolve(bundleDir);
  const prefix = base.endsWith(path.sep) ? base : `${base}${path.sep}`;
  return (entry) => {
    const relative = agentFilePath(entry);
    for (const [field, value] of [
      ['id', entry.id],
      ['domain', entry.domain],
      ['subdomain', entry.subdomain],
    ] as const) {
      if (value === undefined && field === 'subdomain') continue;
      if (typeof value !== 'string' || !isSafeId(value)) {
        return { ok: false, relative, reason: `${field} ${JSON.stringify(String(value).slice(0, 80))} is not a safe path segment ([a-z0-9][a-z0-9._-]*, no '..')` };
      }
    }
    const absolute = `${prefix}${path.sep === '/' ? relative : relative.split('/').join(path.sep)}`;
    if (!absolute.startsWith(prefix) || absolute.length === prefix.length) return { ok: false, relative, reason: 'path resolves outside the bundle' };
    return { ok: true, relative, absolute };
  };
}

/** True when `candidate` is `dir` itself or below it (both absolute). */
export function isInside(dir: string, candidate: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(candidate));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
