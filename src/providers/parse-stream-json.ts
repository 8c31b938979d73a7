import { ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import type { Redactor } from './redact-secrets.js';

/**
 * Parses one frame of a streamed answer (an SSE `data:` payload, an NDJSON
 * line); a frame that is not JSON becomes a retryable protocol
 * {@link ProviderError} quoting (redacted) its first 120 characters.
 */
export function parseStreamJson(provider: string, frame: string, redact: Redactor, what = 'malformed JSON in the stream'): unknown {
  try {
    return JSON.parse(frame) as unknown;
  } catch {
    throw new ProviderError(redact(`${provider}: ${what}: ${frame.slice(0, 120)}`), {
      provider,
      code: PROVIDER_ERROR_CODES.protocol,
      retryable: true,
    });
  }
}
