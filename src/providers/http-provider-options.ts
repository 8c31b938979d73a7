import type { FetchLike } from './http-stream.js';
import type { Redactor } from './redact-secrets.js';

/** Options shared by the HTTP adapters (openai, anthropic, ollama, codex). */
export interface HttpProviderOptions {
  apiKey?: string;
  model?: string;
  baseUrl?: string;
  /** Max wait for response headers. Default 30 s. */
  connectTimeoutMs?: number;
  /** Max silence inside a stream before it counts as stalled. Default 60 s. */
  idleTimeoutMs?: number;
  /** Default max output tokens. */
  maxOutputTokens?: number;
  /**
   * Sends the requests through this fetch instead of the default node:http(s)
   * transport (keep-alive Agent, no redirects, no proxy, identity encoding:
   * see node-http-transport.ts). For proxies, custom TLS, tests.
   */
  fetch?: FetchLike;
  /** Error-text redactor; by default strips `apiKey` and token-looking strings. */
  redact?: Redactor;
  /** Clock for retry-after HTTP dates. */
  now?: () => number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
