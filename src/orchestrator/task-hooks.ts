import type { AgentDefinition } from '../agents/schema.js';
import { runHookCommand, type HookPhase, type HookRunResult } from '../policy/hook-runner.js';
import { scrubbedEnv } from '../policy/scrubbed-env.js';
import type { Env } from '../util/runtime-context.js';

export interface HookContext {
  runId: string;
  alias: string;
  agentId: string;
  taskId: string;
  task: string;
  workspace: string;
}

export interface TaskHookSettings {
  env: Env;
  timeoutMs: number;
}

/**
 * Runs the agent's `hooks.<phase>` commands one after another in the task's
 * workspace, with a scrubbed environment (no credentials) plus TASK,
 * TASK_ID, AGENT_ID, ALIAS, RUN_ID and WORKSPACE. Stops at the first failing
 * command. Callers only get here under `--hooks`.
 */
export async function runTaskHooks(
  definition: AgentDefinition,
  phase: HookPhase,
  context: HookContext,
  settings: TaskHookSettings,
  report: (phase: HookPhase, result: HookRunResult) => void,
): Promise<boolean> {
  const commands = definition.hooks[phase];
  if (commands.length === 0) return true;
  const env = scrubbedEnv(settings.env, {
    TASK: context.task,
    TASK_ID: context.taskId,
    AGENT_ID: context.agentId,
    ALIAS: context.alias,
    RUN_ID: context.runId,
    WORKSPACE: context.workspace,
  });
  for (const command of commands) {
    const result = await runHookCommand(command, { cwd: context.workspace, env, timeoutMs: settings.timeoutMs });
    report(phase, result);
    if (!result.ok) return false;
  }
  return true;
}
