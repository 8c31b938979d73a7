import type { BufferedPartSource } from './buffered-parts.js';
import type { ModelStreamPart } from './types.js';

/** Cuts decoded body text into frames (SSE events, NDJSON lines); `end()` flushes the last one at EOF. */
export interface FrameSplitter<Frame> {
  push(text: string): Frame[];
  end(): Frame[];
}

/** The protocol state of one response: `done` once its end marker was seen; `eof()` answers a body that ended first. */
export interface StreamEndState {
  readonly done: boolean;
  eof(): ModelStreamPart[];
}

/**
 * The read loop every streaming adapter runs: split the body into frames,
 * decode each into stream parts and hand them out in order, stop at the
 * protocol's end marker (the rest of the body is left unread), flush the last
 * frame at EOF, and let `state.eof()` finish or fail a body that ended without
 * the marker. A frame is decoded only when its parts are asked for, so an
 * error it raises (malformed or in-band error frame) comes right after the
 * parts before it, and nothing past the point the consumer stopped is decoded.
 *
 * Hot path: each body chunk is split into frames in one synchronous pass and
 * `next()` serves their parts without an async generator hop per part (the
 * `for await` of a generator costs several promise turns per part).
 */
export function decodeFramedStream<Frame>(
  chunks: AsyncIterable<string>,
  splitter: FrameSplitter<Frame>,
  decode: (frame: Frame) => ModelStreamPart[],
  state: StreamEndState,
): AsyncIterableIterator<ModelStreamPart> {
  return new FramedPartIterator(chunks, splitter, decode, state);
}

const NO_PARTS: ModelStreamPart[] = [];
const noop = (): void => {};

class FramedPartIterator<Frame> implements AsyncIterableIterator<ModelStreamPart>, BufferedPartSource {
  private source: AsyncIterator<string> | undefined;
  /** The body iterator still has to be closed (returned) before we stop. */
  private sourceOpen = false;
  /** The body reached EOF: once its last frames are decoded, `state.eof()` has the word. */
  private sourceEnded = false;
  private frames: Frame[] = [];
  private frameIndex = 0;
  private parts: ModelStreamPart[] = NO_PARTS;
  private partIndex = 0;
  /** No more frames will be decoded (end marker, EOF handled, error or early return). */
  private closed = false;
  private failure: { error: unknown } | undefined;
  /** A body read in progress: `return()` and a second `next()` wait for it, as with an async generator. */
  private reading = false;
  /** The latest `next()` that had to wait for a read; later calls queue behind it while `waiting` > 0. */
  private slow: Promise<IteratorResult<ModelStreamPart>> | undefined;
  /** `next()` calls on the slow path not finished yet (counted rather than tracked with `finally`: no promise or closure per call). */
  private waiting = 0;
  private waiters: (() => void)[] | undefined;

  constructor(
    private readonly chunks: AsyncIterable<string>,
    private readonly splitter: FrameSplitter<Frame>,
    private readonly decode: (frame: Frame) => ModelStreamPart[],
    private readonly state: StreamEndState,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ModelStreamPart>> {
    if (this.waiting === 0 && !this.reading && (this.partIndex < this.parts.length || this.decodeNext())) {
      return Promise.resolve({ value: this.parts[this.partIndex++] as ModelStreamPart, done: false });
    }
    // As with an async generator, calls made while one is still waiting run after it, in call order.
    const behind = this.waiting > 0;
    this.waiting += 1;
    const step = behind
      ? (this.slow as Promise<IteratorResult<ModelStreamPart>>).then(
          () => this.nextSlow(),
          () => this.nextSlow(),
        )
      : this.nextSlow();
    this.slow = step;
    return step;
  }

  /** The part `next()` would resolve with right away, if decoded from what was already read (see BufferedPartSource). */
  pull(): ModelStreamPart | undefined {
    if (this.waiting === 0 && !this.reading && (this.partIndex < this.parts.length || this.decodeNext())) return this.parts[this.partIndex++];
    return undefined;
  }

  async return(value?: unknown): Promise<IteratorResult<ModelStreamPart>> {
    while (this.waiting > 0) await (this.slow as Promise<IteratorResult<ModelStreamPart>>).catch(noop);
    while (this.reading) await this.settled();
    this.frames = [];
    this.parts = NO_PARTS;
    this.failure = undefined;
    this.closed = true;
    await this.closeSource();
    return { value: value as ModelStreamPart, done: true };
  }

  private async nextSlow(): Promise<IteratorResult<ModelStreamPart>> {
    try {
      for (;;) {
        while (this.reading) await this.settled();
        if (this.partIndex < this.parts.length || this.decodeNext()) return { value: this.parts[this.partIndex++] as ModelStreamPart, done: false };
        if (this.closed) return await this.stop();
        await this.read();
      }
    } finally {
      this.waiting -= 1;
    }
  }

  /** Decodes buffered frames until one yields parts (true), or none is left / the stream stopped (false). */
  private decodeNext(): boolean {
    while (!this.closed) {
      let parts: ModelStreamPart[];
      try {
        if (this.frameIndex < this.frames.length) {
          parts = this.decode(this.frames[this.frameIndex++] as Frame);
          if (this.state.done) this.closed = true;
        } else if (this.sourceEnded) {
          this.closed = true;
          parts = this.state.eof();
        } else {
          return false;
        }
      } catch (error) {
        this.failure = { error };
        this.closed = true;
        return false;
      }
      if (parts.length > 0) {
        this.parts = parts;
        this.partIndex = 0;
        return true;
      }
    }
    return false;
  }

  /** The end: close the body (unless it ended or failed by itself), then throw the failure if any, once. */
  private async stop(): Promise<IteratorResult<ModelStreamPart>> {
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) {
      // like `for await` leaving on a throw: a failing close does not hide the original error
      await this.closeSource().catch(() => {});
      throw failure.error;
    }
    await this.closeSource();
    return { value: undefined, done: true };
  }

  /** Reads one body chunk and splits it into frames; never rejects (a failure is kept for `stop()`). */
  private async read(): Promise<void> {
    if (this.source === undefined) {
      this.source = this.chunks[Symbol.asyncIterator]();
      this.sourceOpen = true;
    }
    this.frames = [];
    this.frameIndex = 0;
    this.reading = true;
    let received = false;
    try {
      const chunk = await this.source.next();
      received = true;
      if (chunk.done) {
        this.sourceOpen = false;
        this.sourceEnded = true;
        this.frames = this.splitter.end();
      } else {
        this.frames = this.splitter.push(chunk.value);
      }
    } catch (error) {
      // a body iterator that failed is finished; a splitter error leaves it open (closed in `stop()`)
      if (!received) this.sourceOpen = false;
      this.failure = { error };
      this.closed = true;
    } finally {
      this.reading = false;
      const waiters = this.waiters;
      this.waiters = undefined;
      if (waiters !== undefined) for (const wake of waiters) wake();
    }
  }

  /** Resolves when the read in progress is over (only `return()` and overlapping `next()`s wait). */
  private settled(): Promise<void> {
    return new Promise((resolve) => (this.waiters ??= []).push(resolve));
  }

  private async closeSource(): Promise<void> {
    if (!this.sourceOpen) return;
    this.sourceOpen = false;
    await this.source?.return?.();
  }
}
