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
 * the marker. An error met while decoding (a malformed or in-band error frame)
 * is thrown after the parts decoded before it.
 *
 * Hot path: each body chunk is decoded in one synchronous pass into a queue,
 * and `next()` serves queued parts without an async generator hop per part.
 */
export function decodeFramedStream<Frame>(
  chunks: AsyncIterable<string>,
  splitter: FrameSplitter<Frame>,
  decode: (frame: Frame) => ModelStreamPart[],
  state: StreamEndState,
): AsyncIterableIterator<ModelStreamPart> {
  return new FramedPartIterator(chunks, splitter, decode, state);
}

class FramedPartIterator<Frame> implements AsyncIterableIterator<ModelStreamPart> {
  private source: AsyncIterator<string> | undefined;
  /** The body iterator still has to be closed (returned) before we stop. */
  private sourceOpen = false;
  private queue: ModelStreamPart[] = [];
  private index = 0;
  /** No more parts will be queued (end marker, EOF, error or early return). */
  private closed = false;
  private failure: { error: unknown } | undefined;
  /** A read in progress: `return()` and a second `next()` wait for it, as with an async generator. */
  private busy: Promise<void> | undefined;

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
    if (this.index < this.queue.length && this.busy === undefined) {
      return Promise.resolve({ value: this.queue[this.index++] as ModelStreamPart, done: false });
    }
    return this.nextSlow();
  }

  async return(value?: unknown): Promise<IteratorResult<ModelStreamPart>> {
    while (this.busy !== undefined) await this.busy;
    this.queue = [];
    this.index = 0;
    this.failure = undefined;
    this.closed = true;
    await this.closeSource();
    return { value: value as ModelStreamPart, done: true };
  }

  private async nextSlow(): Promise<IteratorResult<ModelStreamPart>> {
    for (;;) {
      while (this.busy !== undefined) await this.busy;
      if (this.index < this.queue.length) return { value: this.queue[this.index++] as ModelStreamPart, done: false };
      if (this.failure !== undefined) {
        const { error } = this.failure;
        this.failure = undefined;
        throw error;
      }
      if (this.closed) return { value: undefined, done: true };
      const read = this.read();
      this.busy = read;
      try {
        await read;
      } finally {
        this.busy = undefined;
      }
    }
  }

  /** Reads one body chunk and decodes it whole; never rejects (a failure is queued behind the parts). */
  private async read(): Promise<void> {
    this.queue = [];
    this.index = 0;
    if (this.source === undefined) {
      this.source = this.chunks[Symbol.asyncIterator]();
      this.sourceOpen = true;
    }
    let chunk: IteratorResult<string>;
    try {
      chunk = await this.source.next();
    } catch (error) {
      // the body iterator failed and is finished
      this.sourceOpen = false;
      this.fail(error);
      return;
    }
    if (chunk.done) {
      this.sourceOpen = false;
      this.decodeFrames(() => this.splitter.end());
      if (this.closed) return;
      this.closed = true;
      try {
        const parts = this.state.eof();
        for (let i = 0; i < parts.length; i++) this.queue.push(parts[i] as ModelStreamPart);
      } catch (error) {
        this.fail(error);
      }
      return;
    }
    const text = chunk.value;
    this.decodeFrames(() => this.splitter.push(text));
    if (this.closed) {
      try {
        await this.closeSource();
      } catch (error) {
        if (this.failure === undefined) this.fail(error);
      }
    }
  }

  private decodeFrames(split: () => Frame[]): void {
    let frames: Frame[];
    try {
      frames = split();
    } catch (error) {
      this.fail(error);
      return;
    }
    const queue = this.queue;
    for (let f = 0; f < frames.length; f++) {
      let parts: ModelStreamPart[];
      try {
        parts = this.decode(frames[f] as Frame);
      } catch (error) {
        this.fail(error);
        return;
      }
      for (let i = 0; i < parts.length; i++) queue.push(parts[i] as ModelStreamPart);
      if (this.state.done) {
        this.closed = true;
        return;
      }
    }
  }

  private fail(error: unknown): void {
    this.failure = { error };
    this.closed = true;
  }

  private async closeSource(): Promise<void> {
    if (!this.sourceOpen) return;
    this.sourceOpen = false;
    await this.source?.return?.();
  }
}
