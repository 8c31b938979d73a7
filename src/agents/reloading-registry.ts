import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../util/errors.js';
import { INDEX_FILE } from './bundle-format.js';
import { sameStamp, sameVersion, statStamp, versionOf, type BundleVersion, type FileStamp } from './bundle-stamp.js';
import { createDefinitionCache } from './definition-cache.js';
import { loadRegistry, type Registry, type RegistryOptions } from './registry.js';

export type ReloadOutcome =
  /** index.json has the same fingerprint: nothing was read. */
  | { status: 'unchanged' }
  /** index.json was rewritten but generatedAt/sourceHash are the same: kept the current registry. */
  | { status: 'same-version'; version: BundleVersion }
  /** A new registry was loaded and swapped in. */
  | { status: 'reloaded'; previous: BundleVersion; version: BundleVersion }
  /** The new bundle could not be read; the current registry stays in service. */
  | { status: 'failed'; error: string };

export interface ReloadingRegistryOptions extends RegistryOptions {
  /** Called after a new registry is swapped in (the router rebuilds here). Errors it throws are passed to onError. */
  onReload?: (next: Registry, previous: Registry) => void;
  /** Called when a reload attempt fails; the previous registry stays current. */
  onError?: (error: unknown) => void;
}

/**
 * Holds the current registry and replaces it, as one reference swap, when the
 * bundle's version gate (index.json `generatedAt` + `sourceHash`) changes.
 * Readers that took `current()` earlier keep their own consistent, frozen
 * registry; the next `current()` returns the new one.
 */
export interface ReloadingRegistry {
  current(): Registry;
  /** Cheap check: stat index.json; only if it changed, read its version; only if that changed, reload. */
  reloadIfChanged(): ReloadOutcome;
  /** Polls reloadIfChanged every `intervalMs` (unref'd timer). Returns a stop function. */
  watch(intervalMs?: number): () => void;
}

export function createReloadingRegistry(options: ReloadingRegistryOptions): ReloadingRegistry {
  const { onReload, onError, ...rest } = options;
  const registryOptions: RegistryOptions = { ...rest, definitionCache: rest.definitionCache ?? createDefinitionCache() };
  let current = loadRegistry(registryOptions);
  const indexPath = path.join(current.dir, INDEX_FILE);
  // Fingerprint last checked (may be newer than current.stamp after a same-version rewrite).
  let checkedStamp: FileStamp = current.stamp;
  const fixedOptions: RegistryOptions = { ...registryOptions, dir: current.dir };

  const reloadIfChanged = (): ReloadOutcome => {
    const stamp = statStamp(indexPath);
    if (stamp && sameStamp(stamp, checkedStamp)) return { status: 'unchanged' };
    if (!stamp) return fail(new Error(`${indexPath} is missing (a publish in progress?); keeping the loaded bundle`));
    let version: BundleVersion;
    try {
      version = versionOf(JSON.parse(readFileSync(indexPath, 'utf8')) as unknown);
    } catch (error) {
      return fail(error);
    }
    if (sameVersion(version, current.version)) {
      checkedStamp = stamp;
      return { status: 'same-version', version };
    }
    let next: Registry;
    try {
      next = loadRegistry(fixedOptions);
    } catch (error) {
      return fail(error);
    }
    const previous = current;
    current = next;
    checkedStamp = next.stamp;
    if (onReload) {
      try {
        onReload(next, previous);
      } catch (error) {
        onError?.(error);
      }
    }
    return { status: 'reloaded', previous: previous.version, version: next.version };
  };

  const fail = (error: unknown): ReloadOutcome => {
    onError?.(error);
    return { status: 'failed', error: errorMessage(error) };
  };

  return {
    current: () => current,
    reloadIfChanged,
    watch: (intervalMs = 1_000) => {
      const timer = setInterval(reloadIfChanged, Math.max(50, intervalMs));
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
