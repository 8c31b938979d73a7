import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { costOf, resolvePrices } from '../../src/providers/pricing.js';

describe('pricing', () => {
  it('env prices win over config, default 0, offline free', () => {
    const config = configSchema.parse({ providers: { openai: { priceIn: 1, priceOut: 2 }, anthropic: { priceIn: 3, priceOut: 15 } } });
    const prices = resolvePrices({ OPENAI_PRICE_IN: '0.15', OPENAI_PRICE_OUT: '0.6' }, config.providers);
    expect(prices.openai).toEqual({ in: 0.15, out: 0.6 });
    expect(prices.anthropic).toEqual({ in: 3, out: 15 });
    expect(prices.ollama).toEqual({ in: 0, out: 0 });
    expect(prices.offline).toEqual({ in: 0, out: 0 });
    expect(costOf({ tokensIn: 2000, tokensOut: 1000 }, 'openai', prices)).toBeCloseTo(0.3 + 0.6, 10);
    expect(costOf({ tokensIn: 1000, tokensOut: 1000 }, 'anthropic', prices)).toBe(18);
    expect(costOf({ tokensIn: 1000, tokensOut: 1000 }, 'unknown', prices)).toBe(0);
    expect(costOf(undefined, 'openai', prices)).toBe(0);
  });

  it('rejects a malformed price with a clear error', () => {
    expect(() => resolvePrices({ ANTHROPIC_PRICE_OUT: 'cheap' })).toThrow(/ANTHROPIC_PRICE_OUT="cheap" is not a price/);
    expect(() => resolvePrices({ OLLAMA_PRICE_IN: '-1' })).toThrow(/not a price/);
  });
});
