/**
 * Deep merge for plain JSON-like data, used for alias overrides. Returns a new
 * tree and never mutates either input: objects merge key by key, arrays and
 * scalars in `patch` replace what `base` had, `undefined` in `patch` is
 * ignored. Keys that could pollute prototypes (`__proto__`, `constructor`,
 * `prototype`) are refused.
 */
export const FORBIDDEN_MERGE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Dotted paths of forbidden keys found anywhere in `value` (empty when clean). */
export function findForbiddenKeys(value: unknown, prefix = ''): string[] {
  const found: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => found.push(...findForbiddenKeys(item, `${prefix}[${index}]`)));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const here = prefix ? `${prefix}.${key}` : key;
      if (FORBIDDEN_MERGE_KEYS.has(key)) found.push(here);
      else found.push(...findForbiddenKeys((value as Record<string, unknown>)[key], here));
    }
  }
  return found;
}

export function deepMerge<T>(base: T, patch: unknown): T {
  return mergeValue(base, patch) as T;
}

function mergeValue(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return cloneData(base);
  if (isPlainObject(base) && isPlainObject(patch)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(base)) out[key] = cloneData(value);
    for (const [key, value] of Object.entries(patch)) {
      if (FORBIDDEN_MERGE_KEYS.has(key)) throw new TypeError(`Refusing to merge the key "${key}"`);
      if (value === undefined) continue;
      out[key] = Object.hasOwn(out, key) ? mergeValue(out[key], value) : cloneData(value);
    }
    return out;
  }
  return cloneData(patch);
}

function cloneData(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}
