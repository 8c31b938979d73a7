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

export interface SemanticMatch {
  /** Index of the agent in the document list. */
  doc: number;
  /** Normalised score in [0, 1). */
  score: number;
  /** Query terms that matched, best contributions first. */
  terms: { term: string; contribution: number }[];
}

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

  constructor(
    documents: readonly SemanticDocument[],
    fields: Readonly<Record<string, FieldSpec>>,
    private readonly tokenizer: Tokenizer,
    private readonly options: SemanticIndexOptions,
  ) {
    this.size = documents.length;
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
      const entries = [...perDoc.entries()].sort((a, b) => a[0] - b[0]);
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

  /** Normalised matches (score > 0), unsorted; `extraUnits` come from file paths. */
  search(units: readonly QueryUnit[]): Map<number, SemanticMatch> {
    const results = new Map<number, SemanticMatch>();
    let bound = 0;
    const seenUnits = new Set<string>();
    for (const unit of units) {
      const key = unit.map((f) => `${f.term}:${f.weight}`).join('|');
      if (seenUnits.has(key)) continue; // a repeated word counts once
      seenUnits.add(key);
      let unitBound = 0;
      for (const form of unit) {
        const idf = this.idf.get(form.term);
        if (idf !== undefined) unitBound = Math.max(unitBound, form.weight * idf);
      }
      if (unitBound === 0) unitBound = this.options.unknownWordWeight * this.maxIdf * (unit[0]?.weight ?? 1);
      bound += unitBound;
      // Best form per document for this unit.
      const best = new Map<number, { term: string; value: number }>();
      for (const form of unit) {
        const posting = this.postings.get(form.term);
        if (!posting) continue;
        for (let k = 0; k < posting.docs.length; k += 1) {
          const doc = posting.docs[k] as number;
          const value = form.weight * (posting.values[k] as number);
          const current = best.get(doc);
          if (!current || value > current.value) best.set(doc, { term: form.term, value });
        }
      }
      for (const [doc, { term, value }] of best) {
        let match = results.get(doc);
        if (!match) {
          match = { doc, score: 0, terms: [] };
          results.set(doc, match);
        }
        match.score += value;
        const existing = match.terms.find((t) => t.term === term);
        if (existing) existing.contribution += value;
        else match.terms.push({ term, contribution: value });
      }
    }
    if (bound <= 0) return new Map();
    for (const match of results.values()) {
      match.score /= bound;
      for (const t of match.terms) t.contribution /= bound;
      match.terms.sort((a, b) => b.contribution - a.contribution || (a.term < b.term ? -1 : 1));
    }
    return results;
  }
}
