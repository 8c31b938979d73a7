import { compareStrings } from './compare-strings.js';
import { TECH_LEXICON, termSpellings, type TechTerm } from '../tech-lexicon.js';

interface Spelling {
  text: string;
  term: TechTerm;
  weak: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/#-]/g, '\\$&');
}

function buildSpellings(): Spelling[] {
  const seen = new Set<string>();
  const result: Spelling[] = [];
  for (const term of TECH_LEXICON) {
    for (const text of termSpellings(term)) {
      const key = text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({ text: key, term, weak: (term.weak ?? []).includes(key) });
    }
  }
  // Longest first so `node.js` wins over `node`, `react native` over `react`.
  return result.sort((a, b) => b.text.length - a.text.length || compareStrings(a.text, b.text));
}

const SPELLINGS = buildSpellings();
const BY_TEXT = new Map(SPELLINGS.map((spelling) => [spelling.text, spelling]));

function alternation(spellings: Spelling[]): string {
  return spellings.map((spelling) => escapeRegExp(spelling.text).replace(/\\? /g, '[\\s_-]+')).join('|');
}

/** Strong spellings anywhere (case-insensitive). */
const STRONG_RE = new RegExp(`(?<![a-z0-9])(${alternation(SPELLINGS.filter((s) => !s.weak))})(?![a-z0-9]|\\+)`, 'gi');
/** Weak spellings of 3+ letters, only when capitalised (`Go`, `React`, `Rails`) and not at a sentence start. */
const WEAK_CAPITALISED_RE = new RegExp(
  `(?<=[a-z0-9,;:)]\\s+|[(/]\\s*)(${SPELLINGS.filter((s) => s.weak && s.text.length >= 3)
    .map((s) => escapeRegExp(s.text[0]?.toUpperCase() + s.text.slice(1)))
    .join('|')})(?![A-Za-z0-9])`,
  'g',
);

/**
 * Technologies mentioned in free text. Weak spellings (`go`, `spring`,
 * `rest`) only count capitalised mid-sentence; two-letter ones never.
 */
export function matchTechInProse(text: string): TechTerm[] {
  const found = new Map<string, TechTerm>();
  for (const match of text.matchAll(STRONG_RE)) {
    const spelling = BY_TEXT.get((match[1] ?? '').toLowerCase().replace(/[\s_-]+/g, ' ')) ?? BY_TEXT.get((match[1] ?? '').toLowerCase());
    if (spelling) found.set(spelling.term.id, spelling.term);
  }
  for (const match of text.matchAll(WEAK_CAPITALISED_RE)) {
    const spelling = BY_TEXT.get((match[1] ?? '').toLowerCase());
    if (spelling) found.set(spelling.term.id, spelling.term);
  }
  return [...found.values()];
}

/**
 * Technologies named in an id, a name or an explicit list (`languages:`),
 * where every spelling counts, weak ones included.
 */
export function matchTechInNames(values: readonly string[]): TechTerm[] {
  const found = new Map<string, TechTerm>();
  for (const value of values) {
    const lower = value.toLowerCase().trim();
    const exact = BY_TEXT.get(lower) ?? BY_TEXT.get(lower.replace(/[\s_-]+/g, ' '));
    if (exact) {
      found.set(exact.term.id, exact.term);
      continue;
    }
    const tokens = lower.split(/[\s_/-]+/).filter(Boolean);
    // Two-token spellings first (`react native`, `spring boot`), then single tokens.
    for (let index = 0; index < tokens.length; index += 1) {
      const pair = index + 1 < tokens.length ? BY_TEXT.get(`${tokens[index]} ${tokens[index + 1]}`) : undefined;
      if (pair) {
        found.set(pair.term.id, pair.term);
        index += 1;
        continue;
      }
      const single = BY_TEXT.get(tokens[index] ?? '');
      if (single && (single.text.length > 1 || tokens.length === 1)) found.set(single.term.id, single.term);
    }
    for (const term of matchTechInProse(value)) found.set(term.id, term);
  }
  return [...found.values()];
}

/** True when a single lower-case word is a spelling of a technology (`react`, `node.js`, `k8s`). */
export function isTechSpelling(word: string): boolean {
  return BY_TEXT.has(word);
}

/**
 * Multi-word spellings found in prose, as written in the lexicon
 * (`pull request`, `github actions`): kept as keywords next to the canonical id.
 */
export function proseSpellings(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(STRONG_RE)) {
    const key = (match[1] ?? '').toLowerCase().replace(/[\s_-]+/g, ' ');
    if (key.includes(' ') && BY_TEXT.has(key)) found.add(key);
  }
  return [...found].sort(compareStrings);
}
