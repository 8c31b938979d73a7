import { CodexFlowError } from '../util/errors.js';

/** A task broke the agent's policy (a tool outside its allow-list under `--strict-tools`, an unsafe path). */
export class PolicyError extends CodexFlowError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('E_POLICY', message, details);
    this.name = 'PolicyError';
  }
}
