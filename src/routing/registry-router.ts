import { createHash } from 'node:crypto';
import type { Registry } from '../agents/registry.js';
import { canonicalJson } from '../util/canonical-json.js';
import { compareStrings } from '../util/compare-strings.js';
import { routerCodeFingerprint } from './code-fingerprint.js';
import { readBriefs } from './read-briefs.js';
import type { RouterCache } from './router-cache.js';
import { blueprintOptions, compileRouterBlueprint, routerFromBlueprint, type Router } from './router.js';
import { decodeRouterSnapshot, encodeRouterSnapshot, ROUTER_SNAPSHOT_FORMAT } from './router-snapshot.js';
import type { RoutingOptions } from './routing-options.js';

export interface RegistryRouterOptions {
  /**
   * Compiled routers kept between processes. A process routing against a
   * bundle it has seen before (same files, briefs, blueprint options and
   * code) loads the compiled router instead of parsing and indexing every
   * agent file.
   */
  cache?: RouterCache;
}

/**
 * The one way to build a router for a loaded bundle: its definitions, its
 * triggers.json and the agents' briefs. `route`, `run --route`, the reloading
 * router and the evaluation all call this, so they give the same answer for
 * the same request — whether the router was compiled now or loaded from the
 * cache. A stored router that cannot be read, checked or built is compiled
 * again (and stored again); the cache never decides an answer.
 */
export function createRegistryRouter(registry: Registry, options: RoutingOptions, { cache }: RegistryRouterOptions = {}): Router {
  const briefs = readBriefs(registry);
  const compile = () => compileRouterBlueprint({ ...registry.routingInput(), briefs }, blueprintOptions(options));
  const key = cache ? routerCacheKey(registry, briefs, options) : undefined;
  if (!cache || key === undefined) return routerFromBlueprint(compile(), options);
  try {
    const stored = cache.load(key);
    if (stored) return routerFromBlueprint(decodeRouterSnapshot(stored, key), options);
  } catch {
    // Unreadable, damaged, foreign or unbuildable: compiled afresh below, and replaced.
  }
  const blueprint = compile();
  try {
    cache.store(key, encodeRouterSnapshot(key, blueprint));
  } catch {
    // Not stored: the next process compiles again.
  }
  return routerFromBlueprint(blueprint, options);
}

/**
 * Everything a compiled router depends on: snapshot format, the code that
 * builds it, bundle content, briefs and the blueprint options. Undefined when
 * the code cannot be fingerprinted (then nothing is cached).
 */
export function routerCacheKey(registry: Registry, briefs: ReadonlyMap<string, string>, options: RoutingOptions): string | undefined {
  const code = routerCodeFingerprint();
  if (code === undefined) return undefined;
  const hash = createHash('sha256');
  hash.update(ROUTER_SNAPSHOT_FORMAT);
  hash.update(`${code}\0${registry.sourceDigest()}\0${canonicalJson(blueprintOptions(options))}`);
  for (const [id, brief] of [...briefs].sort((a, b) => compareStrings(a[0], b[0]))) hash.update(`\0${id}\0${brief.length}\0${brief}`);
  return hash.digest('hex');
}
