import type { TriggersFile } from '../agents/bundle-format.js';
import type { AgentDefinition } from '../agents/schema.js';
import { agentDocument } from './agent-documents.js';
import { GlobStage } from './glob-stage.js';
import { checkRouteRequest } from './input-guard.js';
import { KeywordStage } from './keyword-stage.js';
import { RegexStage } from './regex-stage.js';
import type { RoutedAgent, RouteReason, RouteRequest, RouteResult, RouterProblem, RouteStage } from './route-types.js';
import { defaultRoutingOptions, type RoutingOptions } from './routing-options.js';
import { collectRoutingRules } from './routing-rules.js';
import { SemanticIndex } from './semantic-index.js';
import { foldText } from './text-normalize.js';
import { Tokenizer, type QueryUnit } from './tokenizer.js';

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
  route(request: RouteRequest, options?: { top?: number }): RouteResult;
  /** Problems found while compiling (invalid regexes, unknown agents…), sorted. */
  readonly problems: readonly RouterProblem[];
  readonly agentCount: number;
  readonly options: RoutingOptions;
}

interface Accumulator {
  keyword: number;
  regex: number;
  file: number;
  semantic: number;
  reasons: RouteReason[];
}

const STAGE_ORDER: readonly RouteStage[] = ['file', 'keyword', 'regex', 'semantic'];
const FILE_TERM_WEIGHT = 0.8;

export function createRouter(source: RouterSource, options: RoutingOptions = defaultRoutingOptions()): Router {
  return new CompiledRouter(source, options);
}

class CompiledRouter implements Router {
  readonly problems: readonly RouterProblem[];
  readonly agentCount: number;
  private readonly ids: string[];
  private readonly reliability: Map<string, number>;
  private readonly penaltyByAgent: Map<string, { key: string; value: number }[]>;
  private readonly globs: GlobStage;
  private readonly keywords: KeywordStage;
  private readonly regexes: RegexStage;
  private readonly tokenizer: Tokenizer;
  private readonly semantic: SemanticIndex;

  constructor(
    source: RouterSource,
    readonly options: RoutingOptions,
  ) {
    const agents = [...source.agents].sort((a, b) => (a.agent.id < b.agent.id ? -1 : a.agent.id > b.agent.id ? 1 : 0));
    this.ids = agents.map((a) => a.agent.id);
    this.agentCount = agents.length;
    const rules = collectRoutingRules(agents, source.triggers);
    this.globs = new GlobStage(rules.globs);
    this.tokenizer = new Tokenizer();
    this.semantic = new SemanticIndex(
      agents.map((a) => agentDocument(a, rules.keywordsByAgent.get(a.agent.id) ?? [], rules.examples.get(a.agent.id) ?? [], source.briefs?.get(a.agent.id))),
      options.fields,
      this.tokenizer,
      { k1: options.k1, unknownWordWeight: options.unknownWordWeight },
    );
    // A keyword is as informative as its rarest words are across the fleet (sum of IDFs, relative to the maximum).
    const semantic = this.semantic;
    const tokenizer = this.tokenizer;
    this.keywords = new KeywordStage(rules.keywords, (keyword) => {
      const terms = [...new Set(tokenizer.documentTerms(keyword, 'names'))];
      return terms.reduce((sum, term) => sum + semantic.idfOf(term), 0) / semantic.maxIdf;
    });
    this.regexes = new RegexStage(rules.regex, { maxRegexes: options.maxRegexes, maxUnfiltered: options.maxUnfilteredRegexes });
    this.reliability = new Map(agents.map((a) => [a.agent.id, (a.capabilities.quality.reliability + a.capabilities.quality.quality) / 2]));
    this.penaltyByAgent = new Map();
    for (const a of agents) {
      const keys = [`agent:${a.agent.id}`, `domain:${a.agent.classification.domain}`, `tier:${a.agent.classification.tier}`];
      const list = keys.filter((k) => options.penalties[k] !== undefined).map((key) => ({ key, value: options.penalties[key] as number }));
      if (list.length > 0) this.penaltyByAgent.set(a.agent.id, list);
    }
    this.problems = [...rules.problems, ...this.globs.problems, ...this.keywords.problems, ...this.regexes.problems].sort(
      (a, b) => a.stage.localeCompare(b.stage) || (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0),
    );
  }

  route(request: RouteRequest, routeOptions: { top?: number } = {}): RouteResult {
    const { text, files } = checkRouteRequest(request, this.options);
    const top = routeOptions.top ?? this.options.top;
    const { alpha, beta, gamma, delta } = this.options.weights;
    const acc = new Map<string, Accumulator>();
    const get = (id: string): Accumulator => {
      let a = acc.get(id);
      if (!a) {
        a = { keyword: 0, regex: 0, file: 0, semantic: 0, reasons: [] };
        acc.set(id, a);
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
    const folded = foldText(text);
    if (folded.length > 0) {
      for (const hit of this.keywords.match(folded)) {
        for (const id of hit.agents) {
          const a = get(id);
          a.keyword += hit.weight;
          a.reasons.push({ stage: 'keyword', match: hit.keyword, contribution: alpha * hit.weight });
        }
      }
      for (const hit of this.regexes.match(nfkc, folded)) {
        for (const id of hit.agents) {
          const a = get(id);
          a.regex += hit.weight;
          a.reasons.push({ stage: 'regex', match: hit.pattern, contribution: beta * hit.weight });
        }
      }
    }

    // Stage 3: semantic index (always ranks, or only as a fallback when 0–2 found nothing).
    const triggered = acc.size > 0;
    if (this.options.semantic === 'always' || !triggered) {
      const units = this.queryUnits(text, files);
      if (units.length > 0) {
        const matches = this.semantic.search(units);
        for (const match of matches.values()) {
          const id = this.ids[match.doc] as string;
          if (this.options.semantic === 'fallback' && triggered && !acc.has(id)) continue;
          const a = get(id);
          a.semantic = match.score;
          a.reasons.push({
            stage: 'semantic',
            match: match.terms.map((t) => t.term).join(' '),
            contribution: gamma * match.score,
            detail: match.terms.map((t) => `${t.term}=${round(gamma * t.contribution)}`).join(', '),
          });
        }
      }
    }

    const ranked: RoutedAgent[] = [];
    for (const [id, a] of acc) {
      const parts: Record<RouteStage, number> = { file: gamma * a.file, keyword: alpha * a.keyword, regex: beta * a.regex, semantic: gamma * a.semantic };
      const evidence = parts.file + parts.keyword + parts.regex + parts.semantic;
      if (evidence <= 0) continue;
      const reasons = a.reasons.map((r) => ({ ...r, contribution: round(r.contribution) }));
      const r = this.reliability.get(id) ?? 0;
      let score = evidence + delta * r;
      reasons.push({ stage: 'reliability', match: `R=${round(r)}`, contribution: round(delta * r) });
      for (const penalty of this.penaltyByAgent.get(id) ?? []) {
        score -= penalty.value;
        reasons.push({ stage: 'penalty', match: penalty.key, contribution: round(-penalty.value) });
      }
      let stage: RouteStage = 'file';
      for (const s of STAGE_ORDER) if (parts[s] > parts[stage]) stage = s;
      ranked.push({ id, score: round(score), stage, reasons });
    }
    ranked.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const bestScore = ranked[0]?.score ?? 0;
    const threshold = this.options.threshold;
    if (ranked.length === 0 || bestScore < threshold) return { agents: [], abstained: true, bestScore, threshold };
    return { agents: ranked.slice(0, top).filter((agent) => agent.score > 0), abstained: false, bestScore, threshold };
  }

  private queryUnits(text: string, files: readonly string[]): QueryUnit[] {
    const units: QueryUnit[] = this.tokenizer.queryUnits(text);
    if (files.length === 0) return units;
    for (const file of files.slice(0, 50)) {
      for (const unit of this.tokenizer.queryUnits(file.replace(/[/.]/g, ' '))) {
        // Path words only help when some agent uses them; unknown ones (src, lib) are not counted against the request.
        if (!unit.some((form) => this.semantic.hasTerm(form.term))) continue;
        units.push(unit.map((form) => ({ term: form.term, weight: form.weight * FILE_TERM_WEIGHT })));
      }
    }
    for (const [tech, credit] of [...this.tokenizer.fileTechnologies(files.slice(0, 50)).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (credit >= 0.5) units.push([{ term: tech, weight: credit }]);
    }
    return units;
  }
}

/** Six decimals: stable, readable scores. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
