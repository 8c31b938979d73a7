import { AhoCorasick } from './aho-corasick.js';
import { foldText } from './text-normalize.js';
import type { RouterProblem } from './route-types.js';

/**
 * Keyword stage: all keywords of the bundle in one Aho–Corasick automaton,
 * matched case-insensitively (NFKC + case folding) on Unicode word
 * boundaries. A keyword's weight grows with its length in words (a phrase is
 * stronger evidence than a single word) and shrinks when many agents share it.
 */
export interface KeywordHit {
  keyword: string;
  weight: number;
  agents: readonly string[];
}

interface KeywordEntry {
  keyword: string;
  weight: number;
  agents: readonly string[];
}

export const MAX_KEYWORD_LENGTH = 200;

export class KeywordStage {
  private readonly entries: KeywordEntry[] = [];
  private ownScanner: AhoCorasick | undefined;
  readonly problems: RouterProblem[] = [];

  /**
   * `rules`: keyword → agent ids (already merged from triggers.json and agent
   * files). `specificity` rates how informative a keyword is (0–1; e.g. from
   * the IDF of its words across agents): generic words like "plan" weigh
   * little, rare phrases a lot. Keywords of specificity 0 are not matched.
   */
  constructor(rules: ReadonlyMap<string, readonly string[]>, specificity: (keyword: string) => number = () => 1) {
    const merged = new Map<string, Set<string>>();
    for (const [raw, agents] of rules) {
      const keyword = foldText(raw).trim().replace(/\s+/g, ' ');
      if (keyword.length === 0 || keyword.length > MAX_KEYWORD_LENGTH) {
        this.problems.push({ stage: 'keyword', pattern: raw.slice(0, 80), agents: [...agents], message: keyword.length === 0 ? 'empty keyword ignored.' : `keyword longer than ${MAX_KEYWORD_LENGTH} characters ignored.` });
        continue;
      }
      const set = merged.get(keyword) ?? new Set<string>();
      for (const agent of agents) set.add(agent);
      merged.set(keyword, set);
    }
    for (const keyword of [...merged.keys()].sort()) {
      const agents = [...(merged.get(keyword) as Set<string>)].sort();
      const words = keyword.split(' ').length;
      const weight = ((1 + 0.5 * (Math.min(words, 4) - 1)) * Math.max(0, Math.min(1, specificity(keyword)))) / Math.sqrt(agents.length);
      if (weight <= 0) continue;
      this.entries.push({ keyword, weight, agents });
    }
  }

  /** Keyword texts by keyword id (whole-word patterns): a router scans for them together with its other patterns (see hits). */
  get texts(): readonly string[] {
    return this.entries.map((entry) => entry.keyword);
  }

  /** A stage over the `keptEntries` of one built before (a stored router's): already folded, merged and weighed. */
  static fromEntries(entries: readonly KeywordHit[]): KeywordStage {
    const stage = new KeywordStage(new Map());
    stage.entries.push(...entries);
    return stage;
  }

  /** The kept keywords with their weights and agents, by keyword id. */
  get keptEntries(): readonly KeywordHit[] {
    return this.entries;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Distinct keywords found in `folded` (already folded text), in keyword order. */
  match(folded: string): KeywordHit[] {
    this.ownScanner ??= new AhoCorasick(this.texts.map((text) => ({ text, wholeWord: true })));
    return this.hits([...this.ownScanner.matchedIds(folded)]);
  }

  /** The keywords of these ids (distinct), in keyword order. */
  hits(ids: number[]): KeywordHit[] {
    // Built by push into a literal (not `map`): every result, empty or not, then has the same array map, so the
    // router's compiled loop over it is not thrown away when the first empty (or first non-empty) one comes.
    const hits: KeywordHit[] = [];
    if (ids.length > 1) ids.sort((a, b) => a - b);
    for (const id of ids) hits.push(this.entries[id] as KeywordEntry);
    return hits;
  }
}
