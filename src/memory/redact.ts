/**
 * Redaction, applied BEFORE anything is written (memory, event log) or shared
 * (context bus, traces). Two rules, both always on:
 *
 * 1. Values that look like secrets are replaced inside any string: OpenAI /
 *    Anthropic keys (`sk-…`, `sk-ant-…`), GitHub tokens (`ghp_…`,
 *    `github_pat_…`), AWS access key ids (`AKIA…`), Slack, Google, Stripe and
 *    npm tokens, `Bearer …` / `Basic …` credentials, JWTs, PEM private-key
 *    blocks, `password=…` / `api_key: …` style assignments and the password
 *    in `scheme://user:password@host` URLs.
 * 2. Keys: object keys named like a credential (`password`, `secret`,
 *    `api_key`, `token`, `authorization`, `credentials`, `private_key`, …) and
 *    any key path listed in `memory.sharing_policy.redact` have their whole
 *    value replaced.
 *
 * Key paths are dotted from the record root (`output.credentials`,
 * `task.*.token`): `*` matches one segment (an object key or an array index),
 * `**` any number of segments, and a bare name without dots (`api_key`)
 * matches that key at any depth. Every match becomes {@link REDACTED}.
 *
 * Apply {@link redactValue} to values BEFORE serialising them; {@link redactText}
 * on serialised JSON works for the patterns above but cannot see key paths.
 */
export const REDACTED = '[REDACTED]';

interface TextRule {
  pattern: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

/** Ordered: the widest constructs (PEM blocks, assignments) first. */
const TEXT_RULES: readonly TextRule[] = [
  { pattern: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|$)/g, replace: REDACTED },
  {
    pattern:
      /\b((?:password|passwd|pwd|passphrase|secret|client_secret|secret_access_key|aws_secret_access_key|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|refresh[_-]?token|token)["']?\s*[=:]\s*)(?!\[REDACTED\]|"\[REDACTED\]"|'\[REDACTED\]')("[^"\n]*"|'[^'\n]*'|[^\s"'&,;]+)/gi,
    // Quoted values keep their quotes, so redacted JSON or YAML text stays well-formed.
    replace: (_match: string, key: string, value: string) => `${key}${value.startsWith('"') ? `"${REDACTED}"` : value.startsWith("'") ? `'${REDACTED}'` : REDACTED}`,
  },
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)(?!\[REDACTED\]@)[^\s@/]+@/gi, replace: `$1${REDACTED}@` },
  { pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]{8,}=*/gi, replace: `$1 ${REDACTED}` },
  { pattern: /\bsk-[A-Za-z0-9_-]{16,}/g, replace: REDACTED },
  { pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, replace: REDACTED },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replace: REDACTED },
  { pattern: /\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/gi, replace: REDACTED }, // also lower-cased copies (keyword extraction, slugs)
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, replace: REDACTED },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: REDACTED },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}/g, replace: REDACTED },
  { pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g, replace: REDACTED },
  { pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: REDACTED },
];

/** Object keys whose value is always a credential, whatever the policy says. */
const SENSITIVE_KEY =
  /^(?:password|passwd|passphrase|secret|client_secret|secret_access_key|api[_-]?key|apikey|x-api-key|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|authorization|cookie|set-cookie|credentials?|private[_-]?key)$/i;

/**
 * Cheap first pass: every rule above needs one of these substrings, so text
 * without any of them is returned untouched after a single scan.
 */
const TRIGGER = /sk-|gh[pousr]_|github_pat_|AKIA|ASIA|AIDA|AROA|eyJ|xox|AIza|_live_|_test_|npm_|bearer|basic|private key|pass|pwd|secret|key|token|:\/\//i;

/** Replaces every secret-looking value inside `text` with {@link REDACTED}. */
export function redactText(text: string): string {
  if (!TRIGGER.test(text)) return text;
  let out = text;
  for (const rule of TEXT_RULES) out = typeof rule.replace === 'string' ? out.replace(rule.pattern, rule.replace) : out.replace(rule.pattern, rule.replace);
  return out;
}

/** True when `text` contains something {@link redactText} would replace. */
export function containsSecret(text: string): boolean {
  if (!TRIGGER.test(text)) return false;
  return TEXT_RULES.some((rule) => {
    rule.pattern.lastIndex = 0;
    const found = rule.pattern.test(text);
    rule.pattern.lastIndex = 0;
    return found;
  });
}

/** Compiled `sharing_policy.redact` key paths. */
export interface RedactPaths {
  readonly patterns: readonly (readonly string[])[];
}

/** Compiles key paths once (see the module comment for the syntax). */
export function compileRedactPaths(paths: readonly string[] = []): RedactPaths {
  const patterns = paths
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const segments = entry.split('.').filter((segment) => segment.length > 0);
      return segments.length === 1 && segments[0] !== '*' && segments[0] !== '**' ? ['**', ...segments] : segments;
    });
  return { patterns };
}

function segmentsMatch(pattern: readonly string[], pi: number, path: readonly string[], si: number): boolean {
  if (pi === pattern.length) return si === path.length;
  const head = pattern[pi];
  if (head === '**') {
    for (let skip = si; skip <= path.length; skip += 1) if (segmentsMatch(pattern, pi + 1, path, skip)) return true;
    return false;
  }
  if (si === path.length) return false;
  return (head === '*' || head === path[si]) && segmentsMatch(pattern, pi + 1, path, si + 1);
}

function pathIsRedacted(paths: RedactPaths, path: readonly string[]): boolean {
  return paths.patterns.some((pattern) => segmentsMatch(pattern, 0, path, 0));
}

const MAX_DEPTH = 64;

/**
 * Returns a redacted deep copy of `value` (plain objects and arrays are
 * walked; strings go through {@link redactText}; the input is never mutated).
 */
export function redactValue<T>(value: T, paths: RedactPaths | readonly string[] = EMPTY_PATHS): T {
  const compiled = isCompiled(paths) ? paths : compileRedactPaths(paths);
  return walk(value, compiled, [], new WeakSet<object>()) as T;
}

/** A redactor bound to one policy's key paths, for repeated use on a hot path. */
export function createValueRedactor(paths: readonly string[] = []): <T>(value: T) => T {
  const compiled = compileRedactPaths(paths);
  return <T>(value: T): T => walk(value, compiled, [], new WeakSet<object>()) as T;
}

const EMPTY_PATHS: RedactPaths = { patterns: [] };

function isCompiled(paths: RedactPaths | readonly string[]): paths is RedactPaths {
  return !Array.isArray(paths) && typeof paths === 'object' && paths !== null && 'patterns' in paths;
}

function walk(value: unknown, paths: RedactPaths, path: string[], seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (path.length >= MAX_DEPTH) return '[TRUNCATED]';
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), ...('code' in value ? { code: (value as { code: unknown }).code } : {}) };
  }
  if (Array.isArray(value)) {
    seen.add(value);
    const out = value.map((item, index) => {
      const childPath = [...path, String(index)];
      return pathIsRedacted(paths, childPath) ? REDACTED : walk(item, paths, childPath, seen);
    });
    seen.delete(value);
    return out;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary]';
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = [...path, key];
    out[key] = child !== undefined && (SENSITIVE_KEY.test(key) || pathIsRedacted(paths, childPath)) ? REDACTED : walk(child, paths, childPath, seen);
  }
  seen.delete(value);
  return out;
}
