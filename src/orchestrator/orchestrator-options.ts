import type { AgentDefinition } from '../agents/schema.js';
import type { TaskWorkspaces } from '../policy/task-workspace.js';
import type { ChatMessage, ModelProvider, Usage } from '../providers/types.js';
import type { EventListener } from '../telemetry/events.js';
import type { Clock, Env } from '../util/runtime-context.js';
import type { RuntimeConfig } from './run-plan.js';

/** What a prior-context provider (memory, context bus) is asked about. */
export interface TaskContextRequest {
  runId: string;
  alias: string;
  agentId: string;
  taskId: string;
  text: string;
  definition: AgentDefinition;
}

/** The full outcome of one task, handed to `onTaskResult` (memory records, metrics). */
export interface TaskResult {
  runId: string;
  alias: string;
  agentId: string;
  taskId: string;
  task: string;
  ok: boolean;
  /** Complete streamed text (not truncated, already passed through `redactText`). */
  output: string;
  ms: number;
  attempts: number;
  provider: string;
  model?: string;
  tokensIn: number;
  tokensOut: number;
  cost: number;
  simulated: boolean;
  error?: { code: string; message: string };
  workspace?: string;
  queueWaitMs: number;
  toolCalls: number;
}

/**
 * Integration points for memory, metrics and traces (issue 6). All optional;
 * when absent they cost nothing on the hot path.
 */
export interface OrchestratorHooks {
  /** Receive every event synchronously, in order (event log, --json, metrics, traces). */
  listeners?: EventListener[];
  /** Prior context for a task; returned text is added to the prompt as "Context:". */
  contextFor?: (request: TaskContextRequest) => Promise<string | undefined> | string | undefined;
  /** Called once per finished task (ok or failed) with its full result. Awaited before the task slot frees. */
  onTaskResult?: (result: TaskResult) => Promise<void> | void;
  /** Applied to task text, streamed chunks, outputs and error messages before they reach events or files. */
  redactText?: (text: string) => string;
}

export type BuildTaskMessages = (definition: AgentDefinition, task: string, options: { provider: string; alias: string; context?: string }) => ChatMessage[];

export type CostOf = (usage: Usage, provider: string, model: string | undefined) => number;

export interface OrchestratorOptions extends OrchestratorHooks {
  provider: ModelProvider;
  runtime: Pick<RuntimeConfig, 'retries' | 'hook_timeout_ms'> & { workspace_retention_ms?: number };
  buildMessages: BuildTaskMessages;
  /** Cost in USD of one call; defaults to 0 (offline, unknown prices). */
  costOf?: CostOf;
  strictTools?: boolean;
  /** Run the agents' pre_task/post_task/failure hooks (`--hooks`). Requires `workspaces`. */
  runHooks?: boolean;
  /** Where task workspaces go; omit to run without workspaces (library use, benches). */
  workspaces?: TaskWorkspaces;
  /** Environment hooks start from (scrubbed before use). */
  env?: Env;
  clock?: Clock;
  /** Aborting it stops the run: waiting tasks are dropped, running calls aborted. */
  signal?: AbortSignal;
  /** Characters of output copied into the `task_complete` event (the full text goes to output.json). Default 4,000. */
  eventOutputChars?: number;
}
