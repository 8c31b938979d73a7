import type { Registry } from '../agents/registry.js';
import type { AgentDefinition } from '../agents/schema.js';
import type { CodexFlowConfig } from '../config/config-schema.js';
import { openMemoryBackend, type MemoryBackend } from '../memory/memory-backend.js';
import { policyResolver } from '../memory/memory-policy.js';
import { memoryRunHooks } from '../memory/memory-run-hooks.js';
import { redactText } from '../memory/redact.js';
import type { CodexEvent } from '../telemetry/events.js';
import { telemetryRunHooks } from '../telemetry/telemetry-run-hooks.js';
import type { Clock, Env } from '../util/runtime-context.js';
import type { OrchestratorHooks } from './orchestrator-options.js';

export interface RunIntegrationOptions {
  root: string;
  config: CodexFlowConfig;
  registry: Pick<Registry, 'resolve'>;
  env: Env;
  clock: Clock;
  /** False under `--no-memory`. */
  memory: boolean;
  /** `--share-context`: tasks also get other aliases' prior context where their sharing policy allows. */
  shareContext: boolean;
  /** The run's aliases (candidates for shared context). */
  aliases: readonly string[];
  runId: string;
  /** Where integration-made events (`alert`) go: the run's event log and --json stream. */
  emit: (event: CodexEvent) => void;
}

export interface RunIntegrations {
  hooks: OrchestratorHooks;
  /** Call after the event log is flushed: ends spans, recomputes metrics, closes memory. Called once. */
  close: () => Promise<void>;
  /** One line for the user: where memory and traces go. */
  describe: string;
  /** The open memory store and context bus (undefined under `--no-memory`), e.g. to subscribe to the bus. */
  memory: MemoryBackend | undefined;
}

/**
 * The one place `codex-flow run` assembles memory, metrics and traces around
 * the orchestrator (issue 6). Every integration is one of the
 * {@link OrchestratorHooks}: `listeners` see every event in order (traces,
 * alerts), `contextFor` supplies prior context per task and `onTaskResult`
 * writes the memory record and publishes on the context bus (both skipped
 * under `--no-memory`), `redactText` scrubs secrets before anything is
 * written. `close` recomputes `data/metrics/agents.json` from the event log.
 *
 * Opening the memory backend may fail (MEM_REDIS_URL set, Redis down): that is
 * a MemoryBackendError before anything runs, never a silent switch to files.
 */
export async function createRunIntegrations(options: RunIntegrationOptions): Promise<RunIntegrations> {
  const definitionOf = (aliasOrId: string): AgentDefinition | undefined => {
    try {
      return options.registry.resolve(aliasOrId).definition;
    } catch {
      return undefined;
    }
  };
  const telemetry = await telemetryRunHooks({ root: options.root, env: options.env, clock: options.clock, definitionOf, emit: options.emit });
  const hooks: OrchestratorHooks = { redactText, listeners: telemetry.listeners };
  const parts = [telemetry.tracing ? `traces: ${telemetry.tracing}` : 'traces: off'];
  let closeMemory: () => Promise<void> = async () => undefined;
  let memory: MemoryBackend | undefined;
  if (options.memory && options.config.memory.enabled) {
    const policyFor = policyResolver(definitionOf);
    const backend = await openMemoryBackend({ ctx: options, memoryConfig: options.config.memory, policyFor });
    memory = backend;
    Object.assign(
      hooks,
      memoryRunHooks({ backend, policyFor, clock: options.clock, window: options.config.memory.window, shareContext: options.shareContext, aliases: options.aliases }),
    );
    closeMemory = () => backend.close();
    parts.unshift(`memory: ${backend.describe}${options.shareContext ? ', shared context on' : ''}`);
  } else {
    parts.unshift('memory: off');
  }
  return {
    hooks,
    describe: parts.join('; '),
    memory,
    close: async () => {
      try {
        await telemetry.close();
      } finally {
        await closeMemory();
      }
    },
  };
}
