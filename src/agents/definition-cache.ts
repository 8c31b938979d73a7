import { createHash } from 'node:crypto';
import type { ParsedAgent } from './parse-agent-yaml.js';

/**
 * Parsed agent files keyed by path + content hash, shared between the
 * successive registries of one reloading registry: after a republish only
 * the files whose bytes changed are parsed again. Definitions in it are
 * deep-frozen, so sharing them between registries is safe.
 */
export interface DefinitionCache {
  get(file: string, text: string): ParsedAgent | undefined;
  set(file: string, text: string, parsed: ParsedAgent): void;
  readonly size: number;
}

export function createDefinitionCache(maxEntries = 10_000): DefinitionCache {
  const entries = new Map<string, ParsedAgent>();
  const keyOf = (file: string, text: string): string => `${file}\0${createHash('sha256').update(text).digest('hex')}`;
  return {
    get: (file, text) => entries.get(keyOf(file, text)),
    set: (file, text, parsed) => {
      const key = keyOf(file, text);
      entries.delete(key);
      entries.set(key, parsed);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
