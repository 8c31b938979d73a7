import path from 'node:path';
import { fileRouterCache, type RouterCache } from '../routing/router-cache.js';
import type { Env } from '../util/runtime-context.js';

/**
 * The compiled-router cache of a CLI process: `<cache>/routers`, where
 * `<cache>` is CODEX_FLOW_CACHE_DIR (a relative one is taken from the project
 * root), else `$XDG_CACHE_HOME/codex-flow`, else `~/.cache/codex-flow` (the
 * user's own folder, like Node's compile cache). CODEX_FLOW_ROUTER_CACHE=off
 * turns it off; so does an environment with no home to put it in. The XDG
 * and HOME variables count only when absolute, as the XDG spec says.
 */
export function routerCacheFor(env: Env, root: string): RouterCache | undefined {
  const setting = (env.CODEX_FLOW_ROUTER_CACHE ?? '').toLowerCase();
  if (setting === 'off' || setting === '0' || setting === 'false') return undefined;
  const absolute = (value: string | undefined): string | undefined => (value && path.isAbsolute(value) ? value : undefined);
  const explicit = env.CODEX_FLOW_CACHE_DIR ? path.resolve(root, env.CODEX_FLOW_CACHE_DIR) : undefined;
  const xdg = absolute(env.XDG_CACHE_HOME);
  const home = absolute(env.HOME);
  const base = explicit ?? (xdg ? path.join(xdg, 'codex-flow') : home ? path.join(home, '.cache', 'codex-flow') : undefined);
  return base === undefined ? undefined : fileRouterCache(path.join(base, 'routers'));
}
