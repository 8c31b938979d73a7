import { z } from 'zod';

/**
 * The agent schema (SPEC §3), defined once. Defaults are filled here and only
 * here. Every object is "loose": unknown keys are kept (and reported by
 * {@link findUnknownKeys}), never silently dropped.
 */

const stringList = z.array(z.string()).prefault([]);

export const PRIORITY_WORDS = ['low', 'medium', 'high'] as const;
export const prioritySchema = z.union([z.number().min(0).max(100), z.enum(PRIORITY_WORDS)]);
export type Priority = z.infer<typeof prioritySchema>;

export const TIERS = ['generalist', 'specialist', 'coordinator', 'lead', 'utility'] as const;

export const regexTriggerSchema = z.looseObject({
  pattern: z.string().min(1).max(2000),
  priority: prioritySchema.prefault('medium'),
});

/** An `<example>` dialogue lifted from a description: context, user request, assistant reply. */
export const exampleSchema = z.looseObject({
  context: z.string().optional(),
  user: z.string(),
  assistant: z.string().optional(),
  commentary: z.string().optional(),
});

export const promptProfileSchema = z.looseObject({
  system: z.string().optional(),
  user: z.string().optional(),
});

export const agentSchema = z.looseObject({
  version: z.literal(1).prefault(1),
  agent: z.looseObject({
    id: z.string().min(1),
    name: z.string().min(1),
    classification: z
      .looseObject({
        domain: z.string().min(1).prefault('uncategorized'),
        subdomain: z.string().min(1).optional(),
        tier: z.string().min(1).prefault('specialist'),
      })
      .prefault({}),
    description: z.string().prefault(''),
    long_description: z.string().optional(),
    /** Model hint from the source (`sonnet`, `opus`, `haiku`, `inherit` or a full id). */
    model_hint: z.string().optional(),
    /** UI colour from the source, kept for round-tripping. */
    color: z.string().optional(),
    instance_alias: z.string().optional(),
    /** Source front-matter keys the converter could not map, kept as they were (also listed in `source.unknown_keys`). */
    extra: z.record(z.string(), z.unknown()).optional(),
  }),
  runtime: z
    .looseObject({
      execution_mode: z.string().prefault('async'),
      autonomy_level: z.number().min(0).max(1).prefault(0.7),
      concurrency: z
        .looseObject({
          max_parallel_tasks: z.number().int().min(1).max(1024).prefault(3),
          queue_strategy: z.enum(['fifo', 'priority']).prefault('fifo'),
          queue_limit: z.number().int().min(1).optional(),
        })
        .prefault({}),
      resource_limits: z
        .looseObject({
          cpu: z.number().positive().prefault(1),
          memory_mb: z.number().int().positive().prefault(512),
          disk_mb: z.number().int().positive().prefault(1024),
        })
        .prefault({}),
      heartbeat_interval_ms: z.number().int().positive().prefault(15_000),
      timeout_ms: z.number().int().positive().prefault(600_000),
    })
    .prefault({}),
  capabilities: z
    .looseObject({
      core: stringList,
      detail: z
        .looseObject({
          languages: stringList,
          frameworks: stringList,
          domains: stringList,
          tools: z
            .looseObject({
              /** `['*']` means every tool (Claude Code's default when `tools` is absent). */
              allowed: stringList,
              restricted: stringList,
            })
            .prefault({}),
          /** Optional whitelist of executables for the CLI provider. */
          commands: z.array(z.string()).optional(),
        })
        .prefault({}),
      quality: z
        .looseObject({
          reliability: z.number().min(0).max(1).prefault(0.9),
          responsiveness: z.number().min(0).max(1).prefault(0.8),
          quality: z.number().min(0).max(1).prefault(0.9),
        })
        .prefault({}),
    })
    .prefault({}),
  responsibilities: z.looseObject({ primary: stringList, secondary: stringList }).prefault({}),
  triggers: z
    .looseObject({
      keywords: stringList,
      regex: z.array(regexTriggerSchema).prefault([]),
      file_patterns: stringList,
      delegations: z.looseObject({ prefers: stringList, complements: stringList }).prefault({}),
      /** Example dialogues for the semantic routing stage. */
      examples: z.array(exampleSchema).prefault([]),
    })
    .prefault({}),
  workflow: z
    .looseObject({
      startup_script: z.string().optional(),
      setup_tasks: stringList,
      teardown_tasks: stringList,
      dependencies: z.looseObject({ runtime: stringList, packages: stringList }).prefault({}),
    })
    .prefault({}),
  memory: z
    .looseObject({
      retention: z
        .looseObject({
          short_term: z.string().prefault('7d'),
          long_term: z.boolean().prefault(false),
        })
        .prefault({}),
      namespaces: stringList,
      sharing_policy: z.looseObject({ share_with: stringList, redact: stringList }).prefault({}),
    })
    .prefault({}),
  metrics: z
    .looseObject({
      tracked: z.array(z.string()).prefault(['tasks_completed', 'avg_latency_ms', 'success_rate']),
      thresholds: z
        .looseObject({
          heartbeat_miss: z.number().int().min(0).prefault(2),
          failure_rate_pct: z.number().min(0).max(100).prefault(10),
        })
        .prefault({}),
      escalation: z.looseObject({ notify: stringList }).prefault({}),
    })
    .prefault({}),
  hooks: z.looseObject({ pre_task: stringList, post_task: stringList, failure: stringList }).prefault({}),
  testing: z
    .looseObject({
      smoke: z.unknown().optional(),
      integration: z.unknown().optional(),
      verification_policy: z.string().prefault('none'),
    })
    .prefault({}),
  observability: z
    .looseObject({
      log_level: z.enum(['debug', 'info', 'warn', 'error']).prefault('info'),
      log_channels: stringList,
      tracing: z
        .looseObject({
          enabled: z.boolean().prefault(true),
          sample_rate: z.number().min(0).max(1).prefault(0.2),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Per-provider prompt profiles: `{ openai: { system, user }, ... }`. */
  prompts: z.record(z.string(), promptProfileSchema).optional(),
  /** Provenance written by the converter. */
  source: z
    .looseObject({
      path: z.string(),
      sha256: z.string(),
      unknown_keys: z.array(z.string()).optional(),
      unknown_tools: z.array(z.string()).optional(),
    })
    .optional(),
});

/** A fully defaulted agent definition. */
export type AgentDefinition = z.output<typeof agentSchema>;
/** What a user (or the converter) may write; missing sections get defaults. */
export type AgentDefinitionInput = z.input<typeof agentSchema>;
export type RegexTrigger = z.output<typeof regexTriggerSchema>;
export type AgentExample = z.output<typeof exampleSchema>;
export type PromptProfile = z.output<typeof promptProfileSchema>;

/** Fill every default; throws a ZodError if the input does not fit. */
export function withDefaults(input: unknown): AgentDefinition {
  return agentSchema.parse(input);
}

/** JSON Schema for editors (`schema/codex-agent.schema.json`). */
export function agentJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(agentSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://codex-flow.dev/schema/codex-agent.schema.json',
    title: 'codex-flow agent definition (version 1)',
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
  };
}

/**
 * Lists keys present in `value` that the schema does not define, as dotted
 * paths (e.g. `agent.emoji`, `swarm`). Record-typed fields (`prompts`) are
 * open by design and not reported.
 */
export function findUnknownKeys(value: unknown): string[] {
  const found: string[] = [];
  walkUnknown(agentSchema, value, '', found);
  return found.sort();
}

/** What walkUnknown needs of a schema node (optional/default wrappers removed), resolved once per node. */
type KnownKeys = { kind: 'object'; shape: Record<string, z.ZodType> } | { kind: 'array'; element: z.ZodType } | { kind: 'other' };
const KNOWN_KEYS = new WeakMap<z.ZodType, KnownKeys>();

function knownKeys(schema: z.ZodType): KnownKeys {
  let known = KNOWN_KEYS.get(schema);
  if (known) return known;
  let current: z.ZodType = schema;
  for (let i = 0; i < 8; i += 1) {
    const def = (current as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable') && def.innerType) {
      current = def.innerType;
    } else break;
  }
  const def = (current as unknown as { def: { type: string; element?: z.ZodType } }).def;
  if (def.type === 'object') known = { kind: 'object', shape: (current as unknown as z.ZodObject).shape as Record<string, z.ZodType> };
  else if (def.type === 'array' && def.element) known = { kind: 'array', element: def.element };
  else known = { kind: 'other' };
  KNOWN_KEYS.set(schema, known);
  return known;
}

function walkUnknown(schema: z.ZodType, value: unknown, prefix: string, out: string[]): void {
  if (!value || typeof value !== 'object') return;
  const known = knownKeys(schema);
  if (known.kind === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      // Own keys only: a key named `constructor` or `toString` is unknown, not the prototype's.
      const child = Object.hasOwn(known.shape, key) ? known.shape[key] : undefined;
      const path = prefix ? `${prefix}.${key}` : key;
      if (!child) out.push(path);
      else walkUnknown(child, (value as Record<string, unknown>)[key], path, out);
    }
  } else if (known.kind === 'array' && Array.isArray(value)) {
    value.forEach((item, index) => walkUnknown(known.element, item, `${prefix}[${index}]`, out));
  }
}
