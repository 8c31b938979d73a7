import { systemClock, type Clock } from '../util/runtime-context.js';
import type { JitterSource } from './backoff.js';
import { CircuitBreakerRegistry } from './circuit-breaker.js';
import { configurationOf, createProvider, settingsOf, type ProviderEnvironment } from './create-provider.js';
import { FailoverProvider } from './failover-provider.js';
import { OLLAMA_DEFAULT_URL, probeOllama } from './ollama-provider.js';
import { costOf, resolvePrices, type PriceTable } from './pricing.js';
import { redactorFromEnv } from './redact-secrets.js';
import type { ModelProvider, Usage } from './types.js';

/** Auto-detection order when neither --provider nor RUNNER nor providers.default names one. */
export const AUTO_DETECT_ORDER = ['openai', 'anthropic', 'ollama', 'codex', 'cli'] as const;

export interface ResolveProviderOptions extends ProviderEnvironment {
  /** `--provider`. */
  requested?: string;
  /** `--fallback a,b` (a list or the comma string); default: config `providers.fallback`. */
  fallback?: readonly string[] | string;
  /** Ollama reachability probe (injectable). Default: GET /api/tags with `providers.probeTimeoutMs`. */
  probeOllama?: (baseUrl: string, timeoutMs: number) => Promise<boolean>;
  clock?: Clock;
  /** Jitter source for backoff. */
  random?: JitterSource;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Share breakers across resolutions (e.g. one per server process). */
  breakers?: CircuitBreakerRegistry;
}

export interface ProviderResolution {
  /** What to call: the failover wrapper over `chain` (retries, breaker, resume). */
  provider: ModelProvider;
  /** The primary provider's name. */
  name: string;
  /** Primary first, then fallbacks. */
  chain: string[];
  /** Why this provider, for "provider: X (why)". */
  reason: string;
  /** Where the choice came from. */
  source: 'flag' | 'env' | 'config' | 'auto' | 'default';
  /** True when the primary is the offline provider (results are simulated). */
  simulated: boolean;
  prices: PriceTable;
  /** USD for one call's usage on a provider (default: the provider that finished, else the primary). */
  costOf: (usage: Usage | undefined, provider?: string) => number;
}

function parseList(value: readonly string[] | string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? value.split(',') : [...value];
  return list.map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * Picks the provider (SPEC §6): `--provider`, else `RUNNER`, else config
 * `providers.default`, else the first configured one (key present, Ollama
 * reachable), else `offline`. An explicitly named provider that is not
 * configured is an error: it never turns silently into `offline`.
 */
export async function resolveProvider(options: ResolveProviderOptions): Promise<ProviderResolution> {
  const env = options.env;
  const config = options.providersConfig;
  let name: string | undefined;
  let reason = '';
  let source: ProviderResolution['source'] = 'default';
  const runner = env.RUNNER?.trim();
  if (options.requested?.trim()) {
    name = options.requested.trim();
    source = 'flag';
    reason = `--provider ${name}`;
  } else if (runner) {
    name = runner;
    source = 'env';
    reason = `RUNNER=${name}`;
  } else if (config?.default) {
    name = config.default;
    source = 'config';
    reason = 'providers.default in the config';
  }
  if (name !== undefined) {
    const status = configurationOf(name, options);
    if (status.configured && name !== 'offline') reason += `; ${status.why}`;
  } else {
    const skipped: string[] = [];
    for (const candidate of AUTO_DETECT_ORDER) {
      const status = configurationOf(candidate, options);
      if (candidate === 'ollama') {
        const url = env.OLLAMA_URL?.trim() || settingsOf(options, 'ollama').baseUrl || OLLAMA_DEFAULT_URL;
        const probe = options.probeOllama ?? ((u: string, t: number) => probeOllama(u, t));
        if (await probe(url, config?.probeTimeoutMs ?? 300)) {
          name = 'ollama';
          reason = `Ollama is reachable at ${url} (first configured provider)`;
          break;
        }
        skipped.push(`Ollama not reachable at ${url}`);
        continue;
      }
      if (status.configured) {
        name = candidate;
        reason = `${status.why} (first configured provider)`;
        break;
      }
      skipped.push(status.why);
    }
    source = name ? 'auto' : 'default';
    if (!name) {
      name = 'offline';
      reason = `no provider configured (${skipped.join('; ')}): the built-in offline provider, results are simulated`;
    }
  }

  const fallbacks = (parseList(options.fallback) ?? config?.fallback ?? []).filter((f, i, all) => f !== name && all.indexOf(f) === i);
  const chainNames = [name, ...fallbacks];
  // createProvider throws for an unknown or unconfigured name: never a silent switch to offline.
  const chain = chainNames.map((n) => createProvider(n, options));
  const prices = resolvePrices(env, config);
  const provider =
    chain.length === 1 && name === 'offline'
      ? (chain[0] as ModelProvider)
      : new FailoverProvider(chain, {
          name: chainNames.join('>'),
          clock: options.clock ?? systemClock,
          redact: redactorFromEnv(env),
          ...(config
            ? {
                retries: config.retries,
                backoffMs: config.backoffMs,
                maxBackoffMs: config.maxBackoffMs,
                maxRetryAfterMs: config.maxRetryAfterMs,
                cooldownAfterFailures: config.cooldownAfterFailures,
                cooldownMs: config.cooldownMs,
              }
            : {}),
          ...(options.random ? { random: options.random } : {}),
          ...(options.sleep ? { sleep: options.sleep } : {}),
          ...(options.breakers ? { breakers: options.breakers } : {}),
        });
  if (fallbacks.length > 0) reason += `; fallback ${fallbacks.join(', ')}`;
  return {
    provider,
    name,
    chain: chainNames,
    reason,
    source,
    simulated: name === 'offline',
    prices,
    costOf: (usage, providerName) => costOf(usage, providerName ?? name, prices),
  };
}
