import { CodexFlowError } from '../util/errors.js';

/**
 * The memory / context-bus backend cannot be used (Redis unreachable, a
 * command failed). Never swallowed: a configured Redis that is down is an
 * error, not a silent switch to the file backend.
 */
export class MemoryBackendError extends CodexFlowError {
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super('E_MEMORY_BACKEND', message, details, cause === undefined ? undefined : { cause });
    this.name = 'MemoryBackendError';
  }
}
