import { describe, expect, it } from 'vitest';
import { LineSplitter, SseParser, type SseEvent } from '../../src/providers/sse-parser.js';

function parseAll(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return events;
}

const STREAM = 'event: a\r\ndata: {"x":"1\u2028 2"}\r\n\r\n: comment\n...\ndata:no-space\ndata: second line\n\rid: 7\rdata: last';

describe('SseParser', () => {
  const expected: SseEvent[] = [
    { event: 'a', data: '{"x":"1\u2028 2"}' },
    { event: '', data: 'no-space\nsecond line' },
    { event: '', data: 'last' },
  ];

  it('handles CRLF, CR, LF, comments, unknown fields, multi-line data, U+2028 and an unterminated last event', () => {
    expect(parseAll([STREAM])).toEqual(expected);
  });

  it('gives the same events whatever the chunking (every split point, and one char at a time)', () => {
    for (let i = 1; i < STREAM.length; i++) expect(parseAll([STREAM.slice(0, i), STREAM.slice(i)])).toEqual(expected);
    expect(parseAll([...STREAM])).toEqual(expected);
  });
});

describe('LineSplitter', () => {
  it('buffers partial NDJSON lines and flushes the last one at EOF', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(splitter.push(':2}\n\n{"c":3}')).toEqual(['{"b":2}']);
    expect(splitter.end()).toEqual(['{"c":3}']);
  });
});

describe('bounded buffers', () => {
  it('a line that never ends fails with a clear error instead of growing forever', () => {
    const parser = new SseParser(1_000);
    expect(() => parser.push(`data: ${'x'.repeat(2_000)}`)).toThrow(/passed 1000 characters without ending/);
    const multi = new SseParser(1_000);
    expect(() => multi.push(`${'data: xxxxxxxxxx\n'.repeat(200)}`)).toThrow(/malformed/);
    expect(() => new LineSplitter(100).push('{'.repeat(500))).toThrow(/without ending/);
  });
});
