import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { AhoCorasickData } from './aho-corasick.js';
import type { RouterBlueprint } from './router.js';

/** Bumped whenever the blueprint's shape changes (the code fingerprint in the cache key covers everything else). */
export const ROUTER_SNAPSHOT_FORMAT = 'codex-flow router snapshot 2\n';
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
  if (!(b.family instanceof Int32Array) || b.family.length !== n || !allIn(b.family, 0, n)) return fail('family');
  if (!(b.reliability instanceof Float64Array) || b.reliability.length !== n) return fail('reliability');
  if (!Array.isArray(b.penaltyKeys) || b.penaltyKeys.length !== n || !b.penaltyKeys.every(isStrings)) return fail('penaltyKeys');
  const isRuleTable = (v: unknown): boolean => Array.isArray(v) && v.every((row) => Array.isArray(row) && row.length === 2 && typeof row[0] === 'string' && isStrings(row[1]));
  if (!isRuleTable(b.globRules)) return fail('globRules');
  if (!Array.isArray(b.keywords) || !b.keywords.every((k: unknown) => k !== null && typeof k === 'object' && typeof (k as { keyword?: unknown }).keyword === 'string' && typeof (k as { weight?: unknown }).weight === 'number' && isStrings((k as { agents?: unknown }).agents))) return fail('keywords');
  const isRegexRule = (r: unknown): boolean => {
    if (r === null || typeof r !== 'object') return false;
    const rule = r as { pattern?: unknown; agents?: unknown; literals?: unknown };
    return typeof rule.pattern === 'string' && isStrings(rule.agents) && (rule.literals === undefined || rule.literals === null || isStrings(rule.literals));
  };
  if (!Array.isArray(b.regexRules) || !b.regexRules.every(isRegexRule)) return fail('regexRules');
  if (!Array.isArray(b.ruleProblems)) return fail('ruleProblems');
  const s = b.semantic as Partial<RouterBlueprint['semantic']> | undefined;
  if (!s || s.size !== n || !isStrings(s.terms)) return fail('semantic');
  const terms = s.terms.length;
  if (!(s.idf instanceof Float64Array) || s.idf.length !== terms) return fail('semantic.idf');
  if (!(s.starts instanceof Int32Array) || s.starts.length !== terms + 1 || s.starts[0] !== 0) return fail('semantic.starts');
  for (let t = 0; t < terms; t += 1) if ((s.starts[t + 1] as number) < (s.starts[t] as number)) return fail('semantic.starts order');
  const entries = s.starts[terms] as number;
  if (!(s.docs instanceof Int32Array) || s.docs.length !== entries || !allIn(s.docs, 0, n)) return fail('semantic.docs');
  if (!(s.values instanceof Float64Array) || s.values.length !== entries) return fail('semantic.values');
  if (!isAutomaton(b.scanner)) return fail('scanner');
  return value as RouterBlueprint;
}

/** Every value in [lo, hi). */
function allIn(values: Int32Array, lo: number, hi: number): boolean {
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] as number;
    if (v < lo || v >= hi) return false;
  }
  return true;
}

/** An automaton's arrays, consistent with each other: every node, edge and pattern index in range. */
function isAutomaton(value: unknown): value is AhoCorasickData {
  if (value === null || typeof value !== 'object') return false;
  const a = value as Partial<Record<keyof AhoCorasickData, unknown>>;
  const i32 = (v: unknown): v is Int32Array => v instanceof Int32Array;
  if (!i32(a.edgeStart) || !i32(a.edgeTarget) || !i32(a.fail) || !i32(a.outputHead) || !i32(a.dictLink) || !i32(a.outputList) || !i32(a.outputStart) || !i32(a.patternLength) || !i32(a.rootAscii)) return false;
  if (!(a.edgeLabel instanceof Uint16Array) || !(a.patternWhole instanceof Uint8Array)) return false;
  const nodes = a.edgeStart.length - 1;
  const patterns = a.patternLength.length;
  if (nodes < 1 || a.edgeStart[0] !== 0 || a.fail.length !== nodes || a.outputHead.length !== nodes || a.dictLink.length !== nodes || a.outputStart.length !== nodes + 1 || a.rootAscii.length !== 128) return false;
  for (let k = 0; k < nodes; k += 1) if ((a.edgeStart[k + 1] as number) < (a.edgeStart[k] as number) || (a.outputStart[k + 1] as number) < (a.outputStart[k] as number)) return false;
  const edges = a.edgeStart[nodes] as number;
  if (a.edgeLabel.length !== edges || a.edgeTarget.length !== edges || a.outputList.length !== a.outputStart[nodes] || a.outputStart[0] !== 0 || a.patternWhole.length !== patterns) return false;
  return allIn(a.edgeTarget, 0, nodes) && allIn(a.fail, 0, nodes) && allIn(a.outputHead, -1, nodes) && allIn(a.dictLink, -1, nodes) && allIn(a.outputList, 0, patterns) && allIn(a.rootAscii, -1, nodes);
}
