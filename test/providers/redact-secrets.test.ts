import { describe, expect, it } from 'vitest';
import { createRedactor, redactorFromEnv } from '../../src/providers/redact-secrets.js';

describe('redaction of secrets in error text', () => {
  it('strips configured key values, Bearer tokens, sk- keys and x-api-key values', () => {
    const redact = redactorFromEnv({ ANTHROPIC_API_KEY: 'ant-abc-123-secret', OPENAI_API_KEY: 'sk-proj-0123456789abcdef', CODEX_API_KEY: 'codex-tok-42xyz' });
    const text =
      'key ant-abc-123-secret failed; Authorization: Bearer codex-tok-42xyz; ' +
      'Incorrect API key provided: sk-proj-0123456789abcdef. other sk-live-ZZZZZZZZZZZZ x-api-key: raw-key_value';
    const out = redact(text);
    for (const secret of ['ant-abc-123-secret', 'codex-tok-42xyz', 'sk-proj-0123456789abcdef', 'sk-live-ZZZZZZZZZZZZ', 'raw-key_value']) expect(out).not.toContain(secret);
    expect(out).toContain('Bearer [REDACTED]');
    expect(out).toContain('x-api-key: [REDACTED]');
    expect(out).toContain('Incorrect API key provided: [REDACTED]');
  });

  it('leaves ordinary text alone and ignores very short or empty secrets', () => {
    const redact = createRedactor(['', 'ab', undefined]);
    expect(redact('a normal error about tasks and skills')).toBe('a normal error about tasks and skills');
  });
});
