import { describe, expect, it } from 'vitest';
import { PlanCache } from '../../src/routing/plan-cache.js';
import type { UnitPlan } from '../../src/routing/semantic-index.js';

const plan = (key: string): UnitPlan => ({ key, forms: [], docs: new Int32Array(0), values: new Float64Array(0), bestForm: new Uint16Array(0), bound: 1, technology: false });

describe('PlanCache', () => {
  it('starts over when it holds too many words', () => {
    const cache = new PlanCache(3, 1_000);
    for (const word of ['a', 'b', 'c']) cache.set(word, [plan(word)], 0);
    expect(cache.size).toBe(3);
    cache.set('d', [plan('d')], 0);
    expect(cache.size).toBe(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('d')?.[0]?.key).toBe('d');
  });

  it('starts over when the plans it owns would pass the entry budget', () => {
    const cache = new PlanCache(100, 10);
    cache.set('a', [plan('a')], 6);
    cache.set('b', [plan('b')], 4);
    expect(cache.size).toBe(2);
    cache.set('c', [plan('c')], 1);
    expect(cache.size).toBe(1);
    expect(cache.get('c')).toBeDefined();
  });
});
