import { systemClock, type Clock } from '../util/runtime-context.js';
import { abortableDelay } from './abortable-delay.js';
import { fullJitterBackoff, type JitterSource } from './backoff.js';
import { bufferedSource, type BufferedPartSource } from './buffered-parts.js';
import { CircuitBreakerRegistry, type CircuitBreaker } from './circuit-breaker.js';
import { ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import type { Redactor } from './redact-secrets.js';
import type { ModelProvider, ModelRequest, ModelStreamPart } from './types.js';

export interface FailoverOptions {
  /** Retries on the same provider for retryable errors that happen before it streamed any text. Default 2. */
  retries?: number;
  /** Backoff base and cap (full jitter). Defaults 250 ms / 8 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A `retry-after` longer than this is not waited for: the next provider is tried instead. Default 30 s. */
  maxRetryAfterMs?: number;
  /** Circuit breaker: consecutive failures before cooldown (default 3) and cooldown length (default 30 s). */
  cooldownAfterFailures?: number;
  cooldownMs?: number;
  /**
   * Max silence between two parts of a provider's stream; past it the stream
   * counts as stalled, is aborted, and the next provider resumes. Off by default
   * (the HTTP adapters have their own idle timeout).
   */
  idleTimeoutMs?: number;
  /** Jitter source in [0,1). Default Math.random (jitter only; never a metric). */
  random?: JitterSource;
  clock?: Clock;
  /** Waits between retries (injectable for tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Shared breakers, so cooldowns outlive a single call. One is created per FailoverProvider otherwise. */
  breakers?: CircuitBreakerRegistry;
  /** Redacts messages of non-ProviderError failures. */
  redact?: Redactor;
  /** Name of this provider (default: the chain joined with `>`). */
  name?: string;
}

const DEFAULTS = { retries: 2, backoffMs: 250, maxBackoffMs: 8_000, maxRetryAfterMs: 30_000, cooldownAfterFailures: 3, cooldownMs: 30_000 };

/**
 * A ModelProvider over a chain (primary first). Retries live here and only
 * here: exponential backoff with full jitter, `retry-after` honoured up to
 * `maxRetryAfterMs`; non-retryable errors (401, 403, 400, insufficient_quota)
 * go straight to the next provider; a provider that keeps failing is put in
 * cooldown by its circuit breaker. Every switch yields one `failover` part.
 *
 * Mid-stream resume: when a provider dies after streaming text, the next
 * provider is called with `resumeFrom` = everything streamed so far and only
 * its continuation is passed on, so the consumer sees one continuous text.
 */
export class FailoverProvider implements ModelProvider {
  readonly name: string;
  readonly model: string | undefined;
  readonly breakers: CircuitBreakerRegistry;
  private readonly chain: readonly ModelProvider[];
  private readonly o: typeof DEFAULTS & { idleTimeoutMs: number | undefined; random: JitterSource; clock: Clock; sleep: (ms: number, signal?: AbortSignal) => Promise<void>; redact: Redactor };

  constructor(chain: readonly ModelProvider[], options: FailoverOptions = {}) {
    if (chain.length === 0) throw new ProviderError('Failover needs at least one provider.', { provider: 'failover', code: PROVIDER_ERROR_CODES.config, retryable: false });
    const names = chain.map((p) => p.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) {
      throw new ProviderError(`Failover chain lists provider ${JSON.stringify(duplicate)} twice: give each provider in the chain a distinct name.`, {
        provider: 'failover',
        code: PROVIDER_ERROR_CODES.config,
        retryable: false,
      });
    }
    this.chain = chain;
    this.name = options.name ?? chain.map((p) => p.name).join('>');
    this.model = chain[0]?.model;
    const clock = options.clock ?? systemClock;
    this.o = {
      retries: options.retries ?? DEFAULTS.retries,
      backoffMs: options.backoffMs ?? DEFAULTS.backoffMs,
      maxBackoffMs: options.maxBackoffMs ?? DEFAULTS.maxBackoffMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
      cooldownAfterFailures: options.cooldownAfterFailures ?? DEFAULTS.cooldownAfterFailures,
      cooldownMs: options.cooldownMs ?? DEFAULTS.cooldownMs,
      idleTimeoutMs: options.idleTimeoutMs,
      random: options.random ?? Math.random,
      clock,
      sleep: options.sleep ?? abortableDelay,
      redact: options.redact ?? ((text: string) => text),
    };
    this.breakers = options.breakers ?? new CircuitBreakerRegistry({ failureThreshold: this.o.cooldownAfterFailures, cooldownMs: this.o.cooldownMs, clock });
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return new FailoverStream(request, this.plan);
  }

  /**
   * Whether a stream may run its first attempt outside the generator (see
   * `FailoverStream`); a test turns it off to compare both paths.
   */
  protected readonly directFirstAttempt: boolean = true;

  /** What a FailoverStream calls back into (built once: nothing to allocate per stream). */
  private readonly plan: FailoverPlan = {
    direct: () => this.directStart(),
    attempts: (request, run, firstFailure) => this.attempts(request, run, firstFailure),
  };

  /**
   * The first attempt may run outside the generator when it is a plain call of
   * the primary: no stall guard to wrap it in, and a closed breaker (whose
   * `tryAcquire()` then has no side effect).
   */
  private directStart(): DirectAttempt | undefined {
    if (!this.directFirstAttempt || this.o.idleTimeoutMs !== undefined) return undefined;
    const provider = this.chain[0] as ModelProvider;
    const breaker = this.breakers.get(provider.name);
    return breaker.currentState === 'closed' ? { provider, breaker } : undefined;
  }

  /**
   * The failover logic proper; `run` carries what `FailoverStream`'s fast path
   * needs. With `firstFailure`, the first attempt (primary, attempt 0, breaker
   * acquired) already ran outside the generator and failed with that error: the
   * generator starts at its failure handling.
   */
  private async *attempts(request: ModelRequest, run: FailoverRun, firstFailure?: { error: unknown }): AsyncGenerator<ModelStreamPart, void, undefined> {
    let previous: { provider: string; reason: string } | undefined;
    const failures: string[] = [];
    let lastError: ProviderError | undefined;
    let handoff = firstFailure;

    for (let index = 0; index < this.chain.length; index++) {
      const provider = this.chain[index] as ModelProvider;
      const breaker = this.breakers.get(provider.name);
      let attempt = 0;
      for (;;) {
        let raw: unknown;
        let textBefore = 0;
        if (handoff !== undefined) {
          raw = handoff.error;
          handoff = undefined;
        } else {
          request.signal?.throwIfAborted();
          if (!breaker.tryAcquire()) {
            const cooldown = `${provider.name} is in cooldown after ${breaker.consecutiveFailures} consecutive failures (${breaker.remainingCooldownMs()} ms left)`;
            const reason = attempt > 0 && lastError ? `${lastError.message}; ${cooldown}` : cooldown;
            failures.push(reason);
            if (attempt === 0) lastError = new ProviderError(cooldown, { provider: provider.name, code: PROVIDER_ERROR_CODES.unavailable, retryable: true });
            previous = previous ? { provider: previous.provider, reason: `${previous.reason}; ${reason}` } : { provider: provider.name, reason };
            break;
          }
          if (previous) {
            yield { type: 'failover', from: previous.provider, to: provider.name, reason: previous.reason, resumeAt: run.emitted.length };
            previous = undefined;
          }
          textBefore = run.emitted.length;
          const resumeFrom = run.emitted.length > 0 ? (request.resumeFrom ?? '') + run.emitted : request.resumeFrom;
          const attemptRequest: ModelRequest = resumeFrom === undefined ? { ...request } : { ...request, resumeFrom };
          let settled = false;
          try {
            const source = this.o.idleTimeoutMs === undefined ? provider.stream(attemptRequest) : this.guarded(provider, attemptRequest, this.o.idleTimeoutMs);
            // `for await` written out, so that while this generator waits at `yield`, FailoverStream may pass
            // on parts the source already holds without resuming it (they get the same `forward`)
            const iterator = source[Symbol.asyncIterator]();
            const buffered = bufferedSource(iterator);
            run.provider = provider.name;
            let exhausted = false;
            try {
              for (;;) {
                let step: IteratorResult<ModelStreamPart>;
                try {
                  step = await iterator.next();
                } catch (error) {
                  // a source that threw is finished: no return(), as with `for await`
                  exhausted = true;
                  throw error;
                }
                if (step.done) {
                  exhausted = true;
                  break;
                }
                const part = run.forward(step.value);
                run.buffered = buffered;
                try {
                  yield part;
                } finally {
                  run.buffered = undefined;
                }
              }
            } finally {
              if (!exhausted) await iterator.return?.();
            }
            settled = true;
            breaker.recordSuccess();
            return;
          } catch (error) {
            if (request.signal?.aborted) throw error;
            settled = true;
            raw = error;
          } finally {
            // aborted by the user or the consumer stopped reading: no verdict on this provider
            if (!settled) breaker.release();
          }
        }
        // The attempt failed (settled: the breaker gets its verdict here).
        const error = this.toProviderError(raw, provider.name);
        breaker.recordFailure();
        lastError = error;
        const diedMidStream = run.emitted.length > textBefore;
        const delay = this.retryDelay(error, attempt);
        // Text already reached the consumer: never replay this attempt, resume on the next provider.
        if (error.retryable && !diedMidStream && attempt < this.o.retries && delay !== undefined) {
          yield { type: 'status', message: `${error.message} Retrying ${provider.name} in ${delay} ms (retry ${attempt + 1} of ${this.o.retries}).` };
          await this.o.sleep(delay, request.signal);
          attempt += 1;
          continue;
        }
        const reason = diedMidStream ? `${error.message} (after ${run.emitted.length - textBefore} characters)` : error.message;
        failures.push(`${provider.name}: ${reason}`);
        previous = { provider: provider.name, reason };
        break;
      }
    }
    if (this.chain.length === 1 && lastError) throw lastError;
    throw new ProviderError(`All providers failed (${this.chain.map((p) => p.name).join(', ')}): ${failures.join('; ')}`, {
      provider: this.name,
      code: PROVIDER_ERROR_CODES.unavailable,
      retryable: false,
      ...(lastError?.status !== undefined ? { status: lastError.status } : {}),
      cause: lastError,
    });
  }

  /** Delay before retrying the same provider, or undefined when the server asks for longer than we accept. */
  private retryDelay(error: ProviderError, attempt: number): number | undefined {
    if (error.retryAfterMs !== undefined) return error.retryAfterMs <= this.o.maxRetryAfterMs ? error.retryAfterMs : undefined;
    return fullJitterBackoff(attempt, this.o.backoffMs, this.o.maxBackoffMs, this.o.random);
  }

  private toProviderError(error: unknown, provider: string): ProviderError {
    if (error instanceof ProviderError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ProviderError(this.o.redact(`${provider}: ${message}`), { provider, code: PROVIDER_ERROR_CODES.stream, retryable: true, cause: error });
  }

  /** The provider's stream with its own abort signal and a stall detector (when idleTimeoutMs is set). */
  private async *guarded(provider: ModelProvider, request: ModelRequest, idleMs: number): AsyncGenerator<ModelStreamPart> {
    const controller = new AbortController();
    const outer = request.signal;
    const onAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    let rejectStall: (error: ProviderError) => void = () => {};
    const stalled = new Promise<never>((_, reject) => {
      rejectStall = reject;
    });
    stalled.catch(() => {});
    const timer = setTimeout(() => {
      const error = new ProviderError(`${provider.name}: the stream stalled (no data for ${idleMs} ms).`, { provider: provider.name, code: PROVIDER_ERROR_CODES.timeout, retryable: true });
      controller.abort(error);
      rejectStall(error);
    }, idleMs);
    const iterator = provider.stream({ ...request, signal: controller.signal })[Symbol.asyncIterator]();
    let done = false;
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), stalled]);
        if (next.done) {
          done = true;
          return;
        }
        timer.refresh();
        yield next.value;
      }
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
      if (!done) {
        if (!controller.signal.aborted) controller.abort();
        void iterator.return?.()?.catch(() => {});
      }
    }
  }
}

/** What one failover stream shares between its generator and its fast path. */
class FailoverRun {
  /** Text passed on so far (what a fallback resumes from). */
  emitted = '';
  /** The provider of the current attempt. */
  provider = '';
  /** The current attempt's buffered parts, while the generator waits at the `yield` of one of its parts. */
  buffered: BufferedPartSource | undefined;

  /** Books a part of the current attempt and returns what the consumer gets. */
  forward(part: ModelStreamPart): ModelStreamPart {
    if (part.type === 'text-delta') this.emitted += part.text;
    return part.type === 'finish' && !part.provider ? { ...part, provider: this.provider } : part;
  }
}

interface DirectAttempt {
  provider: ModelProvider;
  breaker: CircuitBreaker;
}

interface FailoverPlan {
  direct(): DirectAttempt | undefined;
  attempts(request: ModelRequest, run: FailoverRun, firstFailure?: { error: unknown }): AsyncGenerator<ModelStreamPart, void, undefined>;
}

/**
 * The failover stream. In general it is the generator `attempts()`, except
 * that a part the current attempt already holds (a burst of events in one
 * network read) is passed on straight from it, without resuming the
 * generator: an async generator costs several promise turns per part. Order
 * and bookkeeping are the generator's own (it is waiting at the `yield` of
 * the previous part of the same source, and its next `next()` reads on from
 * there).
 *
 * The first attempt (the primary, breaker closed, no stall guard: see
 * `directStart`) does not even start the generator: its parts go straight
 * from the provider's iterator to the consumer, with the same bookkeeping
 * (`run.forward`), and its end is booked as the generator would (breaker
 * success; no verdict when aborted or closed early). Only when it fails does
 * the generator start, at its failure handling (`firstFailure`), and take
 * over: retries, failover and resume behave exactly as before. Why: most
 * calls succeed on the first attempt, and the generator's turns at the start,
 * at each read and at the end were a visible share of the layer's overhead
 * on a short burst.
 */
class FailoverStream implements AsyncIterableIterator<ModelStreamPart> {
  private readonly run = new FailoverRun();
  /** 'start': nothing ran yet; 'direct': the first attempt runs here; 'generator': `attempts()` has the stream; 'done': over. */
  private mode: 'start' | 'direct' | 'generator' | 'done' = 'start';
  private generator: AsyncGenerator<ModelStreamPart, void, undefined> | undefined;
  private direct: DirectAttempt | undefined;
  private iterator: AsyncIterator<ModelStreamPart> | undefined;
  private buffered: BufferedPartSource | undefined;
  /**
   * Calls (`next()`, `return()`) outside the generator that are not finished
   * yet, and the last of them: as with a generator, a call made while one is
   * in progress runs after it, in call order.
   */
  private waiting = 0;
  private tail: Promise<unknown> | undefined;

  constructor(
    private readonly request: ModelRequest,
    private readonly plan: FailoverPlan,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ModelStreamPart>> {
    if (this.waiting === 0) {
      switch (this.mode) {
        case 'direct': {
          const part = this.buffered?.pull();
          if (part !== undefined) return Promise.resolve({ value: this.run.forward(part), done: false });
          return this.track(this.step());
        }
        case 'generator':
          // the generator orders its own calls
          return this.step();
        case 'done':
          return Promise.resolve({ value: undefined, done: true });
        default:
          return this.track(this.step());
      }
    }
    // (arrows written inline, not as named consts or fields: under tsx each named function costs a `__name` call)
    return this.track(
      (this.tail as Promise<unknown>).then(
        () => this.step(),
        () => this.step(),
      ),
    );
  }

  return(value?: unknown): Promise<IteratorResult<ModelStreamPart>> {
    if (this.waiting === 0) return this.mode === 'direct' ? this.track(this.close(value)) : this.close(value);
    return this.track(
      (this.tail as Promise<unknown>).then(
        () => this.close(value),
        () => this.close(value),
      ),
    );
  }

  /** Counts a call in progress until it settles (see `waiting`). */
  private track(step: Promise<IteratorResult<ModelStreamPart>>): Promise<IteratorResult<ModelStreamPart>> {
    this.waiting += 1;
    const tracked = step.then(
      (result) => {
        this.waiting -= 1;
        return result;
      },
      (error: unknown) => {
        this.waiting -= 1;
        throw error;
      },
    );
    this.tail = tracked;
    return tracked;
  }

  /** One `next()`, once the calls before it are done. */
  private step(): Promise<IteratorResult<ModelStreamPart>> {
    switch (this.mode) {
      case 'direct': {
        const part = this.buffered?.pull();
        if (part !== undefined) return Promise.resolve({ value: this.run.forward(part), done: false });
        let step: Promise<IteratorResult<ModelStreamPart>>;
        try {
          step = (this.iterator as AsyncIterator<ModelStreamPart>).next();
        } catch (error) {
          return this.failed(error);
        }
        return step.then(
          (result) => this.stepped(result),
          // a source that threw is finished: no `return()`, as with `for await`
          (error: unknown) => this.failed(error),
        );
      }
      case 'generator': {
        const run = this.run;
        const part = run.buffered?.pull();
        if (part !== undefined) return Promise.resolve({ value: run.forward(part), done: false });
        return (this.generator as AsyncGenerator<ModelStreamPart, void, undefined>).next();
      }
      case 'done':
        return Promise.resolve({ value: undefined, done: true });
      default:
        return this.start();
    }
  }

  /** One `return()`, once the calls before it are done. */
  private close(value: unknown): Promise<IteratorResult<ModelStreamPart>> {
    switch (this.mode) {
      case 'direct':
        return this.closeDirect(value);
      case 'generator':
        this.run.buffered = undefined;
        return (this.generator as AsyncGenerator<ModelStreamPart, void, undefined>).return(value as undefined) as Promise<IteratorResult<ModelStreamPart>>;
      default:
        // like a generator closed before its first step, or after its end
        this.mode = 'done';
        return Promise.resolve({ value: value as ModelStreamPart, done: true });
    }
  }

  /** The first `next()`: the generator's first steps for the primary, or the generator itself when the direct path does not apply. */
  private start(): Promise<IteratorResult<ModelStreamPart>> {
    const direct = this.plan.direct();
    if (direct === undefined) return this.toGenerator(undefined);
    const { request, run } = this;
    try {
      request.signal?.throwIfAborted();
    } catch (error) {
      this.mode = 'done';
      return Promise.reject(error as Error);
    }
    // closed: always true, no side effect (kept for the symmetry with the generator)
    direct.breaker.tryAcquire();
    this.direct = direct;
    this.mode = 'direct';
    try {
      // the generator's attempt request for the primary, with nothing streamed yet
      const iterator = direct.provider.stream({ ...request })[Symbol.asyncIterator]();
      this.iterator = iterator;
      this.buffered = bufferedSource(iterator);
      run.provider = direct.provider.name;
    } catch (error) {
      return this.failed(error);
    }
    return this.step();
  }

  private stepped(step: IteratorResult<ModelStreamPart>): IteratorResult<ModelStreamPart> {
    if (step.done) {
      this.finish();
      (this.direct as DirectAttempt).breaker.recordSuccess();
      return { value: undefined, done: true };
    }
    return { value: this.run.forward(step.value), done: false };
  }

  /** The first attempt failed: no verdict when the user aborted (the error is passed on), else the generator takes over at its failure handling. */
  private failed(error: unknown): Promise<IteratorResult<ModelStreamPart>> {
    this.finish();
    if (this.request.signal?.aborted) {
      (this.direct as DirectAttempt).breaker.release();
      return Promise.reject(error as Error);
    }
    return this.toGenerator({ error });
  }

  private toGenerator(firstFailure: { error: unknown } | undefined): Promise<IteratorResult<ModelStreamPart>> {
    this.mode = 'generator';
    const generator = this.plan.attempts(this.request, this.run, firstFailure);
    this.generator = generator;
    return generator.next();
  }

  /** Closed by the consumer during the first attempt: the source is closed, no verdict on the provider (as the generator's `finally` blocks do). */
  private async closeDirect(value: unknown): Promise<IteratorResult<ModelStreamPart>> {
    const iterator = this.iterator as AsyncIterator<ModelStreamPart>;
    this.finish();
    try {
      await iterator.return?.();
    } catch (error) {
      // as inside the generator: a failing close is a failure of the attempt
      return this.failed(error);
    }
    (this.direct as DirectAttempt).breaker.release();
    return { value: value as ModelStreamPart, done: true };
  }

  private finish(): void {
    this.mode = 'done';
    this.iterator = undefined;
    this.buffered = undefined;
  }
}

