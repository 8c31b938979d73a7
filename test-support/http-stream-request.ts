import { expect } from 'vitest';
import type { HttpStreamRequest } from '../src/providers/http-stream.js';
import { ProviderError } from '../src/providers/provider-error.js';

/** An HttpStream request to `url` with short test timeouts and no redaction; `extra` overrides any field. */
export const httpStreamRequest = (url: string, extra: Partial<HttpStreamRequest> = {}): HttpStreamRequest => ({
  provider: 'test',
  url,
  headers: { 'content-type': 'application/json' },
  body: { x: 1 },
  connectTimeoutMs: 5_000,
  idleTimeoutMs: 5_000,
  redact: (s) => s,
  ...extra,
});

/** The ProviderError `promise` rejects with (fails the test when it resolves or rejects with something else). */
export async function providerFailure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a failure');
}
