import type { QueryForm, QueryUnit, TextKind, Tokenizer } from './tokenizer.js';

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

/** Shared by every plan of a word no agent uses (most new words): no buffer per word. */
const NO_DOCS = new Int32Array(0);
const NO_VALUES = new Float64Array(0);
const NO_FORMS = new Uint16Array(0);
/** bestForm of a plan whose values all come from form f (index f), long enough for any champion list. */
const SINGLE_FORM: readonly Uint16Array[] = Array.from({ length: 8 }, (_, f) => new Uint16Array(MAX_POSTINGS_PER_TERM).fill(f));

/** Same content, same key: a repeated word counts once per request (see search). */
function unitKey(forms: QueryUnit): string {
  if (forms.length === 1) return `${(forms[0] as QueryForm).term}:${(forms[0] as QueryForm).weight}`;
  let key = `${(forms[0] as QueryForm).term}:${(forms[0] as QueryForm).weight}`;
  for (let f = 1; f < forms.length; f += 1) key += `|${(forms[f] as QueryForm).term}:${(forms[f] as QueryForm).weight}`;
  return key;
}

/** One query unit, prepared for scoring (see SemanticIndex.plan). */
export interface UnitPlan {
  /** Content key: plans with the same key are the same word and count once per request. */
  readonly key: string;
  /** The unit's forms (term, weight), as scored. */
  readonly forms: QueryUnit;
  /** Agents the unit touches, with the best form's value for each (weight × BM25F). */
  readonly docs: Int32Array;
  readonly values: Float64Array;
  /** Per entry of `docs` (at least as long): the index in `forms` of the form that gave the value (first best). */
  readonly bestForm: Uint16Array;
  /** The unit's share of the query's best possible score. */
  readonly bound: number;
  /** A full-weight technology term some agent knows (`#kubernetes`): the request is a software task. */
  readonly technology: boolean;
}

export interface SemanticIndexOptions {
  k1: number;
  /** Weight of a query word no agent uses, relative to the rarest known word. */
  unknownWordWeight: number;
}

/**
 * What an index holds, as flat arrays (terms sorted; term t's champion list is
 * `docs`/`values` from `starts[t]` to `starts[t + 1]`): cheap to store and to
 * load again (see router-snapshot.ts).
 */
export interface SemanticIndexData {
  size: number;
  terms: string[];
  idf: Float64Array;
  starts: Int32Array;
  docs: Int32Array;
  values: Float64Array;
}

/** Computes an index's data: every document tokenised into its fields, BM25F per term, champion lists. */
export function buildSemanticIndexData(
  documents: readonly SemanticDocument[],
  fields: Readonly<Record<string, FieldSpec>>,
  tokenizer: Tokenizer,
  options: Pick<SemanticIndexOptions, 'k1'>,
): SemanticIndexData {
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
  const terms = [...pseudo.keys()].sort();
  const idf = new Float64Array(terms.length);
  const starts = new Int32Array(terms.length + 1);
  const lists = terms.map((term, t) => {
    const perDoc = pseudo.get(term) as Map<number, number>;
    const df = perDoc.size;
    idf[t] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const entries = [...perDoc.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_POSTINGS_PER_TERM);
    starts[t + 1] = (starts[t] as number) + entries.length;
    return entries;
  });
  const docs = new Int32Array(starts[terms.length] as number);
  const values = new Float64Array(docs.length);
  lists.forEach((entries, t) => {
    let k = starts[t] as number;
    for (const [docIndex, tf] of entries) {
      docs[k] = docIndex;
      values[k] = (idf[t] as number) * (tf / (options.k1 + tf));
      k += 1;
    }
  });
  return { size: n, terms, idf, starts, docs, values };
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
  private readonly unitForm: Int32Array;
  private readonly touched: Int32Array;
  private readonly outDocs: Int32Array;
  private readonly outScores: Float64Array;

  /** An index over `data` (from {@link buildSemanticIndexData}, or loaded back from a router snapshot). */
  constructor(
    data: SemanticIndexData,
    private readonly options: SemanticIndexOptions,
  ) {
    const n = data.size;
    this.size = n;
    this.total = new Float64Array(n);
    this.unitBest = new Float64Array(n);
    this.unitTouched = new Int32Array(n);
    this.unitForm = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.outDocs = new Int32Array(n);
    this.outScores = new Float64Array(n);
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    const { terms, idf, starts, docs, values } = data;
    for (let t = 0; t < terms.length; t += 1) {
      const term = terms[t] as string;
      this.idf.set(term, idf[t] as number);
      this.postings.set(term, { docs: docs.subarray(starts[t], starts[t + 1]), values: values.subarray(starts[t], starts[t + 1]) });
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
   * Everything the index will ever do with one query unit, done once: the
   * best form's value per agent (its merged postings) and the unit's share
   * of the normaliser. Routers cache plans per unit, so a route costs one
   * pass over the merged postings of its distinct words.
   */
  plan(forms: QueryUnit): UnitPlan {
    let bound = 0;
    let technology = false;
    /** The one form some agent uses (-1: none, -2: several). */
    let known = -1;
    for (let f = 0; f < forms.length; f += 1) {
      const form = forms[f] as QueryForm;
      const idf = this.idf.get(form.term);
      if (idf === undefined) continue;
      bound = Math.max(bound, form.weight * idf);
      if (form.weight >= 1 && form.term.startsWith('#')) technology = true;
      known = known === -1 ? f : -2;
    }
    if (bound === 0) bound = this.options.unknownWordWeight * this.maxIdf * (forms[0]?.weight ?? 1);
    // One known form at full weight (most words): its champion list is the plan as it is, nothing to merge or copy.
    if (known >= 0 && known < SINGLE_FORM.length && (forms[known] as QueryForm).weight === 1) {
      const posting = this.postings.get((forms[known] as QueryForm).term) as { docs: Int32Array; values: Float64Array };
      return { key: unitKey(forms), forms, docs: posting.docs, values: posting.values, bestForm: SINGLE_FORM[known] as Uint16Array, bound, technology };
    }
    let count = 0;
    for (let f = 0; f < forms.length; f += 1) {
      const posting = this.postings.get((forms[f] as QueryForm).term);
      if (!posting) continue;
      const weight = (forms[f] as QueryForm).weight;
      for (let k = 0; k < posting.docs.length; k += 1) {
        const doc = posting.docs[k] as number;
        const value = weight * (posting.values[k] as number);
        const current = this.unitBest[doc] as number;
        if (current === 0) this.unitTouched[count++] = doc;
        if (value > current) {
          this.unitBest[doc] = value;
          this.unitForm[doc] = f;
        }
      }
    }
    if (count === 0) return { key: unitKey(forms), forms, docs: NO_DOCS, values: NO_VALUES, bestForm: NO_FORMS, bound, technology };
    const docs = this.unitTouched.slice(0, count);
    const values = new Float64Array(count);
    const bestForm = new Uint16Array(count);
    for (let i = 0; i < count; i += 1) {
      const doc = docs[i] as number;
      values[i] = this.unitBest[doc] as number;
      bestForm[i] = this.unitForm[doc] as number;
      this.unitBest[doc] = 0;
    }
    return { key: unitKey(forms), forms, docs, values, bestForm, bound, technology };
  }

  /** False when the plan's arrays are the index's own champion list (shared, nothing copied for it). */
  ownsPostings(plan: UnitPlan): boolean {
    return plan.docs.length > 0 && this.postings.get((plan.forms[plan.bestForm[0] as number] as QueryForm).term)?.docs !== plan.docs;
  }

  /**
   * Scores every agent the planned units touch. Returns views into reusable
   * buffers (valid until the next call): `docs[i]` has normalised score
   * `scores[i]` in [0, 1). Pass distinct plans (one per key). Cost: the
   * merged postings, each built from champion lists of at most
   * {@link MAX_POSTINGS_PER_TERM} entries per term.
   */
  search(plans: readonly UnitPlan[]): SemanticScores {
    let bound = 0;
    let touchedCount = 0;
    const total = this.total;
    for (const plan of plans) {
      bound += plan.bound;
      const { docs, values } = plan;
      for (let k = 0; k < docs.length; k += 1) {
        const doc = docs[k] as number;
        const current = total[doc] as number;
        if (current === 0) this.touched[touchedCount++] = doc;
        total[doc] = current + (values[k] as number);
      }
    }
    const docs = this.outDocs.subarray(0, touchedCount);
    const scores = this.outScores.subarray(0, touchedCount);
    for (let i = 0; i < touchedCount; i += 1) {
      const doc = this.touched[i] as number;
      docs[i] = doc;
      scores[i] = bound > 0 ? (total[doc] as number) / bound : 0;
      total[doc] = 0;
    }
    return { docs, scores, bound };
  }

  /** Which query terms made up a document's score (same arithmetic as search), best first. */
  explain(plans: readonly UnitPlan[], doc: number, bound: number): { term: string; contribution: number }[] {
    const terms = new Map<string, number>();
    for (const plan of plans) {
      const k = plan.docs.indexOf(doc);
      if (k < 0) continue;
      const term = (plan.forms[plan.bestForm[k] as number] as QueryForm).term;
      terms.set(term, (terms.get(term) ?? 0) + (plan.values[k] as number) / bound);
    }
    return [...terms.entries()].map(([term, contribution]) => ({ term, contribution })).sort((a, b) => b.contribution - a.contribution || (a.term < b.term ? -1 : 1));
  }
}
