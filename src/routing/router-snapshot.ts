import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { RouterBlueprint } from './router.js';

/** Bumped whenever the blueprint's shape changes (the code fingerprint in the cache key covers everything else). */
export const ROUTER_SNAPSHOT_FORMAT = 'codex-flow router snapshot 1\n';
const MAGIC = Buffer.from(ROUTER_SNAPSHOT_FORMAT, 'utf8');
const DIGEST_BYTES = 32;

/** A stored snapshot that cannot be used (truncated, corrupt, another format or another key). The caller rebuilds. */
export class RouterSnapshotError extends Error {
  readonly code = 'E_ROUTER_SNAPSHOT';
  constructor(message: string) {
    super(message);
    this.name = 'RouterSnapshotError';
  }
}

/**
 * A router blueprint as bytes: the format line, a SHA-256 of the payload (a
 * torn or damaged file is refused, never half-read), then the payload: the
 * key it was stored under and the blueprint, in V8's serialization format
 * (typed arrays are copied as they are, nothing is re-parsed).
 */
export function encodeRouterSnapshot(key: string, blueprint: RouterBlueprint): Buffer {
  const payload = serialize({ key, blueprint });
  return Buffer.concat([MAGIC, createHash('sha256').update(payload).digest(), payload]);
}

/** The blueprint stored under `key`; throws RouterSnapshotError for anything else. */
export function decodeRouterSnapshot(bytes: Uint8Array, key: string): RouterBlueprint {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < MAGIC.length + DIGEST_BYTES || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) throw new RouterSnapshotError('not a router snapshot of this format');
  const digest = buffer.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
  const payload = buffer.subarray(MAGIC.length + DIGEST_BYTES);
  if (!createHash('sha256').update(payload).digest().equals(digest)) throw new RouterSnapshotError('checksum mismatch (a torn or damaged file)');
  let value: unknown;
  try {
    value = deserialize(payload);
  } catch (error) {
    throw new RouterSnapshotError(`unreadable payload (${error instanceof Error ? error.message : String(error)})`);
  }
  const record = value as { key?: unknown; blueprint?: unknown } | null;
  if (record === null || typeof record !== 'object' || record.key !== key) throw new RouterSnapshotError('stored under another key');
  return checkBlueprint(record.blueprint);
}

/** Shape checks: a blueprint that passes them cannot make the router read out of bounds. */
function checkBlueprint(value: unknown): RouterBlueprint {
  const fail = (what: string): never => {
    throw new RouterSnapshotError(`malformed blueprint: ${what}`);
  };
  if (value === null || typeof value !== 'object') return fail('not an object');
  const b = value as Partial<Record<keyof RouterBlueprint, unknown>>;
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (!isStrings(b.ids)) return fail('ids');
  const n = b.ids.length;
  if (!(b.family instanceof Int32Array) || b.family.length !== n || b.family.some((f) => f < 0 || f >= n)) return fail('family');
  if (!(b.reliability instanceof Float64Array) || b.reliability.length !== n) return fail('reliability');
  if (!Array.isArray(b.penaltyKeys) || b.penaltyKeys.length !== n || !b.penaltyKeys.every(isStrings)) return fail('penaltyKeys');
  const isRuleTable = (v: unknown): boolean => Array.isArray(v) && v.every((row) => Array.isArray(row) && row.length === 2 && typeof row[0] === 'string' && isStrings(row[1]));
  if (!isRuleTable(b.keywordRules)) return fail('keywordRules');
  if (!isRuleTable(b.globRules)) return fail('globRules');
  if (!Array.isArray(b.keywordSpecificity) || !b.keywordSpecificity.every((row) => Array.isArray(row) && typeof row[0] === 'string' && typeof row[1] === 'number')) return fail('keywordSpecificity');
  if (!Array.isArray(b.regexRules) || !b.regexRules.every((r) => r !== null && typeof r === 'object' && typeof (r as { pattern?: unknown }).pattern === 'string' && isStrings((r as { agents?: unknown }).agents))) return fail('regexRules');
  if (!Array.isArray(b.ruleProblems)) return fail('ruleProblems');
  const s = b.semantic as Partial<RouterBlueprint['semantic']> | undefined;
  if (!s || s.size !== n || !isStrings(s.terms)) return fail('semantic');
  const terms = s.terms.length;
  if (!(s.idf instanceof Float64Array) || s.idf.length !== terms) return fail('semantic.idf');
  if (!(s.starts instanceof Int32Array) || s.starts.length !== terms + 1 || s.starts[0] !== 0) return fail('semantic.starts');
  for (let t = 0; t < terms; t += 1) if ((s.starts[t + 1] as number) < (s.starts[t] as number)) return fail('semantic.starts order');
  const entries = s.starts[terms] as number;
  if (!(s.docs instanceof Int32Array) || s.docs.length !== entries || s.docs.some((d) => d < 0 || d >= n)) return fail('semantic.docs');
  if (!(s.values instanceof Float64Array) || s.values.length !== entries) return fail('semantic.values');
  return value as RouterBlueprint;
}
