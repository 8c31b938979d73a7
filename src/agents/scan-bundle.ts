import { readdirSync } from 'node:fs';
import path from 'node:path';
import { compareStrings } from '../util/compare-strings.js';

/** Bounds so a hostile or mistaken `--dir /` cannot make the scan run forever. */
export const SCAN_MAX_DEPTH = 6;
export const SCAN_MAX_FILES = 20_000;

export interface BundleScan {
  /** Bundle-relative paths (forward slashes) of every regular file found, sorted. */
  files: string[];
  /** True when the scan stopped at {@link SCAN_MAX_FILES}. */
  truncated: boolean;
  /** Folders below the depth bound, not entered (bundle-relative). */
  tooDeep: string[];
  /** Folders that could not be read (bundle-relative; '' is the bundle itself). */
  unreadable: string[];
  /** Entries that are neither folders nor regular files (symbolic links, sockets…), bundle-relative. */
  others: string[];
}

/**
 * Lists the files of a bundle folder: regular files only, symlinked folders
 * not followed, dot-entries (editor swap files, a converter's temp folders)
 * skipped.
 */
export function scanBundle(bundleDir: string, limits: { maxDepth: number; maxFiles: number } = { maxDepth: SCAN_MAX_DEPTH, maxFiles: SCAN_MAX_FILES }): BundleScan {
  const files: string[] = [];
  const tooDeep: string[] = [];
  const unreadable: string[] = [];
  const others: string[] = [];
  let truncated = false;
  const walk = (relDir: string, depth: number): void => {
    if (truncated) return;
    if (depth > limits.maxDepth) {
      tooDeep.push(relDir);
      return;
    }
    let entries;
    try {
      entries = readdirSync(path.join(bundleDir, relDir), { withFileTypes: true });
    } catch {
      unreadable.push(relDir);
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel, depth + 1);
      else if (entry.isFile()) {
        if (files.length >= limits.maxFiles) {
          truncated = true;
          return;
        }
        files.push(rel);
      } else others.push(rel);
    }
  };
  walk('', 0);
  return { files, truncated, tooDeep, unreadable, others };
}
