import { describe, expect, it } from 'vitest';
import { TopRanking } from '../../src/routing/top-ranking.js';
import { prng } from '../../test-support/prng.js';

const ranked = (r: TopRanking): [number, number][] => Array.from({ length: r.length }, (_, i) => [r.docAt(i), r.scoreAt(i)]);

describe('TopRanking', () => {
  it('keeps the best `top` by score, ties by document (id) order, whatever the offer order', () => {
    const offers: [number, number][] = [[5, 0.5], [1, 0.9], [7, 0.5], [3, 0.7], [2, 0.5], [9, 0.1]];
    const expected: [number, number][] = [[1, 0.9], [3, 0.7], [2, 0.5]];
    for (const order of [offers, [...offers].reverse(), [offers[2], offers[0], offers[4], offers[1], offers[5], offers[3]] as [number, number][]]) {
      const r = new TopRanking(Int32Array.from({ length: 10 }, (_, i) => i));
      r.start(3);
      for (const [doc, score] of order) r.offer(doc, score, 0);
      expect(ranked(r)).toEqual(expected);
      expect(r.maxScore).toBe(0.9);
    }
  });

  it('lets one copy per family in, the best one, and frees its place for others', () => {
    // Docs 2 and 4 are copies of doc 0.
    const family = Int32Array.from([0, 1, 0, 3, 0, 5]);
    const r = new TopRanking(family);
    r.start(3);
    r.offer(0, 0.4, 0);
    r.offer(2, 0.8, 0);
    r.offer(4, 0.6, 0);
    r.offer(1, 0.5, 0);
    r.offer(3, 0.3, 0);
    r.offer(5, 0.2, 0);
    expect(ranked(r)).toEqual([[2, 0.8], [1, 0.5], [3, 0.3]]);
  });

  it('says when a score cannot enter a full list, and keeps the semantic share of each entry', () => {
    const r = new TopRanking(Int32Array.from([0, 1, 2]));
    r.start(2);
    expect(r.couldEnter(0)).toBe(true);
    r.offer(0, 0.5, 0.25);
    r.offer(1, 0.6, 0.5);
    expect(r.couldEnter(0.4)).toBe(false);
    expect(r.couldEnter(0.5)).toBe(true);
    expect(r.semanticAt(0)).toBe(0.5);
    expect(r.semanticAt(1)).toBe(0.25);
    r.start(1);
    expect(r.length).toBe(0);
  });

  it('equals sorting every candidate and keeping each family\'s best, on random offers', () => {
    const rand = prng(7);
    for (let round = 0; round < 300; round += 1) {
      const size = 1 + Math.floor(rand() * 30);
      const family = Int32Array.from({ length: size }, (_, doc) => (rand() < 0.3 ? Math.floor(rand() * (doc + 1)) : doc));
      for (let doc = 0; doc < size; doc += 1) family[doc] = family[family[doc] as number] as number;
      const offers = Array.from({ length: size }, (_, doc) => ({ doc, score: Math.round(rand() * 8) / 8 })).sort(() => rand() - 0.5);
      const top = 1 + Math.floor(rand() * 5);
      const r = new TopRanking(family);
      r.start(top);
      for (const { doc, score } of offers) r.offer(doc, score, score / 2);
      const expected: [number, number][] = [];
      const taken = new Set<number>();
      for (const { doc, score } of [...offers].sort((a, b) => b.score - a.score || a.doc - b.doc)) {
        if (taken.has(family[doc] as number)) continue;
        taken.add(family[doc] as number);
        if (expected.length < top) expected.push([doc, score]);
      }
      expect(ranked(r)).toEqual(expected);
      expect(Array.from({ length: r.length }, (_, i) => r.semanticAt(i))).toEqual(expected.map(([, score]) => score / 2));
    }
  });
});
