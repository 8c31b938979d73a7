import type { Env } from '../util/runtime-context.js';

/**
 * Variable names that carry credentials and never reach a hook: API keys,
 * tokens, secrets, passwords, credentials, private keys, every `CODEX_*`
 * variable (CODEX_API_KEY, CODEX_FLOW_TOKEN, ...) and connection URLs that may
 * embed a password (MEM_REDIS_URL, DATABASE_URL, ...).
 */
const CREDENTIAL_NAME = /(API_?KEY|TOKEN|SECRET|PASSW(OR)?D|CREDENTIAL|PRIVATE_?KEY|AUTH|SESSION|COOKIE|^CODEX_|_URL$|_DSN$)/i;

/** True when a variable name looks like it holds a credential. */
function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** A copy of `env` without credential-looking variables, plus `extra` (which wins). */
export function scrubbedEnv(env: Env, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isCredentialName(name)) continue;
    out[name] = value;
  }
  return { ...out, ...extra };
}
