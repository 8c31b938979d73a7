import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../src/routing/aho-corasick.js';
import { foldText } from '../../src/routing/text-normalize.js';
import { prng } from '../../test-support/prng.js';

function found(patterns: string[], text: string, wholeWord = true): string[] {
  const ac = new AhoCorasick(patterns.map((p) => ({ text: foldText(p), wholeWord })));
  const hits: string[] = [];
  ac.scan(foldText(text), (id, start, end) => hits.push(`${patterns[id]}@${start}-${end}`));
  return hits;
}

describe('AhoCorasick', () => {
  it('finds every pattern, overlapping ones included, in one pass', () => {
    expect(found(['he', 'she', 'his', 'hers'], 'ushers', false)).toEqual(['she@1-4', 'he@2-4', 'hers@2-6']);
  });

  it('respects word boundaries: rest does not fire inside interest, but does at the edges of punctuation', () => {
    expect(found(['rest'], 'my interest rate')).toEqual([]);
    expect(found(['rest'], 'restful services')).toEqual([]);
    expect(found(['rest'], 'a REST api')).toEqual(['rest@2-6']);
    expect(found(['rest'], '(rest)')).toEqual(['rest@1-5']);
    expect(found(['ci/cd'], 'fix our ci/cd pipeline')).toEqual(['ci/cd@8-13']);
  });

  it('treats Unicode letters and digits as word characters (accents, Cyrillic, CJK, digits)', () => {
    expect(found(['api'], 'apié')).toEqual([]);
    expect(found(['api'], 'éapi')).toEqual([]);
    expect(found(['api'], 'xapi2')).toEqual([]);
    expect(found(['сервер'], 'настроить сервер сегодня')).toEqual(['сервер@10-16']);
    expect(found(['сервер'], 'серверный')).toEqual([]);
    expect(found(['api'], '的api的')).toEqual([]);
  });

  it('handles surrogate pairs next to a match (emoji are not letters, 𝐀 is)', () => {
    expect(found(['deploy'], '🚀deploy🚀')).toEqual(['deploy@2-8']);
    // U+1D400 MATHEMATICAL BOLD CAPITAL A: NFKC folds it to "a", a letter, so it glues to the word.
    expect(found(['deploy'], 'deploy\u{1D400}')).toEqual([]);
  });

  it('matches case-insensitively after NFKC + case folding (ß, full-width, ligatures, composed accents)', () => {
    expect(found(['strasse'], 'Die STRAẞE und die Straße')).toHaveLength(2);
    expect(found(['api'], 'ＡＰＩ gateway')).toEqual(['api@0-3']);
    expect(found(['file'], 'ﬁle upload')).toEqual(['file@0-4']);
    expect(found(['café'], 'cafe\u0301 menu')).toEqual(['café@0-4']);
  });

  it('agrees with a brute-force search on random patterns and texts (overlaps, duplicates, prefixes)', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (max: number): string => Array.from({ length: 1 + rand(max) }, () => 'ab c'[rand(4)]).join('');
    for (let round = 0; round < 40; round += 1) {
      const patterns = Array.from({ length: 1 + rand(12) }, () => word(4)).filter((p) => p.length > 0);
      const text = word(60);
      const ac = new AhoCorasick(patterns.map((p) => ({ text: p, wholeWord: false })));
      const got: string[] = [];
      ac.scan(text, (id, start, end) => got.push(`${id}:${start}:${end}`));
      const want: string[] = [];
      patterns.forEach((p, id) => {
        for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) want.push(`${id}:${at}:${at + p.length}`);
      });
      expect(got.sort()).toEqual(want.sort());
    }
  });

  it('reports nothing for an empty automaton or empty text', () => {
    expect(found([], 'anything')).toEqual([]);
    expect(found(['x'], '')).toEqual([]);
  });
});

describe('AhoCorasick data', () => {
  it('an automaton taken over from another one`s arrays finds exactly what the original finds', () => {
    const random = prng(7);
    const alphabet = 'abé ö-';
    const word = (max: number): string => Array.from({ length: 1 + Math.floor(random() * max) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const patterns = Array.from({ length: 300 }, (_, i) => ({ text: word(5), wholeWord: i % 2 === 0 }));
    const original = new AhoCorasick(patterns);
    const copy = AhoCorasick.fromData(structuredClone(original.data));
    expect(copy.patternCount).toBe(original.patternCount);
    let hits = 0;
    for (let t = 0; t < 200; t += 1) {
      const text = word(60);
      const a: string[] = [];
      const b: string[] = [];
      original.scan(text, (id, start, end) => a.push(`${id}@${start}-${end}`));
      copy.scan(text, (id, start, end) => b.push(`${id}@${start}-${end}`));
      expect(b).toEqual(a);
      hits += a.length;
    }
    expect(hits).toBeGreaterThan(200);
  });
});
