import type { OrchestratorHooks, TaskResult } from '../orchestrator/orchestrator-options.js';
import type { Clock } from '../util/runtime-context.js';
import { contextFor, formatPriorContext } from './context-for.js';
import type { MemoryBackend } from './memory-backend.js';
import type { MemoryPolicyResolver } from './memory-policy.js';
import { completionRecord } from './memory-record.js';

export interface MemoryRunHooksOptions {
  backend: Pick<MemoryBackend, 'store' | 'bus'>;
  policyFor: MemoryPolicyResolver;
  clock: Clock;
  /** Records per alias handed to a task (`memory.window`). */
  window: number;
  /** `--share-context`: other aliases' memory too, where their sharing policy allows. */
  shareContext: boolean;
  /** The run's aliases; aliases that already have memory are added to the candidates for sharing. */
  aliases: readonly string[];
  /** Characters of output published on the context bus per task. Default 2,000. */
  busOutputChars?: number;
}

/**
 * The orchestrator hooks for memory: `contextFor` hands a task its prior
 * context (own alias always; others with `--share-context` and policy),
 * `onTaskResult` writes one completion record per finished task and
 * publishes it on the context bus. Redaction happens inside the store and
 * the bus, before anything is written or delivered.
 */
export function memoryRunHooks(options: MemoryRunHooksOptions): Required<Pick<OrchestratorHooks, 'contextFor' | 'onTaskResult'>> {
  const { backend, policyFor } = options;
  const busChars = options.busOutputChars ?? 2_000;
  let candidates: Promise<string[]> | undefined;
  const sharingCandidates = (): Promise<string[]> =>
    (candidates ??= backend.store.aliases().then((stored) => [...new Set([...options.aliases, ...stored])]));
  return {
    contextFor: async (request) => {
      const prior = await contextFor(backend.store, policyFor, {
        alias: request.alias,
        agentId: request.agentId,
        window: options.window,
        shareContext: options.shareContext,
        otherAliases: options.shareContext ? await sharingCandidates() : [],
      });
      return formatPriorContext(prior) || undefined;
    },
    onTaskResult: async (result: TaskResult) => {
      await backend.store.append(
        completionRecord(
          {
            alias: result.alias,
            agentId: result.agentId,
            taskId: result.taskId,
            runId: result.runId,
            task: result.task,
            ok: result.ok,
            ...(result.ok ? { output: result.output } : {}),
            ...(result.error ? { error: result.error } : {}),
            provider: result.provider,
            ms: result.ms,
            tokensIn: result.tokensIn,
            tokensOut: result.tokensOut,
            cost: result.cost,
            ...(result.simulated ? { data: { simulated: true } } : {}),
          },
          options.clock,
        ),
      );
      await backend.bus.publish({
        alias: result.alias,
        agentId: result.agentId,
        taskId: result.taskId,
        data: { task: result.task, ok: result.ok, output: result.output.slice(0, busChars), ...(result.error ? { error: result.error } : {}) },
      });
    },
  };
}
