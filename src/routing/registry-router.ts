import { createHash } from 'node:crypto';
import type { Registry } from '../agents/registry.js';
import { routerCodeFingerprint } from './code-fingerprint.js';
import { readBriefs } from './read-briefs.js';
import type { RouterCache } from './router-cache.js';
import { compileRouterBlueprint, routerFromBlueprint, type Router, type RouterBlueprint } from './router.js';
import { decodeRouterSnapshot, encodeRouterSnapshot, ROUTER_SNAPSHOT_FORMAT, RouterSnapshotError } from './router-snapshot.js';
import type { RoutingOptions } from './routing-options.js';

export interface RegistryRouterOptions {
  /**
   * Compiled routers kept between processes. A process routing against a
   * bundle it has seen before (same files, briefs, options and code) loads
   * the compiled router instead of parsing and indexing every agent file.
   */
  cache?: RouterCache;
}

/**
 * The one way to build a router for a loaded bundle: its definitions, its
 * triggers.json and the agents' briefs. `route`, `run --route`, the reloading
 * router and the evaluation all call this, so they give the same answer for
 * the same request — whether the router was compiled now or loaded from the cache.
 */
export function createRegistryRouter(registry: Registry, options: RoutingOptions, cacheOptions: RegistryRouterOptions = {}): Router {
  return routerFromBlueprint(registryRouterBlueprint(registry, options, cacheOptions), options);
}

/** The blueprint createRegistryRouter builds its router from: loaded from the cache when it holds this bundle's, else compiled (and stored). */
export function registryRouterBlueprint(registry: Registry, options: RoutingOptions, { cache }: RegistryRouterOptions = {}): RouterBlueprint {
  const briefs = readBriefs(registry);
  if (!cache) return compileRouterBlueprint({ ...registry.routingInput(), briefs }, options);
  const key = routerCacheKey(registry, briefs, options);
  const stored = cache.load(key);
  if (stored) {
    try {
      return decodeRouterSnapshot(stored, key);
    } catch (error) {
      // A damaged or foreign snapshot is replaced by a fresh compile below.
      if (!(error instanceof RouterSnapshotError)) throw error;
    }
  }
  const blueprint = compileRouterBlueprint({ ...registry.routingInput(), briefs }, options);
  cache.store(key, encodeRouterSnapshot(key, blueprint));
  return blueprint;
}

/** Everything a compiled router depends on: snapshot format, router code, options, bundle content, briefs. */
export function routerCacheKey(registry: Registry, briefs: ReadonlyMap<string, string>, options: RoutingOptions): string {
  const hash = createHash('sha256');
  hash.update(ROUTER_SNAPSHOT_FORMAT);
  hash.update(`${routerCodeFingerprint()}\0${registry.sourceDigest()}\0${JSON.stringify(options)}`);
  for (const [id, brief] of [...briefs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) hash.update(`\0${id}\0${brief.length}\0${brief}`);
  return hash.digest('hex');
}
