import type { FieldSpec } from './semantic-index.js';
import { configSchema, type CodexFlowConfig } from '../config/config-schema.js';

/** Everything the router's behaviour depends on; built from the config's `routing` section. */
export interface RoutingOptions {
  weights: { alpha: number; beta: number; gamma: number; delta: number };
  /** Subtracted from matching agents: keys `agent:<id>`, `domain:<domain>`, `tier:<tier>`. */
  penalties: Readonly<Record<string, number>>;
  /** Below this best score the router abstains. */
  threshold: number;
  top: number;
  maxTextLength: number;
  maxFiles: number;
  maxFilePathLength: number;
  maxRegexes: number;
  maxUnfilteredRegexes: number;
  /** `fallback`: the semantic stage adds agents only when stages 0–2 found none (SPEC §4); `always`: it always ranks. */
  semantic: 'fallback' | 'always';
  fields: Readonly<Record<string, FieldSpec>>;
  k1: number;
  unknownWordWeight: number;
  /** Agents with the same description (copies of one agent in several plugins) take one place in the top-n: the best copy's. */
  collapseDuplicates: boolean;
  /**
   * The threshold is multiplied by this for requests that touch files or name a
   * technology some agent knows (clearly software tasks, where "no agent fits" is rarely right).
   */
  softwareThresholdFactor: number;
}

export const DEFAULT_FIELDS: Readonly<Record<string, FieldSpec>> = {
  name: { weight: 3, b: 0.3, kind: 'names' },
  description: { weight: 2, b: 0.75, kind: 'prose' },
  keywords: { weight: 1.2, b: 0.5, kind: 'names' },
  capabilities: { weight: 1.2, b: 0.5, kind: 'names' },
  responsibilities: { weight: 0.8, b: 0.75, kind: 'prose' },
  examples: { weight: 1.2, b: 0.75, kind: 'prose' },
  headings: { weight: 0.8, b: 0.75, kind: 'prose' },
  domain: { weight: 0.6, b: 0.3, kind: 'names' },
  // The body is long, but it is where an agent's everyday vocabulary lives (its description is a one-line summary):
  // requests in plain words often match only there.
  body: { weight: 0.5, b: 0.75, kind: 'prose' },
};

export const DEFAULT_THRESHOLD = 0.2;

/** Defaults not (yet) carried by the config schema; the config's `routing` section overrides the rest. */
function baseRoutingOptions(): RoutingOptions {
  return {
    weights: { alpha: 1, beta: 1, gamma: 0.5, delta: 0.25 },
    penalties: {},
    threshold: DEFAULT_THRESHOLD,
    top: 3,
    maxTextLength: 100_000,
    maxFiles: 1_000,
    maxFilePathLength: 4_096,
    maxRegexes: 100_000,
    maxUnfilteredRegexes: 256,
    semantic: 'always',
    fields: DEFAULT_FIELDS,
    k1: 2,
    // A word no agent uses counts against the request (at 0.6 of the rarest known word): requests about something else (recipes, travel) are mostly such words.
    unknownWordWeight: 0.6,
    collapseDuplicates: true,
    softwareThresholdFactor: 0.5,
  };
}

/** The options of an empty config: one source of defaults (the config schema). */
export function defaultRoutingOptions(): RoutingOptions {
  return routingOptionsFromConfig(configSchema.parse({}));
}

/** Options from a loaded config (its `routing` section), defaults elsewhere. */
export function routingOptionsFromConfig(config: Pick<CodexFlowConfig, 'routing'>, overrides: Partial<RoutingOptions> = {}): RoutingOptions {
  const base = baseRoutingOptions();
  const routing = config.routing;
  const fields: Record<string, FieldSpec> = { ...DEFAULT_FIELDS };
  for (const [name, weight] of Object.entries(routing.fieldWeights ?? {})) {
    const spec = fields[name];
    if (spec) fields[name] = { ...spec, weight };
  }
  return {
    ...base,
    weights: { ...routing.weights },
    penalties: { ...routing.penalties },
    threshold: routing.threshold,
    top: routing.top,
    maxTextLength: routing.maxTextLength,
    maxFiles: routing.maxFiles,
    maxRegexes: routing.maxRegexes ?? base.maxRegexes,
    maxUnfilteredRegexes: routing.maxUnfilteredRegexes ?? base.maxUnfilteredRegexes,
    semantic: routing.semantic ?? base.semantic,
    fields,
    ...overrides,
  };
}
