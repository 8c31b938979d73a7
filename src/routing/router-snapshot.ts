import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { PRIORITY_WORD_VALUES } from '../agents/trigger-priority.js';
import { CodexFlowError } from '../util/errors.js';
import type { AhoCorasickData } from './aho-corasick.js';
import type { RouterBlueprint } from './router.js';

/** Bumped whenever the blueprint's shape changes (the code fingerprint in the cache key covers everything else). */
export const ROUTER_SNAPSHOT_FORMAT = 'codex-flow router snapshot 2\n';
const MAGIC = Buffer.from(ROUTER_SNAPSHOT_FORMAT, 'utf8');
const DIGEST_BYTES = 32;

/** A stored snapshot that cannot be used (truncated, corrupt, another format or another key). The caller rebuilds. */
export class RouterSnapshotError extends CodexFlowError {
  constructor(message: string) {
    super('E_ROUTER_SNAPSHOT', `Stored router not usable: ${message}; it is compiled again.`);
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

/**
 * Checks everything the router trusts: shapes, lengths, index ranges, that
 * every rule names known agents, finite numbers, and an automaton whose
 * failure and output links always lead closer to the root (a scan cannot
 * loop). The file is checksummed and the cache folder is private, so this
 * guards against bugs and tampering, not accidents.
 */
function checkBlueprint(value: unknown): RouterBlueprint {
  const fail = (what: string): never => {
    throw new RouterSnapshotError(`malformed blueprint: ${what}`);
  };
  if (value === null || typeof value !== 'object') return fail('not an object');
  const b = value as Partial<Record<keyof RouterBlueprint, unknown>>;
  if (!isStrings(b.ids)) return fail('ids');
  const ids = new Set(b.ids);
  const n = b.ids.length;
  if (ids.size !== n) return fail('ids (repeated)');
  const knownAgents = (v: unknown): boolean => isStrings(v) && v.every((id) => ids.has(id));
  if (!(b.family instanceof Int32Array) || b.family.length !== n || !allIn(b.family, 0, n)) return fail('family');
  if (!(b.reliability instanceof Float64Array) || b.reliability.length !== n || !allFinite(b.reliability)) return fail('reliability');
  if (!Array.isArray(b.penaltyKeys) || b.penaltyKeys.length !== n || !b.penaltyKeys.every(isStrings)) return fail('penaltyKeys');
  if (!Array.isArray(b.globRules) || !b.globRules.every((row: unknown) => Array.isArray(row) && row.length === 2 && typeof row[0] === 'string' && knownAgents(row[1]))) return fail('globRules');
  const isKeyword = (k: unknown): boolean => {
    if (k === null || typeof k !== 'object') return false;
    const entry = k as { keyword?: unknown; weight?: unknown; agents?: unknown };
    return typeof entry.keyword === 'string' && typeof entry.weight === 'number' && Number.isFinite(entry.weight) && entry.weight > 0 && knownAgents(entry.agents);
  };
  if (!Array.isArray(b.keywords) || !b.keywords.every(isKeyword)) return fail('keywords');
  const isRegexRule = (r: unknown): boolean => {
    if (r === null || typeof r !== 'object') return false;
    const rule = r as { pattern?: unknown; priority?: unknown; agents?: unknown; literals?: unknown };
    const priority = rule.priority;
    const validPriority = (typeof priority === 'number' && Number.isFinite(priority)) || (typeof priority === 'string' && Object.hasOwn(PRIORITY_WORD_VALUES, priority));
    return typeof rule.pattern === 'string' && validPriority && knownAgents(rule.agents) && (rule.literals === undefined || rule.literals === null || isStrings(rule.literals));
  };
  if (!Array.isArray(b.regexRules) || !b.regexRules.every(isRegexRule)) return fail('regexRules');
  const isProblem = (p: unknown): boolean => {
    if (p === null || typeof p !== 'object') return false;
    const problem = p as { stage?: unknown; pattern?: unknown; agents?: unknown; message?: unknown };
    return (problem.stage === 'keyword' || problem.stage === 'regex' || problem.stage === 'file') && typeof problem.pattern === 'string' && isStrings(problem.agents) && typeof problem.message === 'string';
  };
  if (!Array.isArray(b.ruleProblems) || !b.ruleProblems.every(isProblem)) return fail('ruleProblems');
  const s = b.semantic as Partial<RouterBlueprint['semantic']> | undefined;
  if (!s || s.size !== n || !isStrings(s.terms)) return fail('semantic');
  const terms = s.terms.length;
  if (!(s.idf instanceof Float64Array) || s.idf.length !== terms || !allFinite(s.idf)) return fail('semantic.idf');
  if (!(s.starts instanceof Int32Array) || s.starts.length !== terms + 1 || s.starts[0] !== 0) return fail('semantic.starts');
  for (let t = 0; t < terms; t += 1) if ((s.starts[t + 1] as number) < (s.starts[t] as number)) return fail('semantic.starts order');
  const entries = s.starts[terms] as number;
  if (!(s.docs instanceof Int32Array) || s.docs.length !== entries || !allIn(s.docs, 0, n)) return fail('semantic.docs');
  if (!(s.values instanceof Float64Array) || s.values.length !== entries || !allFinite(s.values)) return fail('semantic.values');
  if (!isAutomaton(b.scanner)) return fail('scanner');
  return value as RouterBlueprint;
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string');
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i += 1) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** Every value in [lo, hi). */
function allIn(values: Int32Array, lo: number, hi: number): boolean {
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] as number;
    if (v < lo || v >= hi) return false;
  }
  return true;
}

/**
 * An automaton's arrays as the builder makes them: a tree (every node but
 * the root the target of exactly one edge, edges reachable from the root),
 * sorted edge runs, and failure and output links that point strictly closer
 * to the root, so following them always ends.
 */
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
  if (!allIn(a.patternLength, 0, 0x7fffffff) || !allIn(a.edgeTarget, 1, nodes) || !allIn(a.fail, 0, nodes) || !allIn(a.dictLink, -1, nodes) || !allIn(a.outputList, 0, patterns) || !allIn(a.rootAscii, -1, nodes)) return false;
  // Depth by a walk from the root; a node reached twice (or never) is not a tree.
  const depth = new Int32Array(nodes).fill(-1);
  depth[0] = 0;
  const queue = new Int32Array(nodes);
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const node = queue[head++] as number;
    for (let e = a.edgeStart[node] as number; e < (a.edgeStart[node + 1] as number); e += 1) {
      if (e > (a.edgeStart[node] as number) && (a.edgeLabel[e] as number) <= (a.edgeLabel[e - 1] as number)) return false;
      const child = a.edgeTarget[e] as number;
      if (depth[child] !== -1) return false;
      depth[child] = (depth[node] as number) + 1;
      queue[tail++] = child;
    }
  }
  if (tail !== nodes) return false;
  for (let k = 1; k < nodes; k += 1) {
    const d = depth[k] as number;
    if ((depth[a.fail[k] as number] as number) >= d) return false;
    const link = a.dictLink[k] as number;
    if (link >= 0 && (depth[link] as number) >= d) return false;
  }
  for (let k = 0; k < nodes; k += 1) {
    const output = a.outputHead[k] as number;
    if (output !== -1 && output !== k) return false;
  }
  if (a.fail[0] !== 0 || a.dictLink[0] !== -1) return false;
  for (let c = 0; c < 128; c += 1) {
    const target = a.rootAscii[c] as number;
    if (target >= 0 && depth[target] !== 1) return false;
  }
  return true;
}
