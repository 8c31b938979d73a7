import { compareStrings } from '../../util/compare-strings.js';
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

/**
 * `(?=[...])` of the characters the alternatives start with: a necessary
 * condition checked before the long alternation (same matches, far fewer
 * alternation attempts at positions that cannot match).
 */
function firstCharacters(alternatives: readonly string[]): string {
  return `(?=[${[...new Set(alternatives.map((text) => text[0] ?? ''))].map(escapeRegExp).join('')}])`;
}

const STRONG_SPELLINGS = SPELLINGS.filter((s) => !s.weak);
/** Strong spellings anywhere (case-insensitive). */
const STRONG_RE = new RegExp(`(?<![a-z0-9])${firstCharacters(STRONG_SPELLINGS.map((s) => s.text))}(${alternation(STRONG_SPELLINGS)})(?![a-z0-9]|\\+)`, 'gi');
const WEAK_CAPITALISED = SPELLINGS.filter((s) => s.weak && s.text.length >= 3).map((s) => s.text[0]?.toUpperCase() + s.text.slice(1));
/** Weak spellings of 3+ letters, only when capitalised (`Go`, `React`, `Rails`) and not at a sentence start. */
const WEAK_CAPITALISED_RE = new RegExp(`${firstCharacters(WEAK_CAPITALISED)}(?<=[a-z0-9,;:)]\\s+|[(/]\\s*)(${WEAK_CAPITALISED.map(escapeRegExp).join('|')})(?![A-Za-z0-9])`, 'g');

/**
 * Technologies mentioned in free text. Weak spellings (`go`, `spring`,
 * `rest`) only count capitalised mid-sentence; two-letter ones never.
 */
export function matchTechInProse(text: string): TechTerm[] {
  return scanProseForTech(text).terms;
}

/**
 * One pass of the lexicon over a text: the technologies it mentions (as
 * {@link matchTechInProse}) and its multi-word spellings (as {@link proseSpellings}).
 */
export function scanProseForTech(text: string): { terms: TechTerm[]; spellings: string[] } {
  const found = new Map<string, TechTerm>();
  const spellings = new Set<string>();
  // exec loops on the shared global regexes (reset first): matchAll would clone these very large regexes on every call.
  STRONG_RE.lastIndex = 0;
  for (let match = STRONG_RE.exec(text); match !== null; match = STRONG_RE.exec(text)) {
    const written = (match[1] ?? '').toLowerCase();
    const key = written.replace(/[\s_-]+/g, ' ');
    const spelling = BY_TEXT.get(key) ?? BY_TEXT.get(written);
    if (spelling) found.set(spelling.term.id, spelling.term);
    if (key.includes(' ') && BY_TEXT.has(key)) spellings.add(key);
  }
  WEAK_CAPITALISED_RE.lastIndex = 0;
  for (let match = WEAK_CAPITALISED_RE.exec(text); match !== null; match = WEAK_CAPITALISED_RE.exec(text)) {
    const spelling = BY_TEXT.get((match[1] ?? '').toLowerCase());
    if (spelling) found.set(spelling.term.id, spelling.term);
  }
  return { terms: [...found.values()], spellings: [...spellings].sort(compareStrings) };
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
  return scanProseForTech(text).spellings;
}
