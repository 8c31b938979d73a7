import { REDACTED, redactText } from '../memory/redact.js';
import type { Env } from '../util/runtime-context.js';

/** Env vars whose values are secrets: their values are stripped from any error text. */
export const SECRET_ENV_NAMES = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'CODEX_API_KEY', 'OLLAMA_API_KEY'] as const;

export type Redactor = (text: string) => string;

/**
 * Builds a redactor that replaces the given secret values, then anything the
 * shared patterns of `memory/redact.ts` recognise (bearer tokens, `sk-` keys,
 * `x-api-key: …` and other credential assignments), with `[REDACTED]`. Used by
 * every adapter before a message leaves it.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const values = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const value of values) out = out.split(value).join(REDACTED);
    return redactText(out);
  };
}

/** A redactor for the secret env vars present in `env`, plus any extra values. */
export function redactorFromEnv(env: Env, extra: readonly (string | undefined)[] = []): Redactor {
  return createRedactor([...SECRET_ENV_NAMES.map((name) => env[name]), ...extra]);
}
