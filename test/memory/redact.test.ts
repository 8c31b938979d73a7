import { describe, expect, it } from 'vitest';
import { compileRedactPaths, containsSecret, REDACTED, redactText, redactValue, createValueRedactor } from '../../src/memory/redact.js';

describe('redactText: values that look like secrets', () => {
  const cases: Array<[string, string]> = [
    ['openai key', 'key sk-proj-AbCdEf0123456789GhIjKlMnOpQr end'],
    ['anthropic key', 'key sk-ant-api03-AbCdEf0123456789_GhIjKlMn-op end'],
    ['github token', 'token ghp_0123456789abcdefghijABCDEFGHIJklmnop end'],
    ['github pat', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz end'],
    ['aws access key id', 'id AKIAIOSFODNN7EXAMPLE end'],
    ['bearer', 'Authorization: Bearer abc.def-ghi_jkl~123456 end'],
    ['jwt', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end'],
    ['password assignment', 'login password=hunter2! end'],
    ['quoted json secret', '{"api_key": "abc123secretvalue"} end'],
    ['url password', 'redis://user:s3cr3tpass@db.example:6379 end'],
    ['slack token', 'xoxb-1234567890-abcdefghijkl end'],
  ];
  it.each(cases)('%s', (_name, input) => {
    const out = redactText(input);
    expect(out).toContain(REDACTED);
    expect(out).toMatch(/end$/);
    expect(containsSecret(input)).toBe(true);
    expect(containsSecret(out)).toBe(false);
    expect(redactText(out)).toBe(out); // idempotent
  });

  it('removes a whole PEM private key block, even an unterminated one', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc\n-----END RSA PRIVATE KEY-----';
    expect(redactText(`before\n${pem}\nafter`)).toBe(`before\n${REDACTED}\nafter`);
    expect(redactText('x -----BEGIN PRIVATE KEY-----\nMIIE partial')).toBe(`x ${REDACTED}`);
  });

  it('keeps serialised JSON well-formed', () => {
    const line = JSON.stringify({ kind: 'chunk', api_key: 'abc123secret', password: 'p@ss word', text: 'sk-proj-AbCdEf0123456789GhIjKlMnOpQr' });
    const parsed = JSON.parse(redactText(line)) as Record<string, string>;
    expect(parsed).toEqual({ kind: 'chunk', api_key: REDACTED, password: REDACTED, text: REDACTED });
  });

  it('leaves ordinary text alone', () => {
    const text = 'Review src/task-runner.ts: tokensIn=120, the risk-assessment is done; bearer of news; sk-learn.';
    expect(redactText(text)).toBe(text);
    expect(containsSecret(text)).toBe(false);
  });

  it('stays linear on hostile input', () => {
    const hostile = `${'password='.repeat(20_000)}${'a'.repeat(50_000)}${'-----BEGIN PRIVATE KEY-----'.repeat(2_000)}`;
    const started = performance.now();
    redactText(hostile);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('redactValue: key paths and credential-named keys', () => {
  const record = {
    task: { steps: [{ token: 't1', text: 'a' }, { token: 't2', text: 'b' }], meta: { owner: 'me' } },
    output: { credentials: { user: 'u', pass: 'p' }, result: 'ok' },
    nested: { deep: { api_key: 'k' } },
    tokensIn: 12,
    secretNote: 'plain',
  };

  it('redacts the listed paths with * and ** wildcards and bare names at any depth', () => {
    const out = redactValue(record, ['output.credentials', 'task.steps.*.text', 'owner']);
    expect(out.output).toEqual({ credentials: REDACTED, result: 'ok' });
    expect(out.task.steps).toEqual([
      { token: REDACTED, text: REDACTED },
      { token: REDACTED, text: REDACTED },
    ]);
    expect(out.task.meta).toEqual({ owner: REDACTED });
    expect(out.nested.deep.api_key).toBe(REDACTED); // credential-named key, always
    expect(out.tokensIn).toBe(12); // not a credential key
    expect(out.secretNote).toBe('plain');
    expect(record.output.credentials.pass).toBe('p'); // input untouched
  });

  it('handles `**` in the middle, arrays of primitives, cycles, errors and dates', () => {
    const cyclic: Record<string, unknown> = { list: ['sk-proj-AbCdEf0123456789GhIjKlMnOpQr', 'fine'], when: new Date(0) };
    cyclic.self = cyclic;
    cyclic.failure = new Error('failed with Bearer abcdefghijklmnop');
    const out = redactValue({ a: { b: { c: { secretish: 1 } } }, cyclic }, compileRedactPaths(['a.**.secretish']));
    expect(out.a.b.c.secretish).toBe(REDACTED);
    expect((out.cyclic as Record<string, unknown>).list).toEqual([REDACTED, 'fine']);
    expect((out.cyclic as Record<string, unknown>).self).toBe('[Circular]');
    expect((out.cyclic as Record<string, unknown>).when).toBe('1970-01-01T00:00:00.000Z');
    expect(JSON.stringify(out)).not.toContain('abcdefghijklmnop');
  });

  it('a bound redactor gives the same result', () => {
    expect(createValueRedactor(['output.credentials'])(record)).toEqual(redactValue(record, ['output.credentials']));
  });
});
