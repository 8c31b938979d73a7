import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../src/util/deep-freeze.js';
import { deepMerge, findForbiddenKeys } from '../../src/util/deep-merge.js';

describe('deepMerge / deepFreeze', () => {
  it('merges objects key by key, replaces arrays and scalars, never mutates its inputs', () => {
    const base = deepFreeze({ a: { b: 1, c: [1, 2] }, d: 'x', toString: 'own' });
    const patch = { a: { c: [3] }, d: undefined, e: { f: true } };
    const merged = deepMerge(base, patch) as Record<string, unknown>;
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: 'x', toString: 'own', e: { f: true } });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x', toString: 'own' });
    expect(Object.isFrozen(merged)).toBe(false);
    (merged.e as { f: boolean }).f = false;
    expect(patch.e.f).toBe(true);
  });

  it('refuses prototype-polluting keys and finds them anywhere', () => {
    const hostile = JSON.parse('{"a": [{"__proto__": {"x": 1}}], "constructor": {}}') as unknown;
    expect(findForbiddenKeys(hostile).sort()).toEqual(['a[0].__proto__', 'constructor']);
    expect(() => deepMerge({}, JSON.parse('{"__proto__": {"polluted": 1}}'))).toThrow(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('freezes all the way down', () => {
    const value = deepFreeze({ a: { b: [{ c: 1 }] } });
    expect(Object.isFrozen(value.a.b[0])).toBe(true);
    expect(() => {
      (value.a.b as { c: number }[]).push({ c: 2 });
    }).toThrow(TypeError);
  });
});
