import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileLinearRegex } from '../../src/routing/linear-regex.js';
import { prng } from '../../test-support/prng.js';

const re2 = (pattern: string, text: string): boolean => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE).test(text);

describe('compileLinearRegex', () => {
  it('matches like RE2 (case-insensitive) on typical routing patterns', () => {
    const cases: [string, string, boolean][] = [
      ['\\bkubectl\\s+apply\\b', 'please run KUBECTL  apply now', true],
      ['\\bkubectl\\s+apply\\b', 'kubectlapply', false],
      ['\\bapi[-_ ]?v\\d+\\b', 'the API-v2 endpoint', true],
      ['\\bapi[-_ ]?v\\d+\\b', 'rapi v2', false],
      ['\\.tsx?$', 'src/app.TSX', true],
      ['\\.tsx?$', 'src/app.tsx.bak', false],
      ['^fix(?:es|ed)?\\b', 'Fixed the bug', true],
      ['(?:docker|podman)\\s*compose', 'our podmancompose file', true],
      ['colou?r', 'COLOR', true],
      ['a{2,3}b', 'aab', true],
      ['a{2,3}b', 'ab', false],
      ['x.y', 'x\ny', false],
      ['\\Bing\\b', 'testing', true],
      ['\\Bing\\b', 'ing', false],
      ['[^a-z]', 'abc', false],
      ['[^a-z]', 'ABC', false],
      ['[^a-z]', 'abc1', true],
      ['', 'anything', true],
      ['k', '\u212a', true], // RE2 folds KELVIN SIGN with k
      ['\\w', '\u017f', true],
      ['\\W', '\u017f', false],
      ['\\bk', '\u212a', false], // \b is ASCII-only
      ['😀', '😀', false], // non-ASCII pattern: not in the subset
    ];
    for (const [pattern, text, expected] of cases) {
      const compiled = compileLinearRegex(pattern);
      if (compiled === null) {
        expect(pattern).toBe('😀');
        continue;
      }
      expect(re2(pattern, text), `re2js: /${pattern}/ on ${JSON.stringify(text)}`).toBe(expected);
      expect(compiled.test(text), `/${pattern}/ on ${JSON.stringify(text)}`).toBe(expected);
    }
  });

  it('leaves syntax it does not cover, or RE2 rejects, to re2js (null)', () => {
    for (const pattern of ['(a{40}){30}', '((a{10}){10}){11}', '(a{10,20}){60}', '(?:x{2}y){3}', '(?i)abc', '(?P<name>x)', '(?=a)', 'a(?!b)', '(a)\\1', '\\p{L}', 'a**', 'a{2}{3}', '[]a]', '[[:alpha:]]', 'a{1001}', 'x{', '(a', 'a)', '[a-b-c]', 'é', '\\Qa.b\\E', '*a']) {
      expect(compileLinearRegex(pattern), pattern).toBeNull();
    }
  });

  it('runs hostile patterns in linear time', () => {
    const hostile = compileLinearRegex('(a+)+$');
    const nested = compileLinearRegex('(a|a)*(a|aa)*b');
    expect(hostile).not.toBeNull();
    expect(nested).not.toBeNull();
    const text = `${'a'.repeat(50_000)}!`;
    // A backtracking engine would not finish either of these.
    expect(hostile?.test(text)).toBe(false);
    expect(nested?.test(text)).toBe(false);
    expect(hostile?.test('a'.repeat(50_000))).toBe(true);
  });

  it('agrees with re2js on thousands of random patterns and texts (differential)', () => {
    const rand = prng(20261122);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const atoms = ['a', 'b', 'k', 'S', '-', ' ', '1', '.', '\\d', '\\w', '\\s', '\\W', '\\D', '[ab]', '[^a]', '[a-c1]', '[-k]', '[k-]', '\\.', '\\-', '\\b', '\\B', '^', '$'];
    const quantifiers = ['', '', '', '?', '*', '+', '{2}', '{1,3}', '{0,}', '*?', '+?'];
    const gen = (depth: number): string => {
      const parts: string[] = [];
      const length = 1 + Math.floor(rand() * 4);
      for (let i = 0; i < length; i += 1) {
        const roll = rand();
        let atom: string;
        if (depth < 2 && roll < 0.2) atom = `(${gen(depth + 1)}|${gen(depth + 1)})`;
        else if (depth < 2 && roll < 0.3) atom = `(?:${gen(depth + 1)})`;
        else atom = pick(atoms);
        const q = atom === '\\b' || atom === '\\B' || atom === '^' || atom === '$' ? '' : pick(quantifiers);
        parts.push(atom + q);
      }
      return parts.join('');
    };
    const alphabet = ['a', 'A', 'b', 'k', 'K', 's', 'S', '\u212a', '\u017f', '-', ' ', '1', '2', '.', '\n', '_', 'é', '😀'];
    const texts = Array.from({ length: 24 }, () => Array.from({ length: Math.floor(rand() * 9) }, () => pick(alphabet)).join(''));
    let compared = 0;
    for (let p = 0; p < 1500; p += 1) {
      const pattern = gen(0);
      const ours = compileLinearRegex(pattern);
      if (ours === null) continue;
      // Whatever we accept, RE2 accepts too.
      const theirs = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
      for (const text of texts) {
        expect(ours.test(text), `/${pattern}/ on ${JSON.stringify(text)}`).toBe(theirs.test(text));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(20_000);
  });
});
