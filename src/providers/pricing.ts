import type { CodexFlowConfig } from '../config/config-schema.js';
import { ConfigError } from '../util/errors.js';
import type { Env } from '../util/runtime-context.js';
import type { Usage } from './types.js';

/** USD per 1K tokens. */
export interface Price {
  in: number;
  out: number;
}

export type PriceTable = Readonly<Record<string, Price>>;

const ENV_PREFIX: Readonly<Record<string, string>> = { openai: 'OPENAI', anthropic: 'ANTHROPIC', ollama: 'OLLAMA', codex: 'CODEX', cli: 'CLI' };

function readPrice(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${name}=${JSON.stringify(raw)} is not a price: use a non-negative number of USD per 1K tokens, e.g. ${name}=0.15.`, { variable: name });
  return value;
}

/**
 * Prices per provider: `<PROVIDER>_PRICE_IN/OUT` env vars (OPENAI_, ANTHROPIC_,
 * OLLAMA_, ...) win over config `providers.<name>.priceIn/priceOut`; default 0.
 * The offline provider is always free.
 */
export function resolvePrices(env: Env, providersConfig?: CodexFlowConfig['providers']): PriceTable {
  const table: Record<string, Price> = {};
  const config = (providersConfig ?? {}) as Record<string, unknown>;
  for (const name of ['openai', 'anthropic', 'ollama', 'codex', 'cli']) {
    const settings = (config[name] ?? {}) as { priceIn?: number; priceOut?: number };
    const prefix = ENV_PREFIX[name] as string;
    table[name] = {
      in: readPrice(env, `${prefix}_PRICE_IN`) ?? settings.priceIn ?? 0,
      out: readPrice(env, `${prefix}_PRICE_OUT`) ?? settings.priceOut ?? 0,
    };
  }
  table.offline = { in: 0, out: 0 };
  return table;
}

/** Cost in USD of one call; unknown providers cost 0. Rounded to 1e-8 USD to avoid float noise. */
export function costOf(usage: Usage | undefined, provider: string | undefined, prices: PriceTable): number {
  if (!usage || !provider) return 0;
  const price = prices[provider];
  if (!price) return 0;
  const cost = (usage.tokensIn / 1000) * price.in + (usage.tokensOut / 1000) * price.out;
  return Math.round(cost * 1e8) / 1e8;
}
