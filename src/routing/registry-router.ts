import type { Registry } from '../agents/registry.js';
import { readBriefs } from './read-briefs.js';
import { createRouter, type Router } from './router.js';
import type { RoutingOptions } from './routing-options.js';

/**
 * The one way to build a router for a loaded bundle: its definitions, its
 * triggers.json and the agents' briefs. `route`, `run --route`, the reloading
 * router and the evaluation all call this, so they give the same answer for
 * the same request.
 */
export function createRegistryRouter(registry: Registry, options: RoutingOptions): Router {
  return createRouter({ ...registry.routingInput(), briefs: readBriefs(registry) }, options);
}
