import { bufferedSource, type BufferedPartSource } from './buffered-parts.js';
import type { ModelStreamPart } from './types.js';

/**
 * A provider's `stream()` result that behaves like an async generator (the
 * work, here `open`, starts at the first `next()`; its errors reject that
 * `next()`; `return()` before the first `next()` does nothing; the iterator
 * is single-use) but, once open, forwards `next()` straight to the part
 * iterator `open` produced: no generator hop per part.
 */
export function lazyPartStream(open: () => Promise<AsyncIterator<ModelStreamPart>>): AsyncIterableIterator<ModelStreamPart> {
  return new LazyPartStream(open);
}

class LazyPartStream implements AsyncIterableIterator<ModelStreamPart>, BufferedPartSource {
  private inner: AsyncIterator<ModelStreamPart> | undefined;
  private innerBuffered: BufferedPartSource | undefined;
  /** The first `next()` (open, then the first part) while it runs. */
  private firstStep: Promise<IteratorResult<ModelStreamPart>> | undefined;
  private closed = false;

  constructor(private readonly open: () => Promise<AsyncIterator<ModelStreamPart>>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ModelStreamPart>> {
    const inner = this.inner;
    if (inner !== undefined) return inner.next();
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    if (this.firstStep === undefined) {
      this.firstStep = this.openThenNext();
      return this.firstStep;
    }
    // asked again before the first step settled: queue behind it, as a generator does
    return this.firstStep.then(
      () => this.next(),
      () => this.next(),
    );
  }

  /** Forwards to the open part iterator's `pull` (see BufferedPartSource). */
  pull(): ModelStreamPart | undefined {
    return this.innerBuffered?.pull();
  }

  async return(value?: unknown): Promise<IteratorResult<ModelStreamPart>> {
    // like a generator: a step in progress completes first, then what it opened is closed
    if (this.inner === undefined && this.firstStep !== undefined) await this.firstStep.catch(() => undefined);
    this.closed = true;
    const inner = this.inner;
    if (inner !== undefined) return (await inner.return?.(value)) ?? { value: value as ModelStreamPart, done: true };
    return { value: value as ModelStreamPart, done: true };
  }

  private async openThenNext(): Promise<IteratorResult<ModelStreamPart>> {
    let inner: AsyncIterator<ModelStreamPart>;
    try {
      inner = await this.open();
    } catch (error) {
      this.closed = true;
      throw error;
    }
    this.inner = inner;
    this.innerBuffered = bufferedSource(inner);
    // `return await`: one microtask turn for a native promise, where returning it from an async function takes three
    return await inner.next();
  }
}
