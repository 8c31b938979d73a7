import { describe, expect, it } from 'vitest';
import { decodeFramedStream } from '../../src/providers/decode-framed-stream.js';
import { FailoverProvider, type FailoverOptions } from '../../src/providers/failover-provider.js';
import { lazyPartStream } from '../../src/providers/lazy-part-stream.js';
import { ProviderError, PROVIDER_ERROR_CODES } from '../../src/providers/provider-error.js';
import { LineSplitter } from '../../src/providers/sse-parser.js';
import type { ModelProvider, ModelRequest, ModelStreamPart } from '../../src/providers/types.js';

/*
 * The first attempt of a failover stream runs outside the failover generator
 * (FailoverStream's direct path). These tests run each scenario through both
 * paths and require the same parts, errors, requests, closes and breaker
 * verdicts: a direct path that drifted from the generator fails here.
 */

const request = (signal?: AbortSignal): ModelRequest => ({ agentId: 'a', alias: 'a', taskId: 't', task: 'x', messages: [{ role: 'user', content: 'x' }], ...(signal ? { signal } : {}) });
const noSleep = async () => {};

/** The general path only: the generator runs every attempt, the first one included. */
class GeneratorOnlyFailover extends FailoverProvider {
  protected override readonly directFirstAttempt = false;
}

/**
 * A scripted provider: per call, the chunks of its body. A chunk holds lines
 * `t:x` (text), `end` (finish), `bad` (a retryable stream error), `fatal` (a
 * non-retryable one); `throw` as the only chunk makes `stream()` throw.
 * `buffered` decides whether its parts can be pulled in a burst (framed
 * decoding) or come from a plain async generator.
 */
class ScriptProvider implements ModelProvider {
  readonly calls: (string | undefined)[] = [];
  closed = 0;
  private call = 0;

  constructor(
    readonly name: string,
    private readonly bodies: string[][],
    private readonly buffered = true,
    /** Closing its body early throws (a failing `return()`). */
    private readonly failClose = false,
  ) {}

  stream(req: ModelRequest): AsyncIterable<ModelStreamPart> {
    this.calls.push(req.resumeFrom);
    const chunks = this.bodies[Math.min(this.call++, this.bodies.length - 1)] as string[];
    if (chunks[0] === 'throw') throw new ProviderError(`${this.name}: cannot start`, { provider: this.name, code: PROVIDER_ERROR_CODES.network, retryable: true });
    const state = { done: false, eof: (): ModelStreamPart[] => [] };
    const decode = (line: string): ModelStreamPart[] => {
      if (line === 'bad' || line === 'fatal') throw new ProviderError(`${this.name}: ${line} frame`, { provider: this.name, code: PROVIDER_ERROR_CODES.stream, retryable: line === 'bad' });
      if (line === 'end') {
        state.done = true;
        return [{ type: 'finish', reason: 'stop' }];
      }
      return [{ type: 'text-delta', text: line.slice(2) }];
    };
    if (this.buffered) return lazyPartStream(async () => decodeFramedStream(this.body(chunks), new LineSplitter(), decode, state));
    return this.plain(chunks, decode, state);
  }

  private async *plain(chunks: string[], decode: (line: string) => ModelStreamPart[], state: { done: boolean }): AsyncGenerator<ModelStreamPart> {
    try {
      for (const chunk of chunks) {
        for (const line of chunk.split('\n').filter(Boolean)) {
          yield* decode(line);
          if (state.done) return;
        }
        await Promise.resolve();
      }
    } finally {
      this.onClose();
    }
  }

  /** Counts a close of the body; with `failClose`, the close fails (thrown from the generator's `finally`). */
  private onClose(): void {
    this.closed += 1;
    if (this.failClose) throw new ProviderError(`${this.name}: close failed`, { provider: this.name, code: PROVIDER_ERROR_CODES.network, retryable: true });
  }

  private async *body(chunks: string[]): AsyncGenerator<string> {
    try {
      for (const chunk of chunks) {
        await Promise.resolve();
        yield chunk;
      }
    } finally {
      this.onClose();
    }
  }
}

interface Scenario {
  name: string;
  /** The chain, its providers' parts pullable in a burst (`buffered`) or not. */
  chain: (buffered: boolean) => ScriptProvider[];
  options?: FailoverOptions;
  /** Stop reading after this many parts (return()), or abort the signal then. */
  stopAfter?: number;
  abortAfter?: number;
  /** Calls made on the same FailoverProvider in a row (breaker state carries over). */
  runs?: number;
}

async function play(scenario: Scenario, generatorOnly: boolean, buffered = true): Promise<unknown> {
  const chain = scenario.chain(buffered);
  // a fixed clock: cooldown messages quote the time left, which must not depend on when the run happened
  const options: FailoverOptions = { sleep: noSleep, random: () => 0.5, retries: 1, cooldownAfterFailures: 2, clock: { now: () => 1_000_000 }, ...scenario.options };
  const failover = generatorOnly ? new GeneratorOnlyFailover(chain, options) : new FailoverProvider(chain, options);
  const runs: unknown[] = [];
  for (let r = 0; r < (scenario.runs ?? 1); r++) {
    const controller = new AbortController();
    const parts: unknown[] = [];
    let outcome: unknown = 'done';
    try {
      for await (const part of failover.stream(request(controller.signal))) {
        parts.push(part);
        if (parts.length === scenario.abortAfter) controller.abort(new Error('user abort'));
        if (parts.length === scenario.stopAfter) break;
      }
    } catch (error) {
      outcome = error instanceof ProviderError ? { code: error.code, message: error.message, retryable: error.retryable } : String(error);
    }
    runs.push({ parts, outcome, breakers: chain.map((p) => [failover.breakers.get(p.name).currentState, failover.breakers.get(p.name).consecutiveFailures]) });
  }
  return { runs, calls: chain.map((p) => p.calls), closed: chain.map((p) => p.closed) };
}

const scenarios: Scenario[] = [
  { name: 'success in one chunk', chain: (b) => [new ScriptProvider('a', [['t:1\nt:2\nend\n']], b)] },
  { name: 'success over several chunks', chain: (b) => [new ScriptProvider('a', [['t:1\n', 't:2\nt:3\n', '', 't:4\nend\n']], b)] },
  { name: 'a body that ends without the end marker', chain: (b) => [new ScriptProvider('a', [['t:1\n', 't:2\n']], b)] },
  { name: 'retryable error before any text, then a retry that works', chain: (b) => [new ScriptProvider('a', [['bad\n'], ['t:ok\nend\n']], b)] },
  { name: 'non-retryable error goes to the next provider', chain: (b) => [new ScriptProvider('a', [['fatal\n']], b), new ScriptProvider('b', [['t:b\nend\n']], b)] },
  { name: 'mid-stream death resumes on the next provider', chain: (b) => [new ScriptProvider('a', [['t:ab\nt:cd\n', 'bad\n']], b), new ScriptProvider('b', [['t:ef\nend\n']], b)] },
  { name: 'mid-burst death resumes on the next provider', chain: (b) => [new ScriptProvider('a', [['t:ab\nbad\nt:never\n']], b), new ScriptProvider('b', [['t:ef\nend\n']], b)] },
  { name: 'stream() throws synchronously', chain: (b) => [new ScriptProvider('a', [['throw']], b), new ScriptProvider('b', [['t:b\nend\n']], b)] },
  { name: 'all providers fail', chain: (b) => [new ScriptProvider('a', [['bad\n']], b), new ScriptProvider('b', [['fatal\n']], b)] },
  { name: 'the consumer stops inside a burst', chain: (b) => [new ScriptProvider('a', [['t:1\nt:2\nt:3\n', 'end\n']], b)], stopAfter: 2 },
  { name: 'the consumer stops at a chunk boundary', chain: (b) => [new ScriptProvider('a', [['t:1\n', 't:2\n', 'end\n']], b)], stopAfter: 1 },
  { name: 'the user aborts mid-stream', chain: (b) => [new ScriptProvider('a', [['t:1\n', 't:2\n', 't:3\n', 'end\n']], b), new ScriptProvider('b', [['t:b\nend\n']], b)], abortAfter: 1 },
  { name: 'the breaker opens after repeated failures, later calls skip the primary', chain: (b) => [new ScriptProvider('a', [['fatal\n']], b), new ScriptProvider('b', [['t:b\nend\n']], b)], runs: 4 },
  { name: 'the consumer stops and closing the source fails', chain: (b) => [new ScriptProvider('a', [['t:1\nt:2\n', 'end\n']], b, true), new ScriptProvider('b', [['t:b\nend\n']], b)], stopAfter: 1 },
  { name: 'a stall guard (idleTimeoutMs) keeps the generator path', chain: (b) => [new ScriptProvider('a', [['t:1\n', 'end\n']], b)], options: { idleTimeoutMs: 1_000 } },
];

describe('FailoverProvider: the direct first attempt behaves like the generator', () => {
  for (const scenario of scenarios) {
    for (const buffered of [true, false]) {
      it(`${scenario.name} (${buffered ? 'buffered source' : 'plain async generator source'})`, async () => {
        const direct = await play(scenario, false, buffered);
        const general = await play(scenario, true, buffered);
        expect(direct).toEqual(general);
      });
    }
  }

  it('the comparison can fail: the scenarios tell a working stream from a broken one', async () => {
    const ok = await play({ name: 'ok', chain: () => [new ScriptProvider('a', [['t:1\nend\n']])] }, false);
    const broken = await play({ name: 'broken', chain: () => [new ScriptProvider('a', [['t:1\nbad\n']])] }, true);
    expect(ok).not.toEqual(broken);
  });

  it('overlapping calls (next, return, next) settle in call order, as with the generator', async () => {
    const outcomes = async (generatorOnly: boolean, failClose: boolean) => {
      const chain = [new ScriptProvider('a', [['t:1\n', 't:2\n', 'end\n']], true, failClose), new ScriptProvider('b', [['t:b\nend\n']])];
      const options: FailoverOptions = { sleep: noSleep, clock: { now: () => 0 } };
      const iterator = (generatorOnly ? new GeneratorOnlyFailover(chain, options) : new FailoverProvider(chain, options)).stream(request())[Symbol.asyncIterator]();
      const settle = (p: Promise<unknown> | undefined) => (p ?? Promise.resolve('none')).then((v) => ({ v }), (e: unknown) => ({ e: String(e) }));
      const calls = [iterator.next(), iterator.return?.(), iterator.next(), iterator.next()];
      return { results: await Promise.all(calls.map(settle)), closed: chain.map((p) => p.closed), calls: chain.map((p) => p.calls) };
    };
    for (const failClose of [false, true]) expect(await outcomes(false, failClose)).toEqual(await outcomes(true, failClose));
  });

  it('a second next() while the first is still reading gets the following part, in order', async () => {
    const failover = new FailoverProvider([new ScriptProvider('a', [['t:1\n', 't:2\n', 'end\n']])], { sleep: noSleep });
    const iterator = failover.stream(request())[Symbol.asyncIterator]();
    const steps = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(steps).toEqual([
      { value: { type: 'text-delta', text: '1' }, done: false },
      { value: { type: 'text-delta', text: '2' }, done: false },
      { value: { type: 'finish', reason: 'stop', provider: 'a' }, done: false },
      { value: undefined, done: true },
    ]);
  });
});
