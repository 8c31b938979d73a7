import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { routeBatch } from '../../src/routing/route-batch.js';
import { createRouter } from '../../src/routing/router.js';
import { emptyTriggers, smallFleet } from './routing-fixture.js';

const router = createRouter({ agents: smallFleet(), triggers: emptyTriggers() });
const work = mkdtempSync(path.join(tmpdir(), 'route-batch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(input: { file: string } | { text: string }): Promise<{ out: string[]; summary: { lines: number; failed: number } }> {
  let written = '';
  const summary = await routeBatch(router, input, (chunk) => (written += chunk));
  return { out: written.trimEnd().split('\n'), summary };
}

const expected = (text: string, files: string[] = []): string =>
  JSON.stringify({ agents: router.route({ text, files }).agents.map(({ id, score, stage }) => ({ id, score, stage })) });

describe('routeBatch', () => {
  it('gives each line what route() gives it (id, score, stage), for LF, CRLF and lone CR line ends', async () => {
    const requests = ['my terraform plan fails', 'the slow query on orders', 'interest rate on a loan', 'REST endpoint returns 500'];
    const body = `${JSON.stringify({ text: requests[0] })}\r\n${JSON.stringify({ text: requests[1] })}\r${JSON.stringify({ text: requests[2] })}\n\n${JSON.stringify({ text: requests[3], files: ['infra/main.tf'] })}`;
    const { out, summary } = await run({ text: body });
    expect(summary).toEqual({ lines: 4, failed: 0 });
    expect(out).toEqual([expected(requests[0] as string), expected(requests[1] as string), expected(requests[2] as string), expected(requests[3] as string, ['infra/main.tf'])]);
  });

  it('reads a file larger than one read chunk without splitting lines or multi-byte characters', async () => {
    // ~600 KB: lines (with 3-byte and 4-byte UTF-8 characters) cross the 256 KB chunk boundaries.
    const texts = Array.from({ length: 4000 }, (_, i) => `terraform module ${i} für Ünïcode ✓ 🚀 ${'x'.repeat(i % 97)}`);
    const file = path.join(work, 'big.jsonl');
    writeFileSync(file, `${texts.map((text) => JSON.stringify({ text })).join('\n')}\n`);
    const { out, summary } = await run({ file });
    expect(summary).toEqual({ lines: 4000, failed: 0 });
    expect(out).toHaveLength(4000);
    expect(out[0]).toBe(expected(texts[0] as string));
    expect(out[2718]).toBe(expected(texts[2718] as string));
    expect(out[3999]).toBe(expected(texts[3999] as string));
  });

  it('joins a line that spans many read chunks (one 1.5 MB line), then goes on', async () => {
    const file = path.join(work, 'long-line.jsonl');
    writeFileSync(file, `${JSON.stringify({ text: 'slow query '.repeat(140_000) })}\n${JSON.stringify({ text: 'slow query' })}\n`);
    const { out, summary } = await run({ file });
    expect(summary).toEqual({ lines: 2, failed: 1 });
    expect(JSON.parse(out[0] as string).error).toMatch(/^line 1: The task text has 1540000 characters; the limit is 100000/);
    expect(out[1]).toBe(expected('slow query'));
  });

    it('routes the last line without a trailing newline and marks bad lines by number', async () => {
    const { out, summary } = await run({ text: '[1]\n{"text": 5}\n{"text":"slow query"}' });
    expect(summary).toEqual({ lines: 3, failed: 2 });
    expect(JSON.parse(out[0] as string)).toEqual({ agents: [], error: expect.stringMatching(/^line 1: expected a JSON object/) });
    expect(JSON.parse(out[1] as string).error).toMatch(/^line 2: "text" must be a string/);
    expect(out[2]).toBe(expected('slow query'));
  });
});
