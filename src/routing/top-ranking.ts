/**
 * The best `top` candidates of one request, kept in typed arrays (reused
 * across requests): score descending, then document index ascending —
 * documents are numbered in id order, so that is the "ties broken by id"
 * rule. Candidates of one family (copies of one agent: same description,
 * e.g. one agent shipped in several plugins) take one place, the best copy's.
 */
const MAX_TOP = 100;

export class TopRanking {
  private readonly docs = new Int32Array(MAX_TOP);
  private readonly scores = new Float64Array(MAX_TOP);
  private readonly semantic = new Float64Array(MAX_TOP);
  private top = 1;
  length = 0;
  /** Highest score offered since start() (also of candidates that did not stay). */
  maxScore = -Infinity;

  /** `family[doc]`: the first document of the doc's family (itself when it has no copies). */
  constructor(private readonly family: Int32Array) {}

  start(top: number): void {
    this.top = Math.max(1, Math.min(MAX_TOP, top));
    this.length = 0;
    this.maxScore = -Infinity;
  }

  /** False when a candidate with this (unrounded) score cannot enter a full list. */
  couldEnter(score: number): boolean {
    return this.length < this.top || score >= (this.scores[this.top - 1] as number) - 1e-6;
  }

  offer(doc: number, score: number, semantic: number): void {
    if (score > this.maxScore) this.maxScore = score;
    const { docs, scores, semantic: shares, top } = this;
    let n = this.length;
    if (n === top && !this.ahead(score, doc, n - 1)) return;
    // A copy of an agent already listed: keep the better one (in place of the other).
    const family = this.family[doc] as number;
    for (let k = 0; k < n; k += 1) {
      if (this.family[docs[k] as number] !== family) continue;
      if (!this.ahead(score, doc, k)) return;
      for (let j = k; j < n - 1; j += 1) {
        docs[j] = docs[j + 1] as number;
        scores[j] = scores[j + 1] as number;
        shares[j] = shares[j + 1] as number;
      }
      n -= 1;
      break;
    }
    // Insertion: from the first free place (or the last place, whose entry drops out), move worse entries down.
    let at = n < top ? n : top - 1;
    while (at > 0 && this.ahead(score, doc, at - 1)) {
      docs[at] = docs[at - 1] as number;
      scores[at] = scores[at - 1] as number;
      shares[at] = shares[at - 1] as number;
      at -= 1;
    }
    docs[at] = doc;
    scores[at] = score;
    shares[at] = semantic;
    this.length = Math.min(top, n + 1);
  }

  docAt(rank: number): number {
    return this.docs[rank] as number;
  }

  scoreAt(rank: number): number {
    return this.scores[rank] as number;
  }

  semanticAt(rank: number): number {
    return this.semantic[rank] as number;
  }

  /** Does (score, doc) rank before the entry at `rank`? */
  private ahead(score: number, doc: number, rank: number): boolean {
    const other = this.scores[rank] as number;
    return score > other || (score === other && doc < (this.docs[rank] as number));
  }
}
