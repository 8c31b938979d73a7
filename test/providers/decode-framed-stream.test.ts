import { describe, expect, it } from 'vitest';
import { decodeFramedStream } from '../../src/providers/decode-framed-stream.js';
import { LineSplitter } from '../../src/providers/sse-parser.js';
import type { ModelStreamPart } from '../../src/providers/types.js';

/** A body as text chunks that records how far it was read and whether it was closed early. */
function body(chunks: string[]): { source: AsyncGenerator<string>; log: string[] } {
  const log: string[] = [];
  async function* source(): AsyncGenerator<string> {
    try {
      for (const chunk of chunks) {
        log.push(`read ${chunk.trim().replaceAll('\n', ',')}`);
        yield chunk;
      }
      log.push('eof');
    } finally {
      log.push('closed');
    }
  }
  return { source: source(), log };
}

/** Lines: `t:x` → text x, `end` → end marker, `bad` → decode error. */
function lineDecoder(log: string[]) {
  const state = {
    done: false,
    eof: (): ModelStreamPart[] => {
      log.push('state.eof');
      return [{ type: 'finish', reason: 'other', provider: 'p' }];
    },
  };
  const decode = (line: string): ModelStreamPart[] => {
    log.push(`decode ${line}`);
    if (line === 'bad') throw new Error('bad frame');
    if (line === 'end') {
      state.done = true;
      return [{ type: 'finish', reason: 'stop', provider: 'p' }];
    }
    return [{ type: 'text-delta', text: line.slice(2) }];
  };
  return { state, decode };
}

async function collect(iterable: AsyncIterable<ModelStreamPart>, stopAfter = Infinity): Promise<string[]> {
  const out: string[] = [];
  for await (const part of iterable) {
    out.push(part.type === 'text-delta' ? part.text : part.type);
    if (out.length >= stopAfter) break;
  }
  return out;
}

describe('decodeFramedStream', () => {
  it('stops at the end marker without decoding what follows, and closes the body', async () => {
    const { source, log } = body(['t:a\nt:b\nend\nt:after\n', 't:never\n']);
    const { state, decode } = lineDecoder(log);
    expect(await collect(decodeFramedStream(source, new LineSplitter(), decode, state))).toEqual(['a', 'b', 'finish']);
    expect(log).toEqual(['read t:a,t:b,end,t:after', 'decode t:a', 'decode t:b', 'decode end', 'closed']);
  });

  it('decodes a frame only when its parts are asked for (a consumer that stops early decodes nothing more)', async () => {
    const { source, log } = body(['t:a\nt:b\nbad\n']);
    const { state, decode } = lineDecoder(log);
    expect(await collect(decodeFramedStream(source, new LineSplitter(), decode, state), 1)).toEqual(['a']);
    expect(log).toEqual(['read t:a,t:b,bad', 'decode t:a', 'closed']);
  });

  it('throws a decode error after the parts before it, and closes the body first', async () => {
    const { source, log } = body(['t:a\nbad\nt:c\n', 't:d\n']);
    const { state, decode } = lineDecoder(log);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const part of decodeFramedStream(source, new LineSplitter(), decode, state)) seen.push(part.type === 'text-delta' ? part.text : part.type);
      })(),
    ).rejects.toThrow('bad frame');
    expect(seen).toEqual(['a']);
    expect(log).toEqual(['read t:a,bad,t:c', 'decode t:a', 'decode bad', 'closed']);
  });

  it('flushes the last unterminated frame at EOF, then lets state.eof() finish', async () => {
    const { source, log } = body(['t:a\nt:', 'b']);
    const { state, decode } = lineDecoder(log);
    expect(await collect(decodeFramedStream(source, new LineSplitter(), decode, state))).toEqual(['a', 'b', 'finish']);
    expect(log).toEqual(['read t:a,t:', 'decode t:a', 'read b', 'eof', 'closed', 'decode t:b', 'state.eof']);
  });

  it('passes on a body read error', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 't:a\n';
      throw new Error('reset');
    }
    const { state, decode } = lineDecoder([]);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const part of decodeFramedStream(failing(), new LineSplitter(), decode, state)) seen.push(part.type === 'text-delta' ? part.text : part.type);
      })(),
    ).rejects.toThrow('reset');
    expect(seen).toEqual(['a']);
  });

  it('hands out parts in call order when next() calls overlap, as an async generator does', async () => {
    async function* slow(): AsyncGenerator<string> {
      for (const chunk of ['t:a\n', 't:b\n', 't:c\n']) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield chunk;
      }
    }
    const state = { done: false, eof: (): ModelStreamPart[] => [] };
    const it = decodeFramedStream(slow(), new LineSplitter(), (line: string) => [{ type: 'text-delta', text: line.slice(2) }], state);
    const got: string[] = [];
    const text = (r: IteratorResult<ModelStreamPart>): string => (r.value as { text: string }).text;
    // two asked ahead, a third as soon as the first answers
    const p1 = it.next().then(async (r) => {
      got.push(`1:${text(r)}`);
      got.push(`3:${text(await it.next())}`);
    });
    const p2 = it.next().then((r) => void got.push(`2:${text(r)}`));
    await Promise.all([p1, p2]);
    expect(got.sort()).toEqual(['1:a', '2:b', '3:c']);
    expect((await it.next()).done).toBe(true);
  });
});
