import { describe, expect, it } from 'vitest';
import { redactText } from '../../src/memory/redact.js';
import { createStreamRedactor } from '../../src/memory/stream-redactor.js';

const OPENAI_KEY = 'sk-proj-AbCdEf0123456789GhIjKlMnOpQr';
const TEXT = [
  `Here is the key ${OPENAI_KEY} you asked for.`,
  'Authorization: Bearer abcdefghijklmnop.qrstuvwxyz0123',
  'db password = "correct horse battery staple" and api_key: k3y-value-here',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretpemmaterial\nmoresecretlines==\n-----END RSA PRIVATE KEY-----',
  'token ghp_0123456789abcdefghijABCDEFGHIJklmnop then AKIAIOSFODNN7EXAMPLE and the usual prose with tokens: 120.',
].join('\n');
const SECRETS = [OPENAI_KEY, 'abcdefghijklmnop', 'correct horse', 'k3y-value-here', 'secretpemmaterial', 'moresecretlines', 'ghp_0123', 'AKIAIOSFODNN7EXAMPLE'];

/** Deterministic pseudo-random chunk sizes (1..12 chars, like token streams). */
function chunks(text: string, seed: number): string[] {
  const out: string[] = [];
  let state = seed;
  for (let index = 0; index < text.length; ) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const size = 1 + (state % 12);
    out.push(text.slice(index, index + size));
    index += size;
  }
  return out;
}

describe('createStreamRedactor', () => {
  it('per-chunk redaction leaks a split secret (the problem)', () => {
    const leaked = chunks(TEXT, 7).map(redactText).join('');
    expect(SECRETS.some((secret) => leaked.includes(secret))).toBe(true);
  });

  it.each([1, 2, 3, 7, 42, 1234, 99_999])('whatever the chunking (seed %i), the stream equals redacting the whole text', (seed) => {
    const redactor = createStreamRedactor();
    const emitted = chunks(TEXT, seed).map((chunk) => redactor.push(chunk));
    const joined = emitted.join('') + redactor.flush();
    expect(joined).toBe(redactText(TEXT));
    for (const secret of SECRETS) expect(joined).not.toContain(secret);
  });

  it('one character at a time', () => {
    const redactor = createStreamRedactor();
    const joined = [...TEXT].map((char) => redactor.push(char)).join('') + redactor.flush();
    expect(joined).toBe(redactText(TEXT));
  });

  it('releases ordinary text promptly: only the unfinished last word is held', () => {
    const redactor = createStreamRedactor();
    expect(redactor.push('Hello wor')).toBe('Hello ');
    expect(redactor.push('ld, how are')).toBe('world, how ');
    expect(redactor.flush()).toBe('are');
  });

  it('never holds more than the bound', () => {
    const redactor = createStreamRedactor(redactText, 100);
    expect(redactor.push('x'.repeat(150))).toBe('x'.repeat(150));
    expect(redactor.flush()).toBe('');
  });
});
