import { withDefaults, type AgentDefinition, type AgentDefinitionInput } from '../../src/agents/schema.js';
import { buildMessages } from '../../src/providers/build-messages.js';
import type { ModelProvider, ModelRequest, ModelStreamPart } from '../../src/providers/types.js';
import type { OrchestratorOptions } from '../../src/orchestrator/orchestrator-options.js';
import { buildRunPlan, type RunPlan } from '../../src/orchestrator/run-plan.js';
import type { AgentResolver } from '../../src/orchestrator/resolved-agent.js';
import { normalizeTaskMap, type TaskMap } from '../../src/orchestrator/task-map.js';
import type { CodexEvent } from '../../src/telemetry/events.js';

export type AgentPatch = Omit<Partial<AgentDefinitionInput>, 'agent'>;

/** An agent definition with defaults, id `id`, and the given sections. */
export function agent(id: string, patch: AgentPatch = {}): AgentDefinition {
  return withDefaults({ ...patch, agent: { id, name: id } });
}

/** A resolver over in-memory definitions: every key is both alias and agent id. */
export function resolverOf(agents: Record<string, AgentDefinition>): AgentResolver {
  return {
    resolve(aliasOrId) {
      const definition = agents[aliasOrId];
      if (!definition) throw new Error(`unknown alias ${aliasOrId}`);
      return { alias: aliasOrId, agentId: definition.agent.id, definition, viaAlias: false };
    },
  };
}

export function planOf(map: TaskMap, agents: Record<string, AgentDefinition>, queueLimit = 1_000): RunPlan {
  return buildRunPlan('r-test', normalizeTaskMap(map, 'test'), resolverOf(agents), { queue_limit: queueLimit });
}

export function baseOptions(provider: ModelProvider, events: CodexEvent[], extra: Partial<OrchestratorOptions> = {}): OrchestratorOptions {
  return {
    provider,
    runtime: { retries: 0, hook_timeout_ms: 5_000 },
    buildMessages: (definition, task, options) => buildMessages(definition, task, options),
    listeners: [(event) => events.push(event)],
    ...extra,
  };
}

export function tasks(count: number, prefix = 'task'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);
}

/**
 * Wraps a provider and records, per alias, how many of its streams are open at
 * once (current and maximum), measured at the provider boundary.
 */
export class InFlightRecorder implements ModelProvider {
  readonly name: string;
  readonly current = new Map<string, number>();
  readonly max = new Map<string, number>();
  globalCurrent = 0;
  globalMax = 0;

  constructor(private readonly inner: ModelProvider) {
    this.name = inner.name;
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    const now = (this.current.get(request.alias) ?? 0) + 1;
    this.current.set(request.alias, now);
    this.max.set(request.alias, Math.max(this.max.get(request.alias) ?? 0, now));
    this.globalCurrent += 1;
    this.globalMax = Math.max(this.globalMax, this.globalCurrent);
    try {
      yield* this.inner.stream(request);
    } finally {
      this.current.set(request.alias, (this.current.get(request.alias) ?? 1) - 1);
      this.globalCurrent -= 1;
    }
  }
}

export function ofKind<K extends CodexEvent['kind']>(events: readonly CodexEvent[], kind: K): Extract<CodexEvent, { kind: K }>[] {
  return events.filter((event): event is Extract<CodexEvent, { kind: K }> => event.kind === kind);
}
