import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BundleError } from '../../util/errors.js';
import { INDEX_FILE } from '../bundle-format.js';
import { safeJoin } from './bundle-paths.js';

/** Every file under `dir` as `relative POSIX path → content`; empty map when `dir` does not exist. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  const walk = (current: string, prefix: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const absolute = path.join(current, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(absolute, relative);
      else if (entry.isFile()) files.set(relative, readFileSync(absolute, 'utf8'));
      else files.set(relative, '\u0000not-a-regular-file');
    }
  };
  walk(dir, '');
  return files;
}

export function sameTree(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

/**
 * Writes the whole bundle to a temporary folder next to `outDir`, then swaps
 * it in with renames (old bundle moved aside, new one renamed in, old one
 * removed). Readers see the old bundle or the new one, never a mix. An
 * existing folder that is not a bundle (no index.json, not empty) is refused.
 */
export function publishBundle(outDir: string, files: ReadonlyMap<string, string>): void {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new BundleError(`Output ${outDir} exists and is not a folder. Remove it or choose another --out.`, { outDir });
    if (!existsSync(path.join(outDir, INDEX_FILE)) && readdirSync(outDir).length > 0) {
      throw new BundleError(`Output folder ${outDir} is not empty and holds no ${INDEX_FILE}: it is not a codex-flow bundle, so it will not be replaced. Choose an empty folder.`, { outDir });
    }
  }
  mkdirSync(parent, { recursive: true });
  const token = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const temp = path.join(parent, `.${base}.tmp-${token}`);
  const old = path.join(parent, `.${base}.old-${token}`);
  try {
    mkdirSync(temp);
    const made = new Set<string>([temp]);
    for (const [relative, content] of files) {
      const target = safeJoin(temp, relative);
      const folder = path.dirname(target);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(target, content);
    }
    if (existsSync(outDir)) {
      renameSync(outDir, old);
      try {
        renameSync(temp, outDir);
      } catch (error) {
        renameSync(old, outDir);
        throw error;
      }
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(temp, outDir);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
