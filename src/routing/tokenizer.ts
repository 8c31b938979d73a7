import { AhoCorasick } from './aho-corasick.js';
import { CONCEPT_GROUPS } from './concept-lexicon.js';
import { GlobStage } from './glob-stage.js';
import { stem } from './stemmer.js';
import { STOPWORDS } from './stopwords.js';
import { findWordRun, foldText } from './text-normalize.js';
import { TECH_LEXICON, type TechTerm } from '../agents/tech-lexicon.js';

/**
 * Turns text into index terms for the semantic stage. Technology spellings
 * from the shared lexicon (`k8s`, `c++`, `spring boot`, `node.js`) are found
 * first with one Aho–Corasick pass and replaced by their canonical id; the
 * rest is split into words (Unicode letters/digits), stop words dropped,
 * stemmed. Hyphenated compounds index both parts and the joined word.
 * "Weak" lexicon spellings (`go`, `rest`, `swift`) only count in names and
 * explicit lists, never in prose.
 */
export interface QueryForm {
  term: string;
  weight: number;
}
/** One query word with its alternatives (itself, its concept neighbours). */
export type QueryUnit = readonly QueryForm[];

export type TextKind = 'prose' | 'names';

/** A technology spelling found in folded text: [start, end) and the technology's id. */
export interface TechSpan {
  start: number;
  end: number;
  id: string;
}

/**
 * Index term of a technology: its canonical id marked so it never collides
 * with an ordinary word (the weak spelling `spring` in "a trip in spring" is
 * the word, not `#spring` the framework).
 */
export function techTerm(id: string): string {
  return `#${id}`;
}

const CONCEPT_WEIGHT = 0.5;
/** Compounds with more parts, or a longer joined word, get no joined form (see runUnits). */
const MAX_JOINED_PARTS = 8;
const MAX_JOINED_LENGTH = 64;
/** Folded text that is one ASCII word (letters and digits only). */
const PLAIN_WORD = /^[a-z0-9]+$/;
/** Folded text that is one ASCII compound word (parts joined by `-` or `_`). */
const PLAIN_COMPOUND = /^[a-z0-9]+(?:[-_][a-z0-9]+)+$/;
const NO_TERMS: readonly string[] = Object.freeze([]);
/** Memo tables are dropped when they reach this size (results never depend on them). */
const MAX_CACHE_ENTRIES = 100_000;

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
  cache.set(key, value);
}

interface Spelling {
  term: TechTerm;
}

export class Tokenizer {
  private readonly proseSpellings: AhoCorasick;
  /** Prose spelling texts by spelling id (whole-word patterns), for a router's shared scan (see proseSpan). */
  readonly proseSpellingTexts: readonly string[];
  /** Prose spellings by their folded text: a plain word is a technology only if it is one of these whole. */
  private readonly proseWords = new Map<string, string>();
  /** Prose spellings that are themselves ASCII compounds (`ci-cd`): the only ones that can span a compound's parts. */
  private readonly joinedSpellings: string[] = [];
  private readonly proseOwners: Spelling[] = [];
  private readonly nameSpellings: AhoCorasick;
  private readonly nameOwners: Spelling[] = [];
  private readonly concepts = new Map<string, string[]>();
  private readonly termCache = new Map<string, readonly string[]>();
  private readonly weakSpellings = new Set<string>();
  private readonly techUnits = new Map<string, readonly string[]>();
  private readonly fileGlobs: GlobStage;
  /** Each owner of the lexicon's glob stage (`glob\0technology`, see ownerKey): its term and credit. */
  private readonly globOwners = new Map<string, { term: string; credit: number }>();

  constructor(lexicon: readonly TechTerm[] = TECH_LEXICON) {
    const prose: { text: string; wholeWord: boolean }[] = [];
    const names: { text: string; wholeWord: boolean }[] = [];
    const seenProse = new Set<string>();
    const seenNames = new Set<string>();
    for (const term of lexicon) {
      const weak = new Set((term.weak ?? []).map((s) => foldText(s)));
      for (const w of weak) this.weakSpellings.add(w);
      for (const spelling of [term.id, ...term.aliases]) {
        const folded = foldText(spelling);
        if (!folded) continue;
        if (!seenNames.has(folded)) {
          seenNames.add(folded);
          names.push({ text: folded, wholeWord: true });
          this.nameOwners.push({ term });
        }
        if (!weak.has(folded) && !seenProse.has(folded)) {
          seenProse.add(folded);
          this.proseWords.set(folded, term.id);
          if (PLAIN_COMPOUND.test(folded)) this.joinedSpellings.push(folded);
          prose.push({ text: folded, wholeWord: true });
          this.proseOwners.push({ term });
        }
      }
    }
    this.proseSpellings = new AhoCorasick(prose);
    this.proseSpellingTexts = prose.map((pattern) => pattern.text);
    this.nameSpellings = new AhoCorasick(names);

    for (const group of CONCEPT_GROUPS) {
      const stems = [...new Set(group.flatMap((word) => this.documentTerms(word, 'prose')))];
      for (const s of stems) {
        const list = this.concepts.get(s) ?? [];
        for (const other of stems) if (other !== s && !list.includes(other)) list.push(other);
        this.concepts.set(s, list);
      }
    }

    // Credit of a technology per lexicon glob: 1 for a language or a glob only one technology uses, else shared.
    const owners = lexiconGlobOwners(lexicon);
    for (const [glob, terms] of owners) {
      for (const term of terms) this.globOwners.set(ownerKey(glob, term), { term: techTerm(term.id), credit: term.kind === 'language' || terms.length === 1 ? 1 : 1 / terms.length });
    }
    // Case-insensitive matching of lexicon globs: test lowercased paths against lowercased globs.
    // The lexicon's globs are ours and tested to compile (lexicon.test.ts): each is compiled when a path first needs it.
    this.fileGlobs = new GlobStage(globRulesOf(owners), { checked: true });
  }

  /** True for lexicon spellings that are also ordinary words (`go`, `spring`, `rest`): ambiguous in free text. */
  isWeakSpelling(text: string): boolean {
    return this.weakSpellings.has(foldText(text).trim());
  }

  /** Terms of a document field (flattened, with repetitions for term frequency). */
  documentTerms(text: string, kind: TextKind): string[] {
    // A plain lowercase ASCII word (a concept word, most keywords) can only be a prose spelling whole: no scan.
    if (kind === 'prose' && PLAIN_WORD.test(text)) {
      const tech = this.proseWords.get(text);
      return tech === undefined ? [...this.plainTerms(text)] : [techTerm(tech)];
    }
    const out: string[] = [];
    for (const unit of this.units(text, kind)) for (const term of unit) out.push(term);
    return out;
  }

  /**
   * Query units: every word with its alternatives (concept neighbours at
   * lower weight). `isFolded`: the text already went through foldText.
   */
  queryUnits(text: string, isFolded = false): QueryUnit[] {
    // Not memoised here: the router caches the planned units per word, which is what repeats.
    // A plain ASCII word (most words) can only be a technology spelling whole: one map lookup instead of a scan.
    if (isFolded && PLAIN_WORD.test(text)) {
      const tech = this.proseWords.get(text);
      const terms = tech === undefined ? this.plainTerms(text) : [techTerm(tech)];
      return terms.length === 0 ? [] : [this.expand(terms)];
    }
    // Likewise an ASCII compound (`api-v2`, `snake_case`) holds a spelling only as a whole part or as a joined spelling (`ci-cd`).
    if (isFolded && PLAIN_COMPOUND.test(text) && !text.split(/[-_]/).some((part) => this.proseWords.has(part)) && !this.joinedSpellings.some((spelling) => text.includes(spelling))) {
      const units: (readonly string[])[] = [];
      this.runUnits(text, units);
      return units.map((unit) => this.expand(unit));
    }
    return this.units(text, 'prose', isFolded).map((unit) => this.expand(unit));
  }

  /** A unit's forms: its own terms at full weight, then their concept neighbours. */
  private expand(unit: readonly string[]): QueryUnit {
    // One term with no concept group (most words): its only form.
    if (unit.length === 1 && !this.concepts.has(unit[0] as string)) return Object.freeze([Object.freeze({ term: unit[0] as string, weight: 1 })]);
    // No term with a concept group (a compound's part and its joined form): its own terms, once each.
    if (!unit.some((term) => this.concepts.has(term))) {
      const own: QueryForm[] = [];
      for (const term of unit) if (!own.some((form) => form.term === term)) own.push(Object.freeze({ term, weight: 1 }));
      return Object.freeze(own);
    }
    const forms = new Map<string, number>();
    for (const term of unit) forms.set(term, 1);
    for (const term of unit) {
      for (const neighbour of this.concepts.get(term) ?? []) if (!forms.has(neighbour)) forms.set(neighbour, CONCEPT_WEIGHT);
    }
    return Object.freeze([...forms.entries()].map(([term, weight]) => Object.freeze({ term, weight })));
  }


  /** Technology terms (see techTerm) indicated by file paths via the lexicon's globs, with a credit in (0, 1]. */
  fileTechnologies(files: readonly string[]): Map<string, number> {
    const found = new Map<string, number>();
    for (const hit of this.fileGlobs.match(files.map((f) => f.toLowerCase()))) {
      for (const owner of hit.agents) {
        const { term, credit } = this.globOwners.get(owner) as { term: string; credit: number };
        found.set(term, Math.max(found.get(term) ?? 0, credit));
      }
    }
    return found;
  }

  /**
   * Technology spellings in folded prose (`node.js`, `c++`, `k8s`): leftmost-longest,
   * non-overlapping, in text order. The words between them are tokenised as words.
   */
  techSpans(folded: string, kind: TextKind = 'prose'): TechSpan[] {
    const automaton = kind === 'names' ? this.nameSpellings : this.proseSpellings;
    const owners = kind === 'names' ? this.nameOwners : this.proseOwners;
    const found: TechSpan[] = [];
    automaton.scan(folded, (patternId, start, end) => found.push({ start, end, id: (owners[patternId] as Spelling).term.id }));
    return selectSpans(found);
  }

  /** The span of prose spelling `spellingId` found at [start, end). */
  proseSpan(spellingId: number, start: number, end: number): TechSpan {
    return { start, end, id: (this.proseOwners[spellingId] as Spelling).term.id };
  }

  /** Each unit is the list of terms one source word (or tech spelling) produces. */
  private units(text: string, kind: TextKind, isFolded = false): (readonly string[])[] {
    const folded = isFolded ? text : foldText(text);
    const units: (readonly string[])[] = [];
    let cursor = 0;
    for (const span of this.techSpans(folded, kind)) {
      this.wordUnits(folded.slice(cursor, span.start), units);
      let tech = this.techUnits.get(span.id);
      if (!tech) {
        tech = Object.freeze([techTerm(span.id)]);
        this.techUnits.set(span.id, tech);
      }
      units.push(tech);
      cursor = span.end;
    }
    this.wordUnits(folded.slice(cursor), units);
    return units;
  }

  private wordUnits(segment: string, units: (readonly string[])[]): void {
    const run = { end: 0 };
    for (let start = findWordRun(segment, 0, segment.length, run); start >= 0; start = findWordRun(segment, run.end, segment.length, run)) {
      this.runUnits(segment.slice(start, run.end), units);
    }
  }

  /** Units of one word run: a plain word, or a compound whose parts each carry the joined word too. */
  private runUnits(word: string, units: (readonly string[])[]): void {
    if (!word.includes('-') && !word.includes('_')) {
      const terms = this.plainTerms(word);
      if (terms.length > 0) units.push(terms);
      return;
    }
    const parts = word.split(/[-_]/);
    // A joined form only for compounds of a few parts (`front-end`, `ci_cd`): a 6,000-part "word" would give
    // every part a 40 KB joined term, and nobody writes such a compound for its joined meaning.
    const joinedText = parts.join('');
    const joined = parts.length <= MAX_JOINED_PARTS && joinedText.length <= MAX_JOINED_LENGTH ? this.plainTerms(joinedText) : NO_TERMS;
    for (const part of parts) {
      const terms = this.plainTerms(part);
      if (terms.length > 0) units.push([...terms, ...joined.filter((j) => !terms.includes(j))]);
    }
  }

  /** Terms of one word (already folded when it comes from `units`); memoised, words repeat a lot. */
  private plainTerms(word: string): readonly string[] {
    const cached = this.termCache.get(word);
    if (cached) return cached;
    // Folding a lowercase ASCII word changes nothing: skip it for those (most words).
    const w = PLAIN_WORD.test(word) ? word : foldText(word);
    let terms: readonly string[];
    if ((w.length < 2 && !/\p{N}/u.test(w)) || STOPWORDS.has(w) || (/^\d+$/.test(w) && w.length > 4)) terms = NO_TERMS;
    else terms = Object.freeze([stem(w)]);
    remember(this.termCache, word, terms);
    return terms;
  }
}

/** Leftmost-longest, non-overlapping spans in text order, from every spelling match found. */
export function selectSpans(found: TechSpan[]): TechSpan[] {
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: TechSpan[] = [];
  let cursor = 0;
  for (const span of found) {
    if (span.start < cursor) continue;
    spans.push(span);
    cursor = span.end;
  }
  return spans;
}

/** Each lexicon glob with the technologies that claim it, in lexicon order. */
function lexiconGlobOwners(lexicon: readonly TechTerm[]): Map<string, TechTerm[]> {
  const owners = new Map<string, TechTerm[]>();
  for (const term of lexicon) for (const glob of term.globs) owners.set(glob, [...(owners.get(glob) ?? []), term]);
  return owners;
}

function ownerKey(glob: string, term: TechTerm): string {
  return `${glob}\u0000${term.id}`;
}

/** The glob stage's rules: each glob lowercased (paths are tested lowercased), with its owners. */
function globRulesOf(owners: ReadonlyMap<string, readonly TechTerm[]>): Map<string, string[]> {
  return new Map([...owners.entries()].map(([glob, terms]) => [glob.toLowerCase(), terms.map((term) => ownerKey(glob, term))]));
}

/** The lexicon's file globs, lowercased, each with its `glob\0technology` owners (what the tokenizer's glob stage holds). */
export function lexiconGlobRules(lexicon: readonly TechTerm[] = TECH_LEXICON): Map<string, string[]> {
  return globRulesOf(lexiconGlobOwners(lexicon));
}
