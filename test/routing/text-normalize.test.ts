import { describe, expect, it } from 'vitest';
import { findWordRun, foldText } from '../../src/routing/text-normalize.js';

function runs(text: string, from = 0, limit = text.length): string[] {
  const out: string[] = [];
  const run = { end: 0 };
  for (let start = findWordRun(text, from, limit, run); start >= 0; start = findWordRun(text, run.end, limit, run)) out.push(text.slice(start, run.end));
  return out;
}

describe('findWordRun', () => {
  it('finds words and hyphen/underscore compounds, skipping other punctuation', () => {
    expect(runs('fix the front-end; snake_case -x y- z__w!')).toEqual(['fix', 'the', 'front-end', 'snake_case', 'x', 'y', 'z', 'w']);
  });

  it('reads Unicode letters, marks and astral characters as word characters', () => {
    expect(runs(foldText('Über naïve 𠀀-ray café'))).toEqual(['über', 'naïve', '𠀀-ray', 'café']);
  });

  it('never reads past the limit (a joiner at the limit ends the run)', () => {
    expect(runs('alpha-beta gamma', 0, 6)).toEqual(['alpha']);
    expect(runs('alpha-beta gamma', 0, 8)).toEqual(['alpha-be']);
    expect(runs('ab𝒳cd', 0, 3)).toEqual(['ab']);
  });
});
