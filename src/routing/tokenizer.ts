import picomatch from 'picomatch';
import { AhoCorasick } from './aho-corasick.js';
import { CONCEPT_GROUPS } from './concept-lexicon.js';
import { stem } from './stemmer.js';
import { STOPWORDS } from './stopwords.js';
import { foldText } from './text-normalize.js';
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

/**
 * Index term of a technology: its canonical id marked so it never collides
 * with an ordinary word (the weak spelling `spring` in "a trip in spring" is
 * the word, not `#spring` the framework).
 */
export function techTerm(id: string): string {
  return `#${id}`;
}

const CONCEPT_WEIGHT = 0.5;
const WORD = /[\p{L}\p{N}\p{M}]+(?:[-_][\p{L}\p{N}\p{M}]+)*/gu;

interface Spelling {
  term: TechTerm;
}

export class Tokenizer {
  private readonly proseSpellings: AhoCorasick;
  private readonly proseOwners: Spelling[] = [];
  private readonly nameSpellings: AhoCorasick;
  private readonly nameOwners: Spelling[] = [];
  private readonly concepts = new Map<string, string[]>();
  private readonly fileGlobs: { test: (file: string) => boolean; terms: { id: string; credit: number }[] }[] = [];

  constructor(lexicon: readonly TechTerm[] = TECH_LEXICON) {
    const prose: { text: string; wholeWord: boolean }[] = [];
    const names: { text: string; wholeWord: boolean }[] = [];
    const seenProse = new Set<string>();
    const seenNames = new Set<string>();
    for (const term of lexicon) {
      const weak = new Set((term.weak ?? []).map((s) => foldText(s)));
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
          prose.push({ text: folded, wholeWord: true });
          this.proseOwners.push({ term });
        }
      }
    }
    this.proseSpellings = new AhoCorasick(prose);
    this.nameSpellings = new AhoCorasick(names);

    for (const group of CONCEPT_GROUPS) {
      const stems = [...new Set(group.flatMap((word) => this.documentTerms(word, 'prose')))];
      for (const s of stems) {
        const list = this.concepts.get(s) ?? [];
        for (const other of stems) if (other !== s && !list.includes(other)) list.push(other);
        this.concepts.set(s, list);
      }
    }

    const owners = new Map<string, TechTerm[]>();
    for (const term of lexicon) for (const glob of term.globs) owners.set(glob, [...(owners.get(glob) ?? []), term]);
    for (const [glob, terms] of [...owners.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      this.fileGlobs.push({
        test: picomatch(glob, { dot: true, nocase: true }),
        terms: terms.map((term) => ({ id: term.id, credit: term.kind === 'language' || terms.length === 1 ? 1 : 1 / terms.length })),
      });
    }
  }

  /** Terms of a document field (flattened, with repetitions for term frequency). */
  documentTerms(text: string, kind: TextKind): string[] {
    const out: string[] = [];
    for (const unit of this.units(text, kind)) for (const term of unit) out.push(term);
    return out;
  }

  /** Query units: every word with its alternatives (concept neighbours at lower weight). */
  queryUnits(text: string): QueryUnit[] {
    const units: QueryUnit[] = [];
    for (const unit of this.units(text, 'prose')) {
      const forms = new Map<string, number>();
      for (const term of unit) forms.set(term, 1);
      for (const term of unit) {
        for (const neighbour of this.concepts.get(term) ?? []) if (!forms.has(neighbour)) forms.set(neighbour, CONCEPT_WEIGHT);
      }
      units.push([...forms.entries()].map(([term, weight]) => ({ term, weight })));
    }
    return units;
  }

  /** Technology terms (see techTerm) indicated by file paths via the lexicon's globs, with a credit in (0, 1]. */
  fileTechnologies(files: readonly string[]): Map<string, number> {
    const found = new Map<string, number>();
    for (const file of files) {
      for (const glob of this.fileGlobs) {
        if (!glob.test(file)) continue;
        for (const { id, credit } of glob.terms) found.set(techTerm(id), Math.max(found.get(techTerm(id)) ?? 0, credit));
      }
    }
    return found;
  }

  /** Each unit is the list of terms one source word (or tech spelling) produces. */
  private units(text: string, kind: TextKind): string[][] {
    const folded = foldText(text);
    const automaton = kind === 'names' ? this.nameSpellings : this.proseSpellings;
    const owners = kind === 'names' ? this.nameOwners : this.proseOwners;
    const spans: { start: number; end: number; id: string }[] = [];
    automaton.scan(folded, (patternId, start, end) => spans.push({ start, end, id: (owners[patternId] as Spelling).term.id }));
    // Leftmost-longest, non-overlapping.
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    const units: string[][] = [];
    let cursor = 0;
    for (const span of spans) {
      if (span.start < cursor) continue;
      this.wordUnits(folded.slice(cursor, span.start), units);
      units.push([techTerm(span.id)]);
      cursor = span.end;
    }
    this.wordUnits(folded.slice(cursor), units);
    return units;
  }

  private wordUnits(segment: string, units: string[][]): void {
    for (const match of segment.matchAll(WORD)) {
      const raw = match[0];
      const parts = raw.split(/[-_]/).filter((p) => p.length > 0);
      if (parts.length === 1) {
        const terms = this.plainTerms(raw);
        if (terms.length > 0) units.push(terms);
        continue;
      }
      const joined = this.plainTerms(parts.join(''));
      for (const part of parts) {
        const terms = this.plainTerms(part);
        if (terms.length > 0) units.push([...terms, ...joined.filter((j) => !terms.includes(j))]);
      }
    }
  }

  private plainTerms(word: string): string[] {
    const w = foldText(word);
    if (w.length < 2 && !/\p{N}/u.test(w)) return [];
    if (STOPWORDS.has(w)) return [];
    if (/^\d+$/.test(w) && w.length > 4) return [];
    return [stem(w)];
  }
}
