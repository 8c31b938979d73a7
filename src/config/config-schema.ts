import { z } from 'zod';

/**
 * `codex-flow.config.(json|yaml)`: aliases, provider defaults, pricing,
 * routing weights, limits. Each area owns its own section; defaults live here.
 * Sections are loose so a newer config still loads (unknown keys reported).
 */

const aliasSchema = z.looseObject({
  /** Agent id this alias points at. */
  id: z.string().min(1),
  /** Instance-level overrides, deep-merged over the base definition (never mutating it). */
  overrides: z.record(z.string(), z.unknown()).optional(),
});

const providerSettingsSchema = z.looseObject({
  model: z.string().optional(),
  baseUrl: z.string().optional(),
  /** USD per 1K input / output tokens. */
  priceIn: z.number().min(0).optional(),
  priceOut: z.number().min(0).optional(),
  timeoutMs: z.number().int().positive().optional(),
  /** Per-provider prompt profile: `{system, user}` templates. */
  prompt: z.looseObject({ system: z.string().optional(), user: z.string().optional() }).optional(),
  /** cli provider: command line to run (overrides RUN_CMD). */
  command: z.string().optional(),
  /** HTTP providers: max silence inside a stream before it counts as stalled (default 60 s). */
  idleTimeoutMs: z.number().int().positive().optional(),
  /** cli provider: stdout cap in bytes (default 1 MiB). */
  maxOutputBytes: z.number().int().positive().optional(),
  /** cli provider: executables it may run (basenames or absolute paths). */
  allowedCommands: z.array(z.string()).optional(),
  /** openai provider: `chat` (Chat Completions, default) or `responses`. */
  api: z.enum(['chat', 'responses']).optional(),
});

export const configSchema = z.looseObject({
  version: z.literal(1).prefault(1),
  /** Where converted agents live, relative to the project root. */
  bundle: z.string().prefault('codex/agents'),
  /** Where Claude Code agent sources live. */
  source: z.string().prefault('.claude/agents'),
  aliases: z.record(z.string(), aliasSchema).prefault({}),
  providers: z
    .looseObject({
      default: z.string().optional(),
      fallback: z.array(z.string()).prefault([]),
      retries: z.number().int().min(0).max(10).prefault(2),
      backoffMs: z.number().int().min(0).prefault(250),
      maxBackoffMs: z.number().int().min(0).prefault(8_000),
      /** Upper bound on how long a retry-after header may make us wait. */
      maxRetryAfterMs: z.number().int().min(0).prefault(30_000),
      cooldownAfterFailures: z.number().int().min(1).prefault(3),
      cooldownMs: z.number().int().min(0).prefault(30_000),
      /** How long resolution waits for Ollama's /api/tags when auto-detecting. */
      probeTimeoutMs: z.number().int().positive().prefault(300),
      openai: providerSettingsSchema.optional(),
      anthropic: providerSettingsSchema.optional(),
      ollama: providerSettingsSchema.optional(),
      cli: providerSettingsSchema.optional(),
      codex: providerSettingsSchema.optional(),
      offline: providerSettingsSchema.optional(),
    })
    .prefault({}),
  routing: z
    .looseObject({
      weights: z
        .looseObject({
          /** Keyword evidence (each hit weighs by its specificity across the fleet). */
          alpha: z.number().prefault(0.5),
          /** Regex evidence (by priority: low 0.5, medium 1, high 1.5). */
          beta: z.number().prefault(0.5),
          /** Domain affinity: share of files an agent's globs match + semantic similarity (0–1). */
          gamma: z.number().prefault(1),
          /** R(agent): declared reliability/quality, a small tie-breaker. */
          delta: z.number().prefault(0.05),
        })
        .prefault({}),
      penalties: z.record(z.string(), z.number()).prefault({}),
      /** Below this score the router abstains ("no agent fits"). */
      threshold: z.number().min(0).prefault(0.2),
      top: z.number().int().min(1).max(100).prefault(3),
      maxTextLength: z.number().int().positive().prefault(100_000),
      maxFiles: z.number().int().positive().prefault(1_000),
      /** Regexes compiled from the bundle at most; extra ones are reported at load. */
      maxRegexes: z.number().int().positive().optional(),
      /** Regexes without a required literal (they run on every request) at most. */
      maxUnfilteredRegexes: z.number().int().min(0).optional(),
      /** `always`: the semantic index ranks every request; `fallback`: only when stages 0–2 found nothing. */
      semantic: z.enum(['always', 'fallback']).optional(),
      /** Semantic field weights by field name (name, description, keywords, capabilities, responsibilities, examples, headings, domain, body). */
      fieldWeights: z.record(z.string(), z.number().min(0)).optional(),
    })
    .prefault({}),
  runtime: z
    .looseObject({
      /** Tasks waiting per alias before new ones are rejected. */
      queue_limit: z.number().int().min(1).prefault(1_000),
      retries: z.number().int().min(0).max(10).prefault(0),
      /** How long `.runs/<alias>/<taskId>` workspaces are kept (e.g. `7d`, `0` = delete after the task). */
      workspace_retention: z.string().prefault('7d'),
      hook_timeout_ms: z.number().int().positive().prefault(30_000),
    })
    .prefault({}),
  memory: z
    .looseObject({
      enabled: z.boolean().prefault(true),
      max_file_bytes: z.number().int().positive().prefault(5 * 1024 * 1024),
      window: z.number().int().positive().prefault(20),
    })
    .prefault({}),
});

export type CodexFlowConfig = z.output<typeof configSchema>;
export type CodexFlowConfigInput = z.input<typeof configSchema>;
export type AliasConfig = z.output<typeof aliasSchema>;
export type ProviderSettings = z.output<typeof providerSettingsSchema>;
