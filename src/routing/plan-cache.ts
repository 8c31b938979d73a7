import type { UnitPlan } from './semantic-index.js';

/**
 * Planned query words of one router, by word. Bounded twice: by words, and by
 * the posting entries the plans own (a plan that reuses a champion list owns
 * none; a merged one owns its copy). When either bound is reached the cache
 * starts over: results never depend on it, only the time to get them.
 */
export class PlanCache {
  private readonly plans = new Map<string, UnitPlan[]>();
  private ownedEntries = 0;

  constructor(
    private readonly maxWords = 100_000,
    /** ≈ 14 bytes each (doc, value, form): 2M ≈ 28 MB. */
    private readonly maxOwnedEntries = 2_000_000,
  ) {}

  get(word: string): UnitPlan[] | undefined {
    return this.plans.get(word);
  }

  set(word: string, list: UnitPlan[], ownedEntries: number): void {
    if (this.plans.size >= this.maxWords || this.ownedEntries + ownedEntries > this.maxOwnedEntries) {
      this.plans.clear();
      this.ownedEntries = 0;
    }
    // The word is a slice of the request: store a copy so the cache does not keep whole requests alive.
    this.plans.set((' ' + word).slice(1), list);
    this.ownedEntries += ownedEntries;
  }

  get size(): number {
    return this.plans.size;
  }
}
