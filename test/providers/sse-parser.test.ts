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

/** The WHATWG event-stream field rules, written plainly (one slice per line), as the oracle for the parser. */
function referenceParse(stream: string): SseEvent[] {
  const events: SseEvent[] = [];
  let eventName = '';
  let data: string[] = [];
  const dispatch = () => {
    if (data.length > 0) events.push({ event: eventName, data: data.join('\n') });
    data = [];
    eventName = '';
  };
  // EOF ends the last line and dispatches the last event (see the class comment)
  for (const line of stream.split(/\r\n|\r|\n/)) {
    if (line === '') {
      dispatch();
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') eventName = value;
  }
  dispatch();
  return events;
}

describe('SseParser against the plain field rules', () => {
  it('fuzz: random streams of field names, colons, spaces and line ends, in random chunks, give the events of the reference', () => {
    let state = 7;
    const random = () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const tokens = ['data', 'data:', 'data: ', 'event', 'event: ', 'dat', 'datax', 'dataa', 'eventx', 'even', 'id', 'd', 'e', ':', ': ', ' ', 'x', 'ä', '\n', '\n', '\r', '\r\n', '\n\n'];
    let events = 0;
    for (let i = 0; i < 3_000; i++) {
      let stream = '';
      const length = 1 + Math.floor(random() * 30);
      for (let k = 0; k < length; k++) stream += tokens[Math.floor(random() * tokens.length)] as string;
      // a `\r` at the very end is half of a possible `\r\n` for the parser and dropped at EOF; the reference agrees
      const chunks: string[] = [];
      for (let at = 0; at < stream.length; ) {
        const size = 1 + Math.floor(random() * 8);
        chunks.push(stream.slice(at, at + size));
        at += size;
      }
      const expected = referenceParse(stream);
      events += expected.length;
      expect(parseAll(chunks), JSON.stringify(stream)).toEqual(expected);
      expect(parseAll([stream]), JSON.stringify(stream)).toEqual(expected);
    }
    // the generator makes events often enough for the comparison to mean something
    expect(events).toBeGreaterThan(1_000);
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
