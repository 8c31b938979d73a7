import type { QueryUnit, TextKind, Tokenizer } from './tokenizer.js';

/**
 * BM25F over agent documents with weighted fields. Per term the field
 * frequencies are length-normalised per field, weighted and summed before the
 * saturation (BM25F), then multiplied by the term's IDF. Postings store the
 * final per-(term, agent) value, so a query costs one pass over the postings
 * of its terms.
 *
 * The score is also normalised into [0, 1): the sum over query units of the
 * best matching form, divided by the best possible sum for that query (each
 * unit's IDF; words no agent uses count at a reduced IDF). This "coverage" is
 * comparable across queries and is what the abstention threshold reads.
 */
export interface FieldSpec {
  weight: number;
  /** Length normalisation (0 = none, 1 = full). */
  b: number;
  kind: TextKind;
}

export interface SemanticDocument {
  id: string;
  fields: Record<string, string[]>;
}

export interface SemanticScores {
  docs: Int32Array;
  scores: Float64Array;
  /** The query's best possible raw score (the normaliser). */
  bound: number;
}

/**
 * Champion lists: each term keeps only its highest-impact postings (ties by
 * document order), so a common word costs a bounded amount however large the
 * fleet grows. Fleets up to this size are indexed exactly.
 */
export const MAX_POSTINGS_PER_TERM = 64;

/** Identity keys of query units (a pure function of the unit's content; entries go when the unit does). */
const UNIT_KEYS = new WeakMap<QueryUnit, string>();

export interface SemanticIndexOptions {
  k1: number;
  /** Weight of a query word no agent uses, relative to the rarest known word. */
  unknownWordWeight: number;
}

export class SemanticIndex {
  private readonly postings = new Map<string, { docs: Int32Array; values: Float64Array }>();
  private readonly idf = new Map<string, number>();
  /** IDF of a term no document contains (the largest possible). */
  readonly maxIdf: number;
  readonly size: number;
  private readonly total: Float64Array;
  private readonly unitBest: Float64Array;
  private readonly unitTouched: Int32Array;
  private readonly touched: Int32Array;
  private readonly outDocs: Int32Array;
  private readonly outScores: Float64Array;

  constructor(
    documents: readonly SemanticDocument[],
    fields: Readonly<Record<string, FieldSpec>>,
    private readonly tokenizer: Tokenizer,
    private readonly options: SemanticIndexOptions,
  ) {
    this.size = documents.length;
    this.total = new Float64Array(documents.length);
    this.unitBest = new Float64Array(documents.length);
    this.unitTouched = new Int32Array(documents.length);
    this.touched = new Int32Array(documents.length);
    this.outDocs = new Int32Array(documents.length);
    this.outScores = new Float64Array(documents.length);
    const fieldNames = Object.keys(fields).sort();
    const termFreqs: Map<string, number>[][] = [];
    const lengths: number[][] = [];
    for (const doc of documents) {
      const perField: Map<string, number>[] = [];
      const lens: number[] = [];
      for (const name of fieldNames) {
        const spec = fields[name] as FieldSpec;
        const freq = new Map<string, number>();
        let len = 0;
        for (const text of doc.fields[name] ?? []) {
          for (const term of tokenizer.documentTerms(text, spec.kind)) {
            freq.set(term, (freq.get(term) ?? 0) + 1);
            len += 1;
          }
        }
        perField.push(freq);
        lens.push(len);
      }
      termFreqs.push(perField);
      lengths.push(lens);
    }
    const avg = fieldNames.map((_, f) => Math.max(1, lengths.reduce((sum, lens) => sum + (lens[f] as number), 0) / Math.max(1, documents.length)));

    const pseudo = new Map<string, Map<number, number>>();
    termFreqs.forEach((perField, docIndex) => {
      perField.forEach((freq, f) => {
        const spec = fields[fieldNames[f] as string] as FieldSpec;
        const norm = 1 - spec.b + (spec.b * (lengths[docIndex]?.[f] as number)) / (avg[f] as number);
        for (const [term, tf] of freq) {
          let perDoc = pseudo.get(term);
          if (!perDoc) {
            perDoc = new Map();
            pseudo.set(term, perDoc);
          }
          perDoc.set(docIndex, (perDoc.get(docIndex) ?? 0) + (spec.weight * tf) / norm);
        }
      });
    });
    const n = documents.length;
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    for (const term of [...pseudo.keys()].sort()) {
      const perDoc = pseudo.get(term) as Map<number, number>;
      const df = perDoc.size;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      this.idf.set(term, idf);
      const entries = [...perDoc.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_POSTINGS_PER_TERM);
      const docs = new Int32Array(entries.length);
      const values = new Float64Array(entries.length);
      entries.forEach(([docIndex, tf], k) => {
        docs[k] = docIndex;
        values[k] = idf * (tf / (options.k1 + tf));
      });
      this.postings.set(term, { docs, values });
    }
  }

  /** IDF of a term (0 when no document contains it). */
  idfOf(term: string): number {
    return this.idf.get(term) ?? 0;
  }

  /** True when some agent document contains the term. */
  hasTerm(term: string): boolean {
    return this.idf.has(term);
  }

  /**
   * Scores every agent the query touches (`distinct`: see distinctUnits). Returns views into reusable
   * buffers (valid until the next call): `docs[i]` has normalised score
   * `scores[i]` in [0, 1). Cost: the postings of the query's terms, each at
   * most {@link MAX_POSTINGS_PER_TERM} long (champion lists).
   */
  search(distinct: readonly QueryUnit[]): SemanticScores {
    let bound = 0;
    let touchedCount = 0;
    for (const unit of distinct) {
      let unitBound = 0;
      for (const form of unit) {
        const idf = this.idf.get(form.term);
        if (idf !== undefined) unitBound = Math.max(unitBound, form.weight * idf);
      }
      if (unitBound === 0) unitBound = this.options.unknownWordWeight * this.maxIdf * (unit[0]?.weight ?? 1);
      bound += unitBound;
      // Best form per document for this unit.
      let unitCount = 0;
      for (const form of unit) {
        const posting = this.postings.get(form.term);
        if (!posting) continue;
        for (let k = 0; k < posting.docs.length; k += 1) {
          const doc = posting.docs[k] as number;
          const value = form.weight * (posting.values[k] as number);
          const current = this.unitBest[doc] as number;
          if (current === 0) this.unitTouched[unitCount++] = doc;
          if (value > current) this.unitBest[doc] = value;
        }
      }
      for (let i = 0; i < unitCount; i += 1) {
        const doc = this.unitTouched[i] as number;
        if (this.total[doc] === 0) this.touched[touchedCount++] = doc;
        this.total[doc] = (this.total[doc] as number) + (this.unitBest[doc] as number);
        this.unitBest[doc] = 0;
      }
    }
    const docs = this.outDocs.subarray(0, touchedCount);
    const scores = this.outScores.subarray(0, touchedCount);
    for (let i = 0; i < touchedCount; i += 1) {
      const doc = this.touched[i] as number;
      docs[i] = doc;
      scores[i] = bound > 0 ? (this.total[doc] as number) / bound : 0;
      this.total[doc] = 0;
    }
    return { docs, scores, bound };
  }

  /** Which query terms made up a document's score (same arithmetic as search), best first. */
  explain(distinct: readonly QueryUnit[], doc: number, bound: number): { term: string; contribution: number }[] {
    const terms = new Map<string, number>();
    for (const unit of distinct) {
      let best: { term: string; value: number } | undefined;
      for (const form of unit) {
        const posting = this.postings.get(form.term);
        if (!posting) continue;
        const k = posting.docs.indexOf(doc);
        if (k < 0) continue;
        const value = form.weight * (posting.values[k] as number);
        if (!best || value > best.value) best = { term: form.term, value };
      }
      if (best) terms.set(best.term, (terms.get(best.term) ?? 0) + best.value / bound);
    }
    return [...terms.entries()].map(([term, contribution]) => ({ term, contribution })).sort((a, b) => b.contribution - a.contribution || (a.term < b.term ? -1 : 1));
  }

  /** A repeated word counts once: pass the result to search and explain. */
  static distinctUnits(units: readonly QueryUnit[]): QueryUnit[] {
    const seen = new Set<string>();
    const out: QueryUnit[] = [];
    for (const unit of units) {
      // Units of the same word are identical; the first form and the size identify them. Keys of memoised units are memoised too.
      let key = UNIT_KEYS.get(unit);
      if (key === undefined) {
        key = `${unit[0]?.term ?? ''}:${unit[0]?.weight ?? 0}:${unit.length}:${unit[unit.length - 1]?.term ?? ''}`;
        UNIT_KEYS.set(unit, key);
      }
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(unit);
    }
    return out;
  }
}
