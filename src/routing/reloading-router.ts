import type { ReloadingRegistry, ReloadOutcome } from '../agents/reloading-registry.js';
import type { Registry } from '../agents/registry.js';
import type { RouteRequest, RouteResult } from './route-types.js';
import { createRegistryRouter } from './registry-router.js';
import type { RouteOptions, Router } from './router.js';
import type { RoutingOptions } from './routing-options.js';

/**
 * A router that follows a reloading registry: when the registry swaps in a
 * new bundle version, a new router is compiled off to the side and swapped in
 * as one reference assignment. A request routes entirely on one compiled
 * router (old or new, never a mix); if compiling the new bundle throws, the
 * previous router stays in service and the error is reported.
 */
export interface ReloadingRouter {
  current(): Router;
  route(request: RouteRequest, options?: RouteOptions): RouteResult;
  /** Asks the registry to reload if the bundle changed, then recompiles if it did. */
  reloadIfChanged(): ReloadOutcome;
}

export function createReloadingRouter(registry: ReloadingRegistry, options: RoutingOptions, onError: (error: unknown) => void = () => {}): ReloadingRouter {
  let compiledFrom: Registry = registry.current();
  const compile = (loaded: Registry): Router => createRegistryRouter(loaded, options);
  let router = compile(compiledFrom);

  const sync = (): Router => {
    const latest = registry.current();
    if (latest !== compiledFrom) {
      try {
        const next = compile(latest);
        router = next;
      } catch (error) {
        onError(error);
      }
      compiledFrom = latest;
    }
    return router;
  };

  return {
    current: sync,
    route: (request, routeOptions) => sync().route(request, routeOptions),
    reloadIfChanged: () => {
      const outcome = registry.reloadIfChanged();
      sync();
      return outcome;
    },
  };
}
