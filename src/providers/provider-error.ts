import { CodexFlowError } from '../util/errors.js';
import type { ErrorInfo } from './types.js';

/** Stable codes for everything a provider can fail with. */
export const PROVIDER_ERROR_CODES = {
  auth: 'E_PROVIDER_AUTH',
  badRequest: 'E_PROVIDER_BAD_REQUEST',
  quota: 'E_PROVIDER_QUOTA',
  rateLimit: 'E_PROVIDER_RATE_LIMIT',
  overloaded: 'E_PROVIDER_OVERLOADED',
  server: 'E_PROVIDER_SERVER',
  notFound: 'E_PROVIDER_NOT_FOUND',
  timeout: 'E_PROVIDER_TIMEOUT',
  network: 'E_PROVIDER_NETWORK',
  stream: 'E_PROVIDER_STREAM',
  protocol: 'E_PROVIDER_PROTOCOL',
  aborted: 'E_PROVIDER_ABORTED',
  outputLimit: 'E_PROVIDER_OUTPUT_LIMIT',
  exit: 'E_PROVIDER_EXIT',
  config: 'E_PROVIDER_CONFIG',
  unavailable: 'E_PROVIDER_UNAVAILABLE',
} as const;

export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[keyof typeof PROVIDER_ERROR_CODES];

export interface ProviderErrorOptions {
  provider: string;
  code: ProviderErrorCode;
  /** HTTP status (529 for Anthropic's in-band `overloaded_error`). */
  status?: number;
  /** Whether trying the same provider again may help. */
  retryable: boolean;
  /** Delay the server asked for (`retry-after-ms` / `retry-after`), in ms. */
  retryAfterMs?: number;
  /** Provider-specific error type (`insufficient_quota`, `overloaded_error`, ...). */
  providerCode?: string;
  cause?: unknown;
}

/**
 * A provider failed, before or during its stream. Messages are already
 * redacted (see redact-secrets.ts); `retryable` drives the failover layer.
 */
export class ProviderError extends CodexFlowError {
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly providerCode: string | undefined;
  declare readonly code: ProviderErrorCode;

  constructor(message: string, options: ProviderErrorOptions) {
    super(options.code, message, { provider: options.provider, status: options.status, providerCode: options.providerCode }, { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = options.provider;
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.providerCode = options.providerCode;
  }

  toErrorInfo(): ErrorInfo {
    return this.status === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, status: this.status };
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** Maps an HTTP status (plus the provider's error type) to a code and retryability. */
export function classifyHttpStatus(status: number, providerCode?: string): { code: ProviderErrorCode; retryable: boolean } {
  if (providerCode === 'insufficient_quota') return { code: PROVIDER_ERROR_CODES.quota, retryable: false };
  if (status === 401 || status === 403) return { code: PROVIDER_ERROR_CODES.auth, retryable: false };
  if (status === 404) return { code: PROVIDER_ERROR_CODES.notFound, retryable: false };
  if (status === 408) return { code: PROVIDER_ERROR_CODES.timeout, retryable: true };
  if (status === 409) return { code: PROVIDER_ERROR_CODES.server, retryable: true };
  if (status === 429) return { code: PROVIDER_ERROR_CODES.rateLimit, retryable: true };
  if (status === 529 || providerCode === 'overloaded_error') return { code: PROVIDER_ERROR_CODES.overloaded, retryable: true };
  if (status >= 500) return { code: PROVIDER_ERROR_CODES.server, retryable: true };
  return { code: PROVIDER_ERROR_CODES.badRequest, retryable: false };
}

/**
 * Parses `retry-after-ms` (float ms) or `retry-after` (float seconds or an
 * HTTP date). Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(headers: Headers, nowMs: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const after = headers.get('retry-after');
  if (after === null) return undefined;
  const seconds = Number(after.trim());
  if (after.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(after);
  if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  return undefined;
}
