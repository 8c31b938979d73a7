import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { requiredLiterals } from '../../src/routing/regex-literals.js';
import { RegexStage } from '../../src/routing/regex-stage.js';
import { foldText } from '../../src/routing/text-normalize.js';

const stage = (patterns: string[], maxUnfiltered = 10): RegexStage =>
  new RegexStage(
    patterns.map((pattern, i) => ({ pattern, priority: 'medium', agents: [`a${i}`] })),
    { maxRegexes: 1000, maxUnfiltered },
  );
const hits = (s: RegexStage, text: string): string[] => s.match(text.normalize('NFKC'), foldText(text)).map((h) => h.pattern);

describe('requiredLiterals', () => {
  it('extracts the longest literal run every match must contain', () => {
    expect(requiredLiterals('^review .* code$')).toEqual(['review ']);
    expect(requiredLiterals('deploy(ment)? to prod')).toEqual([' to prod']);
    expect(requiredLiterals('kube\\w+ctl')).toEqual(['kube']);
    expect(requiredLiterals('terraform|opentofu')).toEqual(['opentofu', 'terraform']);
    expect(requiredLiterals('(?i)\\bab[\\s_-]+test\\b')).toEqual(['test']);
  });

  it('drops optional characters and gives up when an alternative has no literal', () => {
    expect(requiredLiterals('colou?r')).toEqual(['colo']);
    expect(requiredLiterals('a+b*')).toBeNull();
    expect(requiredLiterals('foo|\\d+')).toBeNull();
    expect(requiredLiterals('(a+)+$')).toBeNull();
    expect(requiredLiterals('x{0,3}yz')).toBeNull();
  });

  it('never misses: a regex that matches a text always has one of its literals in the folded text', () => {
    const patterns = ['^review .* code$', 'deploy(ment)? to prod', 'colou?r scheme', 'kube\\w+ctl', 'terraform|opentofu', 'A\\.B\\+C', 'x{2,}yz', '[Rr]eact native'];
    const texts = ['Review my CODE', 'please review this code', 'deploy to PROD now', 'deployment to prod', 'Colour Scheme', 'color scheme', 'KUBEctlctl', 'run kubeXctl', 'OpenTofu plan', 'a.b+c', 'xxxyz', 'React Native app', 'ſtuff'];
    for (const pattern of patterns) {
      const literals = requiredLiterals(pattern);
      const re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
      for (const text of texts) {
        if (!re.test(text.normalize('NFKC')) || literals === null) continue;
        expect(literals.some((literal) => foldText(text).includes(literal)), `${pattern} on ${text}`).toBe(true);
      }
    }
  });
});

describe('RegexStage', () => {
  it('matches case-insensitively and only runs regexes whose literals occur', () => {
    const s = stage(['^review .* code$', 'deploy(ment)? to prod']);
    expect(hits(s, 'Review the payment CODE')).toEqual(['^review .* code$']);
    expect(hits(s, 'deployment to prod tonight')).toEqual(['deploy(ment)? to prod']);
    expect(hits(s, 'nothing relevant')).toEqual([]);
  });

  it('reports patterns RE2 cannot compile as problems at compile time, never at route time', () => {
    const s = stage(['(a)\\1', '(?<=x)y', '[unclosed', 'fine']);
    expect(s.problems.map((p) => p.pattern)).toEqual(['(a)\\1', '(?<=x)y', '[unclosed']);
    expect(s.problems.every((p) => /RE2 cannot compile/.test(p.message))).toBe(true);
    expect(s.size).toBe(1);
    expect(() => hits(s, 'aa xy fine')).not.toThrow();
    expect(hits(s, 'aa xy fine')).toEqual(['fine']);
  });

  it('runs hostile patterns like (a+)+$ on 100k-character inputs in linear time (completes, no backtracking)', () => {
    const s = stage(['(a+)+$', '(x+x+)+y', '(.*a){20}']);
    const text = `${'a'.repeat(100_000)}!`;
    expect(hits(s, text)).toEqual(['(.*a){20}']);
    expect(hits(s, 'x'.repeat(100_000))).toEqual([]);
  });

  it('runs patterns outside the linear matcher\'s subset through re2js, with the same answers', () => {
    // \p{L} and (?i) flag groups are not in linear-regex.ts's subset: re2js compiles and runs them.
    const s = stage(['deploy\\s+\\p{L}+', '(?i:helm) chart', 'plain \\bword\\b']);
    expect(s.problems).toEqual([]);
    expect(hits(s, 'please DEPLOY  ünïcode now')).toEqual(['deploy\\s+\\p{L}+']);
    expect(hits(s, 'a HELM chart')).toEqual(['(?i:helm) chart']);
    expect(hits(s, 'plain word')).toEqual(['plain \\bword\\b']);
    expect(hits(s, 'plain wording')).toEqual([]);
  });

  it('caps regexes without a literal (they run on every request) and reports the excess', () => {
    const s = stage(['\\d+', '\\w+@\\w+', '[a-z]{3}', 'literal here'], 2);
    expect(s.size).toBe(3);
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0]?.pattern).toBe('[a-z]{3}');
  });
});
