import type { ErrorInfo } from '../telemetry/events.js';
import { CodexFlowError, errorMessage } from '../util/errors.js';

/** `runtime.timeout_ms` elapsed: the provider call was aborted. */
export class TaskTimeoutError extends CodexFlowError {
  constructor(alias: string, taskId: string, timeoutMs: number) {
    super(
      'E_TASK_TIMEOUT',
      `Task ${alias}/${taskId} exceeded runtime.timeout_ms (${timeoutMs} ms); the provider call was aborted. Raise timeout_ms for this agent or split the task.`,
      { alias, taskId, timeoutMs },
    );
    this.name = 'TaskTimeoutError';
  }
}

/** The run was cancelled (Ctrl-C, or the caller's signal) before or while the task ran. */
export class TaskCancelledError extends CodexFlowError {
  constructor(alias: string, taskId: string) {
    super('E_TASK_CANCELLED', `Task ${alias}/${taskId} was cancelled because the run was stopped.`, { alias, taskId });
    this.name = 'TaskCancelledError';
  }
}

/** A hook (`pre_task`) failed, so the task was not run. */
export class HookFailedError extends CodexFlowError {
  constructor(alias: string, taskId: string, phase: string, exitCode: number | null) {
    super('E_HOOK_FAILED', `The ${phase} hook of ${alias} failed (exit ${exitCode ?? 'none'}) so task ${taskId} was not run; see the hook event for its output.`, {
      alias,
      taskId,
      phase,
    });
    this.name = 'HookFailedError';
  }
}

/** The serialisable error of a `task_error` event (no stack, no secrets beyond the message). */
export function toErrorInfo(error: unknown, redact: (text: string) => string): ErrorInfo {
  const code = error instanceof CodexFlowError ? error.code : 'E_TASK_FAILED';
  const status = (error as { status?: unknown } | undefined)?.status;
  return {
    code,
    message: redact(errorMessage(error)).slice(0, 2_000),
    ...(typeof status === 'number' ? { status } : {}),
  };
}
