import { RE2JS } from 're2js';
import type { AgentExample, Priority } from '../schema.js';
import { compareStrings } from '../../util/compare-strings.js';
import type { TechTerm } from '../tech-lexicon.js';
import { GENERIC_HEADING_WORDS, GENERIC_WORDS, LEADING_VERBS, NAME_NOISE, NOUN_SUFFIX, ROLE_ACTIVITY, STOP_WORDS, TRAILING_VERBS, isContentWord, isDistinctiveWord } from './keyword-vocabulary.js';
import { isTechSpelling, matchTechInNames, matchTechInProse, scanProseForTech } from './match-tech-terms.js';

export interface TriggerInputs {
  id: string;
  name: string;
  /** Description prose (examples removed). */
  description: string;
  examples: readonly AgentExample[];
  headings: readonly string[];
  /** Keywords listed in the source (`triggers.keywords`, "Triggers on: 'x', 'y'"). */
  explicitKeywords: readonly string[];
  explicitFilePatterns: readonly string[];
  /** Task patterns from the source (`create * endpoint`). */
  explicitTaskPatterns: readonly string[];
  /** Declared languages/frameworks/domains/capabilities. */
  declared: readonly string[];
  /** Folder-derived prefixes that may be repeated at the start of the id (domain, domain-subdomain). */
  idPrefixes?: readonly string[];
}

export interface DerivedTriggers {
  keywords: string[];
  regex: { pattern: string; priority: Priority }[];
  file_patterns: string[];
  languages: string[];
  frameworks: string[];
  technologies: string[];
  /** Keywords that came only from description or heading prose (candidates for the fleet-wide boilerplate filter). */
  proseKeywords: string[];
  warnings: string[];
}

export const MAX_KEYWORDS = 24;
export const MAX_FILE_PATTERNS = 24;
const MAX_DESCRIPTION_PHRASES = 8;
const MAX_HEADING_PHRASES = 4;
const MAX_GLOB_TERMS = 6;

/** Lower-case words of a text, keeping tech punctuation (`c#`, `node.js`, `ci/cd`). */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[`*_"“”‘’()[\]{}<>|!?;:,]/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^[.'/-]+|[.'/-]+$/g, ''))
    .filter((word) => word.length > 0);
}

function nameTokens(id: string): string[] {
  return id.split(/[-_.]+/).filter((token) => token.length > 0 && !NAME_NOISE.has(token) && !/^\d+$/.test(token));
}

/** Drops a folder prefix repeated in the id (`backend-development-backend-architect` in `backend-development/`). */
export function coreName(id: string, prefixes: readonly string[]): string {
  for (const prefix of prefixes) {
    const rest = prefix && id.startsWith(`${prefix}-`) ? id.slice(prefix.length + 1) : '';
    const tokens = rest.split(/[-_.]+/).filter(Boolean);
    if (tokens.length >= 2 || (tokens.length === 1 && isDistinctiveWord(tokens[0] ?? '') && !NAME_NOISE.has(tokens[0] ?? ''))) return rest;
  }
  return id;
}

/** Phrases from an agent's id: `code-reviewer` → "code reviewer", "code review". */
function namePhrases(id: string): string[] {
  const tokens = nameTokens(id);
  if (tokens.length === 0) return [];
  const phrases: string[] = [];
  if (tokens.length > 1 || (tokens[0] ?? '').length >= 3) phrases.push(tokens.join(' '));
  const last = tokens[tokens.length - 1] ?? '';
  const activity = ROLE_ACTIVITY[last];
  if (activity && (tokens.length > 1 || !GENERIC_WORDS.has(activity))) phrases.push([...tokens.slice(0, -1), activity].join(' '));
  const subject = tokens.filter((token) => !ROLE_ACTIVITY[token]);
  if (subject.length > 0 && subject.length < tokens.length && subject.some(isDistinctiveWord)) phrases.push(subject.join(' '));
  return phrases.filter((phrase) => phrase.includes(' ') || tokens.length === 1 || isDistinctiveWord(phrase));
}

/**
 * RAKE-style candidate phrases: runs of content words between stop words and
 * punctuation, trimmed of generic words at both ends.
 */
export function candidatePhrases(text: string, maxWords = 3, allowSingleWords = false): string[] {
  const result: string[] = [];
  for (const chunk of text.toLowerCase().split(/[,;:!?()[\]{}"“”<>|\n]+|\.(?=\s|$)|\s[-–—]\s/)) {
    let run: string[] = [];
    const flush = (): void => {
      let start = 0;
      let end = run.length;
      while (start < end && (GENERIC_WORDS.has(run[start] ?? '') || LEADING_VERBS.has(run[start] ?? ''))) start += 1;
      while (end > start && (GENERIC_WORDS.has(run[end - 1] ?? '') || TRAILING_VERBS.has(run[end - 1] ?? ''))) end -= 1;
      const core = run.slice(start, end);
      if (core.length > 0 && core.length <= maxWords && core.some(isDistinctiveWord) && !core.every(isTechSpelling)) {
        const phrase = core.join(' ');
        if (core.length > 1 || (allowSingleWords && isStrongSingleWord(phrase))) result.push(phrase);
      }
      run = [];
    };
    for (const raw of chunk.split(/[\s/]+/)) {
      const word = raw.replace(/^[^a-z0-9#+.]+|[^a-z0-9#+]+$/g, '');
      if (!word || !isContentWord(word) || !/^[a-z0-9][a-z0-9#+./-]*$/.test(word)) flush();
      else run.push(word);
    }
    flush();
  }
  return result;
}

/** A lone word is a keyword only if long and specific (not a verb form or adverb). */
function isStrongSingleWord(word: string): boolean {
  return word.length >= 6 && !/\d/.test(word) && NOUN_SUFFIX.test(word) && !GENERIC_WORDS.has(word);
}

/** "Triggers on: 'GDPR', 'CCPA', 'privacy compliance'" → the quoted phrases. */
export function triggerPhrasesInDescription(description: string): string[] {
  const match = /\b(?:triggers? on|trigger phrases?|keywords?)\s*:\s*([\s\S]*)$/i.exec(description);
  if (!match) return [];
  const quoted = [...(match[1] ?? '').matchAll(/['"“‘]([^'"”’]{2,60})['"”’]/g)].map((quote) => (quote[1] ?? '').trim());
  return quoted.length > 0 ? quoted : [];
}

function headingPhrase(heading: string): string | undefined {
  const list = words(heading.replace(/^[\d.\s]+/, '')).filter((word) => /[a-z]/.test(word));
  if (list.length === 0 || list.length > 4) return undefined;
  if (list.some((word) => GENERIC_HEADING_WORDS.has(word))) return undefined;
  const [phrase] = candidatePhrases(list.join(' '), 3);
  return phrase;
}

function normalizeKeyword(keyword: string): string {
  return keyword.toLowerCase().replace(/\s+/g, ' ').trim();
}

function keywordForTerm(term: TechTerm): string {
  return term.id.includes('-') && term.id !== 'objective-c' ? term.id.replace(/-/g, ' ') : term.id;
}

function escapeRe2(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/#-]/g, '\\$&');
}

/** `create * endpoint` → `(?i)\bcreate\b.*\bendpoint\b`. */
export function taskPatternToRegex(pattern: string): string | undefined {
  const parts = pattern
    .trim()
    .split('*')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => part.split(/\s+/).map(escapeRe2).join('\\s+'));
  if (parts.length === 0) return undefined;
  return `(?i)\\b${parts.join('\\b.*\\b')}\\b`;
}

/** Regex for a multi-word name: `code-reviewer` → `(?i)\bcode[\s_-]+review\w*\b`. */
function nameRegex(id: string): string | undefined {
  const tokens = nameTokens(id).filter((token) => /^[a-z0-9]+$/.test(token));
  if (tokens.length < 2 || !tokens.some(isDistinctiveWord)) return undefined;
  const last = tokens[tokens.length - 1] ?? '';
  const stem = ROLE_ACTIVITY[last] !== undefined ? commonStem(last, ROLE_ACTIVITY[last] ?? last) : last.replace(/s$/, '');
  const head = tokens.slice(0, -1).map(escapeRe2);
  return `(?i)\\b${[...head, `${escapeRe2(stem)}\\w*`].join('[\\s_-]+')}\\b`;
}

function commonStem(a: string, b: string): string {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index += 1;
  return index >= 4 ? a.slice(0, index) : a;
}

export function isRe2Compatible(pattern: string): boolean {
  try {
    RE2JS.compile(pattern);
    return true;
  } catch {
    return false;
  }
}

function pushUnique(list: string[], value: string, limit: number): void {
  if (!value || list.length >= limit || list.includes(value)) return;
  list.push(value);
}

/**
 * Keywords, regexes and file patterns for one agent, deterministic in its
 * inputs. Precedence: explicit source triggers, then the name, technologies
 * (name, declared, description, examples, headings), description phrases,
 * heading phrases.
 */
export function deriveTriggers(input: TriggerInputs): DerivedTriggers {
  const warnings: string[] = [];
  const keywords: string[] = [];

  const explicit = [...input.explicitKeywords, ...triggerPhrasesInDescription(input.description)].map(normalizeKeyword);
  for (const keyword of explicit) pushUnique(keywords, keyword, MAX_KEYWORDS);
  const shortId = coreName(input.id, input.idPrefixes ?? []);
  for (const phrase of namePhrases(shortId)) pushUnique(keywords, phrase, MAX_KEYWORDS);

  const exampleText = input.examples.map((example) => `${example.context ?? ''}. ${example.user}`).join('. ');
  const nameTerms = matchTechInNames([shortId, input.name === input.id ? shortId : input.name, ...input.declared, ...(input.idPrefixes ?? [])]);
  const prose = scanProseForTech(`${input.description}\n${exampleText}`);
  const proseTerms = prose.terms;
  const headingTerms = matchTechInProse(input.headings.join('\n'));
  const terms = new Map<string, TechTerm>();
  for (const term of [...nameTerms, ...proseTerms, ...headingTerms]) if (!terms.has(term.id)) terms.set(term.id, term);
  for (const term of terms.values()) pushUnique(keywords, keywordForTerm(term), MAX_KEYWORDS);
  for (const spelling of prose.spellings) pushUnique(keywords, spelling, MAX_KEYWORDS);

  const fromNamesAndTech = new Set(keywords);
  const descriptionPhrases = candidatePhrases(input.description, 3, true).filter((phrase) => phrase.includes(' ') || !STOP_WORDS.has(phrase));
  let taken = 0;
  for (const phrase of descriptionPhrases) {
    if (taken >= MAX_DESCRIPTION_PHRASES) break;
    if (!keywords.includes(phrase)) {
      pushUnique(keywords, phrase, MAX_KEYWORDS);
      taken += 1;
    }
  }
  let headingTaken = 0;
  for (const heading of input.headings) {
    if (headingTaken >= MAX_HEADING_PHRASES) break;
    const phrase = headingPhrase(heading);
    if (!phrase) continue;
    if (!keywords.includes(phrase)) {
      pushUnique(keywords, phrase, MAX_KEYWORDS);
      headingTaken += 1;
    }
  }

  const regex: { pattern: string; priority: Priority }[] = [];
  const addRegex = (pattern: string | undefined, priority: Priority, origin: string, trusted = false): void => {
    if (!pattern || regex.some((entry) => entry.pattern === pattern)) return;
    // Name regexes are built from [a-z0-9] tokens only; everything else is compiled once with RE2 to be sure.
    if (!trusted && !isRe2Compatible(pattern)) {
      warnings.push(`dropped ${origin} regex ${JSON.stringify(pattern)}: not RE2-compatible`);
      return;
    }
    regex.push({ pattern, priority });
  };
  for (const pattern of input.explicitTaskPatterns) addRegex(taskPatternToRegex(pattern), 'high', 'task pattern');
  addRegex(nameRegex(shortId), 'medium', 'name', true);

  const filePatterns: string[] = [];
  for (const glob of input.explicitFilePatterns) pushUnique(filePatterns, glob.trim(), MAX_FILE_PATTERNS);
  const globTerms = [...nameTerms, ...proseTerms].filter((term, index, all) => all.findIndex((other) => other.id === term.id) === index).slice(0, MAX_GLOB_TERMS);
  for (const term of globTerms) for (const glob of term.globs) pushUnique(filePatterns, glob, MAX_FILE_PATTERNS);

  const allTerms = [...terms.values()];
  return {
    keywords: [...keywords].filter((keyword) => keyword.length > 0).sort(),
    regex: regex.sort((a, b) => compareStrings(a.pattern, b.pattern)),
    file_patterns: [...filePatterns].sort(),
    languages: allTerms.filter((term) => term.kind === 'language').map((term) => term.id).sort(),
    frameworks: allTerms.filter((term) => term.kind === 'framework').map((term) => term.id).sort(),
    technologies: allTerms.filter((term) => term.kind !== 'language' && term.kind !== 'framework').map((term) => term.id).sort(),
    proseKeywords: keywords.filter((keyword) => !fromNamesAndTech.has(keyword)).sort(),
    warnings,
  };
}
