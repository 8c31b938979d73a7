import type { TriggersFile } from '../agents/bundle-format.js';
import type { AgentDefinition } from '../agents/schema.js';
import { compareStrings } from '../util/compare-strings.js';
import { agentDocument } from './agent-documents.js';
import { GlobStage } from './glob-stage.js';
import { checkRouteRequest } from './input-guard.js';
import { KeywordStage, type KeywordHit } from './keyword-stage.js';
import { RegexStage, type RegexRule } from './regex-stage.js';
import type { RoutedAgent, RouteReason, RouteRequest, RouteResult, RouterProblem, RouteStage } from './route-types.js';
import { defaultRoutingOptions, type RoutingOptions } from './routing-options.js';
import { collectRoutingRules } from './routing-rules.js';
import { buildSemanticIndexData, SemanticIndex, type SemanticIndexData, type UnitPlan } from './semantic-index.js';
import { PlanCache } from './plan-cache.js';
import { TopRanking } from './top-ranking.js';
import { findWordRun, foldNormalized, foldText } from './text-normalize.js';
import { selectSpans, Tokenizer, type QueryUnit, type TechSpan } from './tokenizer.js';
import { AhoCorasick, type AhoCorasickData } from './aho-corasick.js';

/**
 * The router (SPEC §4). Compiles a bundle once — globs, one keyword
 * automaton, RE2 regexes behind a literal prefilter, a BM25F index — and
 * routes requests against it:
 *
 *   S = α·keyword + β·regex + γ·domain_affinity + δ·R(agent) − penalties
 *
 * where domain_affinity is the share of the task's files an agent's globs
 * match plus the semantic similarity (normalised BM25F, 0–1), and R is the
 * agent's declared reliability/quality. Ties break by id. Below the
 * threshold it abstains. Every contribution is kept as a reason.
 */
export interface RouterSource {
  agents: readonly AgentDefinition[];
  triggers: TriggersFile;
  /** Optional brief (Markdown body) per agent id: its headings and text feed the semantic stage. */
  briefs?: ReadonlyMap<string, string>;
}

export interface Router {
  /** `explain: false` skips building per-term explanations (reasons then list stages, not terms): for batch use. */
  route(request: RouteRequest, options?: RouteOptions): RouteResult;
  /** Problems found while compiling (invalid regexes, unknown agents…), sorted. */
  readonly problems: readonly RouterProblem[];
  readonly agentCount: number;
  readonly options: RoutingOptions;
}

export interface RouteOptions {
  top?: number;
  /** Default true: reasons include which semantic terms matched. */
  explain?: boolean;
  /** Default true. False: each agent comes with id, score and stage only (`reasons` empty), as `--batch` prints them. */
  reasons?: boolean;
}

interface Accumulator {
  keyword: number;
  regex: number;
  file: number;
  semantic: number;
  reasons: RouteReason[];
}

const STAGE_ORDER: readonly RouteStage[] = ['file', 'keyword', 'regex', 'semantic'];
const EMPTY_DOCS = new Int32Array(0);
const EMPTY_SCORES = new Float64Array(0);
const FILE_TERM_WEIGHT = 0.8;
const WEAK_KEYWORD_FACTOR = 0.25;
const MAX_CACHED_WORD_LENGTH = 256;
/** Concept neighbours kept per query word (the most specific ones present in the fleet). */
const MAX_CONCEPT_FORMS = 4;

export function createRouter(source: RouterSource, options: RoutingOptions = defaultRoutingOptions()): Router {
  return routerFromBlueprint(compileRouterBlueprint(source, options), options);
}

/**
 * Everything a router derives from its bundle, as plain data: what
 * {@link compileRouterBlueprint} computes from the definitions (tokenising
 * every agent document, merging the rules) and what a router snapshot stores,
 * so a later process can skip parsing and indexing the bundle.
 */
export interface RouterBlueprint {
  /** Agent ids, sorted: document order. */
  ids: string[];
  /** Per document: the first document with the same description (copies of one agent), or itself. */
  family: Int32Array;
  /** R(agent): mean of declared reliability and quality. */
  reliability: Float64Array;
  /** Per document, the keys a penalty may name: `agent:<id>`, `domain:<domain>`, `tier:<tier>`. */
  penaltyKeys: string[][];
  /** The keyword stage's keywords: folded, merged and weighed (see KeywordStage). */
  keywords: KeywordHit[];
  /** The regexes and globs that compiled (within the caps): a router compiles each when a request first needs it. */
  regexRules: RegexRule[];
  globRules: [string, string[]][];
  /** Rules naming unknown agents, keywords, globs and regexes that were dropped. */
  ruleProblems: RouterProblem[];
  semantic: SemanticIndexData;
  /** The automaton over the keywords, then the regexes' literals, then the prose technology spellings (see scanText). */
  scanner: AhoCorasickData;
}

/** The options a blueprint depends on; the others only matter when routing (a stored router serves any of them). */
export type BlueprintOptions = Pick<RoutingOptions, 'fields' | 'k1' | 'collapseDuplicates' | 'maxRegexes' | 'maxUnfilteredRegexes'>;

export function blueprintOptions(options: RoutingOptions): BlueprintOptions {
  const { fields, k1, collapseDuplicates, maxRegexes, maxUnfilteredRegexes } = options;
  return { fields, k1, collapseDuplicates, maxRegexes, maxUnfilteredRegexes };
}

/** Compiles a bundle's definitions into a blueprint (the expensive part of building a router); it reads only the {@link BlueprintOptions}. */
export function compileRouterBlueprint(source: RouterSource, options: BlueprintOptions): RouterBlueprint {
  const agents = [...source.agents].sort((a, b) => compareStrings(a.agent.id, b.agent.id));
  const firstWithDescription = new Map<string, number>();
  const family = Int32Array.from(agents, (a, doc) => {
    if (!options.collapseDuplicates) return doc;
    const key = foldText(a.agent.description).replace(/\s+/g, ' ').trim();
    if (key.length === 0) return doc;
    const first = firstWithDescription.get(key);
    if (first !== undefined) return first;
    firstWithDescription.set(key, doc);
    return doc;
  });
  const rules = collectRoutingRules(agents, source.triggers);
  const tokenizer = sharedTokenizer();
  const semantic = buildSemanticIndexData(
    agents.map((a) => agentDocument(a, rules.keywordsByAgent.get(a.agent.id) ?? [], rules.examples.get(a.agent.id) ?? [], source.briefs?.get(a.agent.id))),
    options.fields,
    tokenizer,
    { k1: options.k1 },
  );
  // For the IDFs only (unknownWordWeight plays no part in them).
  const index = new SemanticIndex(semantic, { k1: options.k1, unknownWordWeight: 0 });
  // A keyword is as informative as its rarest words are across the fleet (sum of IDFs, relative to the maximum).
  // A keyword that is only an ambiguous word (`spring`, `go`, `rest`) counts for little on its own.
  const keywords = new KeywordStage(rules.keywords, (keyword) => {
    const terms = [...new Set(tokenizer.documentTerms(keyword, 'names'))];
    const value = terms.reduce((sum, term) => sum + index.idfOf(term), 0) / index.maxIdf;
    return tokenizer.isWeakSpelling(keyword) ? value * WEAK_KEYWORD_FACTOR : value;
  });
  // Every glob and regex compiled once here, so problems are known now; what compiled is what the router keeps.
  const globs = new GlobStage(rules.globs);
  const regexes = new RegexStage(rules.regex, { maxRegexes: options.maxRegexes, maxUnfiltered: options.maxUnfilteredRegexes });
  return {
    ids: agents.map((a) => a.agent.id),
    family,
    reliability: Float64Array.from(agents.map((a) => (a.capabilities.quality.reliability + a.capabilities.quality.quality) / 2)),
    penaltyKeys: agents.map((a) => [`agent:${a.agent.id}`, `domain:${a.agent.classification.domain}`, `tier:${a.agent.classification.tier}`]),
    keywords: [...keywords.keptEntries],
    regexRules: regexes.accepted,
    globRules: globs.accepted,
    ruleProblems: [...rules.problems, ...keywords.problems, ...globs.problems, ...regexes.problems],
    semantic,
    scanner: scannerOf(keywords.texts, regexes.literalTexts, tokenizer.proseSpellingTexts).data,
  };
}

/** One automaton for the router's single scan: keywords (whole words), regex literals (anywhere), prose spellings (whole words). */
function scannerOf(keywordTexts: readonly string[], literalTexts: readonly string[], spellingTexts: readonly string[]): AhoCorasick {
  return new AhoCorasick([
    ...keywordTexts.map((text) => ({ text, wholeWord: true })),
    ...literalTexts.map((text) => ({ text, wholeWord: false })),
    ...spellingTexts.map((text) => ({ text, wholeWord: true })),
  ]);
}

/** A router over a compiled (or loaded) blueprint: builds lookup tables only (the automaton, the index and the weighed rules come with the blueprint). */
export function routerFromBlueprint(blueprint: RouterBlueprint, options: RoutingOptions): Router {
  return new CompiledRouter(blueprint, options);
}

let tokenizerInstance: Tokenizer | undefined;
/** The tokenizer depends on the built-in lexicons only: one per process. */
function sharedTokenizer(): Tokenizer {
  tokenizerInstance ??= new Tokenizer();
  return tokenizerInstance;
}

class CompiledRouter implements Router {
  readonly problems: readonly RouterProblem[];
  readonly agentCount: number;
  private readonly ids: string[];
  /** Per document: the first document with the same description (copies of one agent), or itself. */
  private readonly family: Int32Array;
  private readonly docOf: Map<string, number>;
  /** Scratch: accumulator of each agent with trigger evidence during one route (left all undefined between routes). */
  private readonly accByDoc: (Accumulator | undefined)[];
  /** Planned query units by word run or technology spelling, for request text and for file-path words (bounded caches). */
  private readonly wordPlans = new PlanCache();
  private readonly pathWordPlans = new PlanCache();
  private readonly run = { end: 0 };
  private readonly ranking: TopRanking;
  /** Keywords, then regex literals, then prose technology spellings, in one automaton (see scanText). */
  private readonly scanner: AhoCorasick;
  private readonly keywordEnd: number;
  private readonly literalEnd: number;
  private readonly keywordSeen: Int32Array;
  private scanGeneration = 0;
  /** R(agent) and the sum of its configured penalties, by document index. */
  private readonly reliability: Float64Array;
  private readonly penaltyTotal: Float64Array;
  private readonly penaltyByAgent: Map<string, { key: string; value: number }[]>;
  private readonly globs: GlobStage;
  private readonly keywords: KeywordStage;
  private readonly regexes: RegexStage;
  private readonly tokenizer: Tokenizer;
  private readonly semantic: SemanticIndex;

  constructor(
    blueprint: RouterBlueprint,
    readonly options: RoutingOptions,
  ) {
    this.ids = blueprint.ids;
    this.docOf = new Map(this.ids.map((id, doc) => [id, doc]));
    this.accByDoc = new Array<Accumulator | undefined>(this.ids.length).fill(undefined);
    this.family = blueprint.family;
    this.agentCount = this.ids.length;
    this.ranking = new TopRanking(this.family);
    this.globs = new GlobStage(new Map(blueprint.globRules), { checked: true });
    this.tokenizer = sharedTokenizer();
    this.semantic = new SemanticIndex(blueprint.semantic, { k1: options.k1, unknownWordWeight: options.unknownWordWeight });
    this.keywords = KeywordStage.fromEntries(blueprint.keywords);
    this.regexes = new RegexStage(blueprint.regexRules, { maxRegexes: options.maxRegexes, maxUnfiltered: options.maxUnfilteredRegexes }, { checked: true });
    const keywordTexts = this.keywords.texts;
    this.keywordEnd = keywordTexts.length;
    this.literalEnd = this.keywordEnd + this.regexes.literalTexts.length;
    this.keywordSeen = new Int32Array(this.keywordEnd);
    const spellings = this.tokenizer.proseSpellingTexts;
    // The stored automaton is this one (same blueprint, same code); a count that does not add up is rebuilt, not trusted.
    this.scanner =
      blueprint.scanner.patternLength.length === this.literalEnd + spellings.length
        ? AhoCorasick.fromData(blueprint.scanner)
        : scannerOf(keywordTexts, this.regexes.literalTexts, spellings);
    this.reliability = blueprint.reliability;
    this.penaltyByAgent = new Map();
    blueprint.penaltyKeys.forEach((keys, doc) => {
      const list = keys.filter((k) => options.penalties[k] !== undefined).map((key) => ({ key, value: options.penalties[key] as number }));
      if (list.length > 0) this.penaltyByAgent.set(this.ids[doc] as string, list);
    });
    this.penaltyTotal = Float64Array.from(this.ids, (id) => (this.penaltyByAgent.get(id) ?? []).reduce((sum, p) => sum + p.value, 0));
    this.problems = [...blueprint.ruleProblems].sort(
      (a, b) => compareStrings(a.stage, b.stage) || compareStrings(a.pattern, b.pattern),
    );
  }

  route(request: RouteRequest, routeOptions: RouteOptions = {}): RouteResult {
    const { text, files } = checkRouteRequest(request, this.options);
    const { alpha, beta, gamma, delta } = this.options.weights;
    // Agents with trigger evidence, by document index (a sparse list plus a doc-indexed slot table, reset before returning).
    const accByDoc = this.accByDoc;
    const accDocs: number[] = [];
    const get = (id: string): Accumulator => {
      const doc = this.docOf.get(id) as number;
      let a = accByDoc[doc];
      if (!a) {
        a = { keyword: 0, regex: 0, file: 0, semantic: 0, reasons: [] };
        accByDoc[doc] = a;
        accDocs.push(doc);
      }
      return a;
    };

    // Stage 0: file globs. Affinity = share of the task's files the agent's globs match.
    if (files.length > 0) {
      const filesPerAgent = new Map<string, Set<string>>();
      for (const hit of this.globs.match(files)) {
        for (const id of hit.agents) {
          const set = filesPerAgent.get(id) ?? new Set<string>();
          set.add(hit.file);
          filesPerAgent.set(id, set);
          get(id).reasons.push({ stage: 'file', match: hit.glob, contribution: 0, detail: hit.file });
        }
      }
      for (const [id, set] of filesPerAgent) {
        const a = get(id);
        a.file = set.size / files.length;
        const share = (gamma * a.file) / Math.max(1, a.reasons.filter((r) => r.stage === 'file').length);
        for (const r of a.reasons) if (r.stage === 'file') r.contribution = share;
      }
    }

    // Stages 1 and 2: keywords and regexes.
    const nfkc = text.normalize('NFKC');
    const folded = foldNormalized(nfkc);
    const scan = this.scanText(folded);
    if (folded.length > 0) {
      for (const hit of this.keywords.hits(scan.keywordIds)) {
        for (const id of hit.agents) {
          const a = get(id);
          a.keyword += hit.weight;
          a.reasons.push({ stage: 'keyword', match: hit.keyword, contribution: alpha * hit.weight });
        }
      }
      for (const hit of this.regexes.matchCandidates(scan.literalIds, nfkc)) {
        for (const id of hit.agents) {
          const a = get(id);
          a.regex += hit.weight;
          a.reasons.push({ stage: 'regex', match: hit.pattern, contribution: beta * hit.weight });
        }
      }
    }

    // Stage 3: semantic index (always ranks, or only as a fallback when 0–2 found nothing).
    const triggered = accDocs.length > 0;
    const semanticRanks = this.options.semantic === 'always' || !triggered;
    let plans: UnitPlan[] = [];
    let semanticBound = 0;
    let semanticDocs: Int32Array = EMPTY_DOCS;
    let semanticScores: Float64Array = EMPTY_SCORES;
    if (semanticRanks) {
      plans = this.queryPlans(folded, scan.spans, files);
      if (plans.length > 0) {
        const found = this.semantic.search(plans);
        semanticBound = found.bound;
        semanticDocs = found.docs;
        semanticScores = found.scores;
        if (triggered) {
          for (let i = 0; i < semanticDocs.length; i += 1) {
            const a = accByDoc[semanticDocs[i] as number];
            if (a) a.semantic = semanticScores[i] as number;
          }
        }
      }
    }

    // Score every candidate cheaply; keep the best `top` (score desc, then id asc = document order); explain only those.
    const ranking = this.ranking;
    ranking.start(routeOptions.top ?? this.options.top);
    for (const doc of accDocs) {
      const a = accByDoc[doc] as Accumulator;
      const evidence = gamma * a.file + alpha * a.keyword + beta * a.regex + gamma * a.semantic;
      if (evidence > 0) ranking.offer(doc, round(evidence + delta * (this.reliability[doc] as number) - (this.penaltyTotal[doc] as number)), a.semantic);
    }
    if (semanticRanks) {
      for (let i = 0; i < semanticDocs.length; i += 1) {
        const doc = semanticDocs[i] as number;
        if (accByDoc[doc] !== undefined) continue;
        const sem = semanticScores[i] as number;
        if (gamma * sem <= 0) continue;
        const raw = gamma * sem + delta * (this.reliability[doc] as number) - (this.penaltyTotal[doc] as number);
        // Cheap pre-check on the raw score; only possible entrants pay for rounding and insertion.
        if (!ranking.couldEnter(raw)) continue;
        ranking.offer(doc, round(raw), sem);
      }
    }

    // A request that touches files or names a technology some agent knows is a software task: the bar to answer is lower.
    const software = files.length > 0 || plans.some((plan) => plan.technology);
    const threshold = software ? round(this.options.threshold * this.options.softwareThresholdFactor) : this.options.threshold;
    const bestScore = ranking.length === 0 ? 0 : ranking.maxScore;
    let result: RouteResult;
    if (ranking.length === 0 || bestScore < threshold) {
      result = { agents: [], abstained: true, bestScore, threshold };
    } else {
      const agents: RoutedAgent[] = [];
      for (let rank = 0; rank < ranking.length; rank += 1) {
        const doc = ranking.docAt(rank);
        const a = accByDoc[doc];
        if (routeOptions.reasons === false) agents.push({ id: this.ids[doc] as string, score: ranking.scoreAt(rank), stage: this.stageOf(a, ranking.semanticAt(rank)), reasons: [] });
        else agents.push(this.describe(doc, ranking.scoreAt(rank), a, ranking.semanticAt(rank), routeOptions.explain === false ? undefined : { plans, bound: semanticBound }));
      }
      result = { agents, abstained: false, bestScore, threshold };
    }
    for (const doc of accDocs) accByDoc[doc] = undefined;
    return result;
  }

  /** One ranked agent with its stage and reasons (per-term semantic detail only when `explain` is given). */
  private describe(doc: number, score: number, a: Accumulator | undefined, semanticScore: number, explain: { plans: readonly UnitPlan[]; bound: number } | undefined): RoutedAgent {
    const { gamma, delta } = this.options.weights;
    const id = this.ids[doc] as string;
    const reasons = (a?.reasons ?? []).map((r) => ({ ...r, contribution: round(r.contribution) }));
    if (semanticScore > 0) {
      const terms = explain ? this.semantic.explain(explain.plans, doc, explain.bound) : [];
      reasons.push({
        stage: 'semantic',
        match: terms.map((t) => t.term).join(' '),
        contribution: round(gamma * semanticScore),
        detail: terms.map((t) => `${t.term}=${round(gamma * t.contribution)}`).join(', '),
      });
    }
    const r = this.reliability[doc] as number;
    reasons.push({ stage: 'reliability', match: `R=${round(r)}`, contribution: round(delta * r) });
    for (const penalty of this.penaltyByAgent.get(id) ?? []) reasons.push({ stage: 'penalty', match: penalty.key, contribution: round(-penalty.value) });
    return { id, score, stage: this.stageOf(a, semanticScore), reasons };
  }

  /** The stage that contributed most (first in stage order on a tie). */
  private stageOf(a: Accumulator | undefined, semanticScore: number): RouteStage {
    const { alpha, beta, gamma } = this.options.weights;
    const parts: Record<RouteStage, number> = { file: gamma * (a?.file ?? 0), keyword: alpha * (a?.keyword ?? 0), regex: beta * (a?.regex ?? 0), semantic: gamma * semanticScore };
    let stage: RouteStage = 'file';
    for (const st of STAGE_ORDER) if (parts[st] > parts[stage]) stage = st;
    return stage;
  }

  /**
   * One Aho–Corasick pass over the folded request for the keywords, the
   * regex prefilter's literals and the technology spellings together: the
   * keyword ids found (distinct), the literal ids found and the spelling spans.
   */
  private scanText(folded: string): { keywordIds: number[]; literalIds: number[]; spans: TechSpan[] } {
    const keywordIds: number[] = [];
    const literalIds: number[] = [];
    const found: TechSpan[] = [];
    if (folded.length === 0) return { keywordIds, literalIds, spans: found };
    if (this.scanGeneration >= 0x3fffffff) {
      this.keywordSeen.fill(0);
      this.scanGeneration = 0;
    }
    const generation = ++this.scanGeneration;
    const seen = this.keywordSeen;
    const keywordEnd = this.keywordEnd;
    const literalEnd = this.literalEnd;
    this.scanner.scan(folded, (id, start, end) => {
      if (id < keywordEnd) {
        if (seen[id] === generation) return;
        seen[id] = generation;
        keywordIds.push(id);
      } else if (id < literalEnd) literalIds.push(id - keywordEnd);
      else found.push(this.tokenizer.proseSpan(id - literalEnd, start, end));
    });
    return { keywordIds, literalIds, spans: selectSpans(found) };
  }

  /**
   * The request's distinct query units, planned (cached per unit): its words
   * (concept neighbours pruned), the words of its file paths that some agent
   * uses (at a lower weight) and the technologies its files indicate.
   */
  private queryPlans(folded: string, spans: readonly TechSpan[], files: readonly string[]): UnitPlan[] {
    const plans: UnitPlan[] = [];
    const seen = new Set<string>();
    this.addText(folded, spans, false, plans, seen);
    if (files.length === 0) return plans;
    for (const file of files.slice(0, 50)) {
      const words = foldText(file.replace(/[/.]/g, ' '));
      this.addText(words, this.tokenizer.techSpans(words), true, plans, seen);
    }
    for (const [tech, credit] of [...this.tokenizer.fileTechnologies(files.slice(0, 50)).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (credit < 0.5) continue;
      const plan = this.semantic.plan([{ term: tech, weight: credit }]);
      if (!seen.has(plan.key)) {
        seen.add(plan.key);
        plans.push(plan);
      }
    }
    return plans;
  }

  /** The plans of folded text: its technology spellings and the word runs between them, in text order. */
  private addText(folded: string, spans: readonly TechSpan[], isPath: boolean, plans: UnitPlan[], seen: Set<string>): void {
    let cursor = 0;
    for (const span of spans) {
      this.addWordRuns(folded, cursor, span.start, isPath, plans, seen);
      this.addWord(folded.slice(span.start, span.end), isPath, plans, seen);
      cursor = span.end;
    }
    this.addWordRuns(folded, cursor, folded.length, isPath, plans, seen);
  }

  private addWordRuns(folded: string, from: number, limit: number, isPath: boolean, plans: UnitPlan[], seen: Set<string>): void {
    const run = this.run;
    for (let start = findWordRun(folded, from, limit, run); start >= 0; start = findWordRun(folded, run.end, limit, run)) {
      this.addWord(folded.slice(start, run.end), isPath, plans, seen);
    }
  }

  /**
   * Adds the plans of one word run or technology spelling (planned once, then
   * cached), each distinct plan once. Path words only help when some agent
   * uses them (unknown ones like `src` are not counted against the request)
   * and weigh less than the request's own words.
   */
  private addWord(word: string, isPath: boolean, plans: UnitPlan[], seen: Set<string>): void {
    const cache = isPath ? this.pathWordPlans : this.wordPlans;
    let list = cache.get(word);
    if (list === undefined) {
      // Loops over literals rather than map/filter: the cached lists then all have one array map, empty or not.
      list = [];
      const units = this.tokenizer.queryUnits(word, true);
      // A compound repeating a part (`a-b-a`) plans it once (what is cached is what counts): a set only for long ones.
      const keys = units.length > 8 ? new Set<string>() : undefined;
      for (const unit of units) {
        let plan: UnitPlan;
        if (!isPath) plan = this.semantic.plan(this.prune(unit));
        else if (unit.some((form) => this.semantic.hasTerm(form.term))) plan = this.semantic.plan(unit.map((form) => ({ term: form.term, weight: form.weight * FILE_TERM_WEIGHT })));
        else continue;
        if (keys ? keys.has(plan.key) : list.some((other) => other.key === plan.key)) continue;
        keys?.add(plan.key);
        list.push(plan);
      }
      // Very long "words" (a pasted hash, a minified line) do not come back: not worth keeping.
      if (word.length <= MAX_CACHED_WORD_LENGTH) cache.set(word, list, list.reduce((sum, plan) => sum + (this.semantic.ownsPostings(plan) ? plan.docs.length : 0), 0));
    }
    for (const plan of list) {
      if (seen.has(plan.key)) continue;
      seen.add(plan.key);
      plans.push(plan);
    }
  }

  /**
   * A word's concept neighbours, trimmed to the few most specific ones the
   * fleet actually uses: bounded work per word (done once per unit, when it is planned).
   */
  private prune(unit: QueryUnit): QueryUnit {
    if (unit.length === 1) return unit;
    // No neighbours (a compound's part with its joined form, most units): nothing to trim.
    let neighbourCount = 0;
    for (const form of unit) if (form.weight < 1) neighbourCount += 1;
    if (neighbourCount === 0) return unit;
    const own = unit.filter((form) => form.weight >= 1);
    const neighbours = unit
      .filter((form) => form.weight < 1 && this.semantic.hasTerm(form.term))
      .sort((a, b) => this.semantic.idfOf(b.term) - this.semantic.idfOf(a.term) || (a.term < b.term ? -1 : 1))
      .slice(0, MAX_CONCEPT_FORMS);
    return [...own, ...neighbours];
  }

}

/** Six decimals: stable, readable scores. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
