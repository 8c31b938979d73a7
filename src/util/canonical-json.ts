import { compareStrings } from './compare-strings.js';

/**
 * JSON with object keys sorted at every level and non-finite numbers kept
 * distinct (`NaN`, `Infinity` and `-Infinity` as tagged strings, where
 * JSON.stringify writes all three as null): equal values, equal text; for
 * cache keys.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(`\u0000number:${String(value)}`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort(compareStrings);
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}
