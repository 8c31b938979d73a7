/**
 * Typed errors with a stable `code`. Messages say what happened and what to do.
 * Every module throws one of these (or a subclass) so callers and the CLI can
 * react to `code` instead of parsing text.
 */
export class CodexFlowError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodexFlowError';
    this.code = code;
    this.details = details;
  }
}

/** Input the user gave us is not acceptable (bad id, bad flag, oversized input). */
export class InvalidInputError extends CodexFlowError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('E_INVALID_INPUT', message, details);
    this.name = 'InvalidInputError';
  }
}

/** An id (agent, alias, task) that would be unsafe as a file name. */
export class UnsafeIdError extends CodexFlowError {
  constructor(kind: string, value: string) {
    super(
      'E_UNSAFE_ID',
      `Unsafe ${kind} ${JSON.stringify(value.slice(0, 80))}: use lowercase letters, digits, '.', '_' or '-' (start with a letter or digit, no '..', at most 128 characters).`,
      { kind, value: value.slice(0, 200) },
    );
    this.name = 'UnsafeIdError';
  }
}

/** A file or document does not match the agent schema or the bundle contract. */
export class ValidationError extends CodexFlowError {
  readonly issues: readonly ValidationIssue[];
  constructor(message: string, issues: readonly ValidationIssue[]) {
    super('E_VALIDATION', message, { issues });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export interface ValidationIssue {
  /** File the problem is in (relative where possible). */
  file: string;
  /** Path inside the document, e.g. `runtime.concurrency.max_parallel_tasks`. */
  path: string;
  /** Human-readable reason. */
  message: string;
  /** 1-based line, when known. */
  line?: number;
}

/** The bundle on disk could not be found or read. */
export class BundleError extends CodexFlowError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('E_BUNDLE', message, details);
    this.name = 'BundleError';
  }
}

/** Configuration file problems. */
export class ConfigError extends CodexFlowError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('E_CONFIG', message, details);
    this.name = 'ConfigError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
