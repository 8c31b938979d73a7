import { describe, expect, it, vi } from 'vitest';
import { collectStream } from '../../src/providers/collect-stream.js';
import { decodeFramedStream } from '../../src/providers/decode-framed-stream.js';
import { FailoverProvider } from '../../src/providers/failover-provider.js';
import { lazyPartStream } from '../../src/providers/lazy-part-stream.js';
import { ProviderError, PROVIDER_ERROR_CODES } from '../../src/providers/provider-error.js';
import { LineSplitter } from '../../src/providers/sse-parser.js';
import type { ModelProvider, ModelRequest, ModelStreamPart } from '../../src/providers/types.js';

const request = (): ModelRequest => ({ agentId: 'a', alias: 'a', taskId: 't', task: 'x', messages: [{ role: 'user', content: 'x' }] });
const noSleep = async () => {};

/**
 * A provider shaped like the HTTP adapters (lazy start, framed decoding, so
 * its parts can be pulled in a burst): each chunk holds lines `t:x` (text x),
 * `end` (finish), `bad` (a retryable stream error).
 */
class LineProvider implements ModelProvider {
  readonly calls: ModelRequest[] = [];
  closed = 0;

  constructor(
    readonly name: string,
    private readonly chunks: string[],
  ) {}

  stream(req: ModelRequest): AsyncIterable<ModelStreamPart> {
    this.calls.push(req);
    return lazyPartStream(async () => {
      const state = { done: false, eof: (): ModelStreamPart[] => [] };
      const decode = (line: string): ModelStreamPart[] => {
        if (line === 'bad') throw new ProviderError(`${this.name}: broken frame`, { provider: this.name, code: PROVIDER_ERROR_CODES.stream, retryable: true });
        if (line === 'end') {
          state.done = true;
          return [{ type: 'finish', reason: 'stop' }];
        }
        return [{ type: 'text-delta', text: line.slice(2) }];
      };
      return decodeFramedStream(this.body(), new LineSplitter(), decode, state);
    });
  }

  private async *body(): AsyncGenerator<string> {
    try {
      for (const chunk of this.chunks) yield chunk;
    } finally {
      this.closed += 1;
    }
  }
}

describe('FailoverProvider over buffered part sources (parts of one read passed on without the generator)', () => {
  it('a burst that breaks mid-chunk: the parts before the error count as streamed, the fallback resumes after them', async () => {
    const a = new LineProvider('a', ['t:ab\nt:cd\nt:ef\n', 'bad\nt:never\n']);
    const b = new LineProvider('b', ['t:gh\nend\n']);
    const result = await collectStream(new FailoverProvider([a, b], { sleep: noSleep }).stream(request()));
    expect(result.text).toBe('abcdefgh');
    expect(result.failovers).toEqual([{ type: 'failover', from: 'a', to: 'b', reason: expect.stringMatching(/broken frame \(after 6 characters\)/), resumeAt: 6 }]);
    expect(b.calls[0]?.resumeFrom).toBe('abcdef');
    expect(result.finishReason).toBe('stop');
    expect(result.provider).toBe('b');
  });

  it('the same parts and bookkeeping as through the generator, chunk after chunk', async () => {
    const chunks = ['t:1\nt:2\n', 't:3\n', 't:4\nt:5\nt:6\nend\n'];
    const parts: ModelStreamPart[] = [];
    for await (const part of new FailoverProvider([new LineProvider('p', chunks)], { sleep: noSleep }).stream(request())) parts.push(part);
    expect(parts).toEqual([...['1', '2', '3', '4', '5', '6'].map((text) => ({ type: 'text-delta', text })), { type: 'finish', reason: 'stop', provider: 'p' }]);
  });

  it('a consumer that stops inside a burst closes the source and leaves the breaker without a verdict', async () => {
    const a = new LineProvider('a', ['t:1\nt:2\nt:3\n', 't:4\nend\n']);
    const failover = new FailoverProvider([a], { sleep: noSleep, cooldownAfterFailures: 1 });
    const seen: string[] = [];
    for await (const part of failover.stream(request())) {
      if (part.type === 'text-delta') seen.push(part.text);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['1', '2']);
    expect(a.closed).toBe(1);
    const breaker = failover.breakers.get('a');
    expect(breaker.currentState).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(0);
    // no verdict at all: neither a failure nor a success was recorded for the abandoned stream
    const verdicts: string[] = [];
    const success = vi.spyOn(breaker, 'recordSuccess').mockImplementation(() => void verdicts.push('success'));
    const failure = vi.spyOn(breaker, 'recordFailure').mockImplementation(() => void verdicts.push('failure'));
    for await (const part of failover.stream(request())) if (part.type === 'text-delta') break;
    expect(verdicts).toEqual([]);
    success.mockRestore();
    failure.mockRestore();
    // and the provider is usable right away
    expect((await collectStream(failover.stream(request()))).text).toBe('1234');
  });
});
