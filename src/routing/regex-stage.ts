import { RE2JS } from 're2js';
import { AhoCorasick } from './aho-corasick.js';
import { compileLinearRegex } from './linear-regex.js';
import { requiredLiterals } from './regex-literals.js';
import type { RouterProblem } from './route-types.js';
import type { Priority } from '../agents/schema.js';
import { priorityValue } from '../agents/trigger-priority.js';

/**
 * Regex stage: every pattern compiled once with RE2 semantics and linear
 * time (no backtracking): the common subset by our own Pike VM
 * (linear-regex.ts, µs to compile), anything else by re2js. Patterns RE2
 * rejects become problems at compile time. A literal prefilter (one Aho–Corasick pass over the folded text)
 * selects the regexes that can possibly match; only those run. Regexes
 * without an extractable literal always run and are capped in count.
 */
export interface RegexRule {
  pattern: string;
  priority: Priority;
  agents: readonly string[];
  /** Its required literals (null: none), when already extracted: the `accepted` rules of a stage carry them. */
  literals?: readonly string[] | null;
}

export interface RegexHit {
  pattern: string;
  weight: number;
  agents: readonly string[];
}

interface CompiledRegex {
  pattern: string;
  weight: number;
  agents: readonly string[];
  re: { test(text: string): boolean };
}

export interface RegexStageOptions {
  /** Max regexes without a required literal (they run on every request). */
  maxUnfiltered: number;
  /** Max regexes in total. */
  maxRegexes: number;
}

/** Priority → weight: its numeric value (0–100, see trigger-priority.ts) mapped to 0–2, so low 0.5, medium 1, high 1.5. */
export function priorityWeight(priority: Priority): number {
  return Math.max(0, Math.min(100, priorityValue(priority))) / 50;
}

function compileRegex(pattern: string): CompiledRegex['re'] {
  return compileLinearRegex(pattern) ?? RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
}

const NEVER: CompiledRegex['re'] = { test: () => false };

/**
 * Compiled on first use. The pattern compiled when the stored router was
 * made (same code, same libraries: the cache key says so); should it not
 * compile now, it matches nothing rather than failing the request.
 */
function lazyRegex(pattern: string): CompiledRegex['re'] {
  let re: CompiledRegex['re'] | undefined;
  return {
    test: (text) => {
      if (re === undefined) {
        try {
          re = compileRegex(pattern);
        } catch {
          re = NEVER;
        }
      }
      return re.test(text);
    },
  };
}

export class RegexStage {
  private readonly filtered: CompiledRegex[] = [];
  private readonly unfiltered: CompiledRegex[] = [];
  /** literal id → indexes into `filtered`. */
  private readonly literalOwners: number[][] = [];
  /** Literal texts by literal id: a router scans for them together with its other patterns (see matchCandidates). */
  readonly literalTexts: readonly string[];
  private ownScanner: AhoCorasick | undefined;
  readonly problems: RouterProblem[] = [];
  /** The rules kept (compiled, within the caps), in rule order. */
  readonly accepted: RegexRule[] = [];

  /**
   * `checked`: every rule is known to compile and to fit the caps (these are
   * the `accepted` of an earlier stage built by the same code with the same
   * options, as a stored router's are): each is compiled when a request
   * first needs it.
   */
  constructor(rules: readonly RegexRule[], options: RegexStageOptions, { checked = false }: { checked?: boolean } = {}) {
    const literalIds = new Map<string, number>();
    let kept = 0;
    for (const rule of rules) {
      if (kept >= options.maxRegexes) {
        this.problems.push({ stage: 'regex', pattern: rule.pattern, agents: [...rule.agents], message: `more than ${options.maxRegexes} regexes in the bundle: this one is ignored (raise routing.maxRegexes).` });
        continue;
      }
      let re: CompiledRegex['re'];
      try {
        re = checked ? lazyRegex(rule.pattern) : compileRegex(rule.pattern);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.problems.push({ stage: 'regex', pattern: rule.pattern, agents: [...rule.agents], message: `RE2 cannot compile this pattern (${reason}); rewrite it without backreferences/lookaround.` });
        continue;
      }
      const compiled: CompiledRegex = { pattern: rule.pattern, weight: priorityWeight(rule.priority), agents: rule.agents, re };
      const literals = checked && rule.literals !== undefined ? rule.literals : requiredLiterals(rule.pattern);
      if (literals === null) {
        if (this.unfiltered.length >= options.maxUnfiltered) {
          this.problems.push({ stage: 'regex', pattern: rule.pattern, agents: [...rule.agents], message: `no required literal and already ${options.maxUnfiltered} such regexes: ignored; add a literal word to the pattern or raise routing.maxUnfilteredRegexes.` });
          continue;
        }
        this.unfiltered.push(compiled);
      } else {
        const index = this.filtered.length;
        this.filtered.push(compiled);
        for (const literal of literals) {
          let id = literalIds.get(literal);
          if (id === undefined) {
            id = literalIds.size;
            literalIds.set(literal, id);
            this.literalOwners.push([]);
          }
          (this.literalOwners[id] as number[]).push(index);
        }
      }
      kept += 1;
      this.accepted.push({ pattern: rule.pattern, priority: rule.priority, agents: rule.agents, literals });
    }
    this.literalTexts = [...literalIds.keys()];
  }

  get size(): number {
    return this.filtered.length + this.unfiltered.length;
  }

  /**
   * `original` is the NFKC text the regexes run on (case-insensitively);
   * `folded` its case-folded form for the literal prefilter.
   */
  match(original: string, folded: string): RegexHit[] {
    const found: number[] = [];
    if (this.filtered.length > 0) {
      this.ownScanner ??= new AhoCorasick(this.literalTexts.map((text) => ({ text, wholeWord: false })));
      this.ownScanner.scan(folded, (literalId) => found.push(literalId));
    }
    return this.matchCandidates(found, original);
  }

  /**
   * The hits when the prefilter scan (of {@link literalTexts} over the folded
   * text) found these literal ids (repeats allowed): only their regexes run,
   * in rule order, then the unfiltered ones.
   */
  matchCandidates(literalIds: readonly number[], original: string): RegexHit[] {
    const hits: RegexHit[] = [];
    if (literalIds.length > 0) {
      const candidates = new Set<number>();
      for (const literalId of literalIds) for (const index of this.literalOwners[literalId] as number[]) candidates.add(index);
      for (const index of [...candidates].sort((a, b) => a - b)) {
        const rule = this.filtered[index] as CompiledRegex;
        if (rule.re.test(original)) hits.push({ pattern: rule.pattern, weight: rule.weight, agents: rule.agents });
      }
    }
    for (const rule of this.unfiltered) {
      if (rule.re.test(original)) hits.push({ pattern: rule.pattern, weight: rule.weight, agents: rule.agents });
    }
    return hits;
  }
}
