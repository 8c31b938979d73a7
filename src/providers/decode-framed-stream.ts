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
 * decode each into stream parts and yield them, stop at the protocol's end
 * marker (the rest of the body is left unread), flush the last frame at EOF,
 * and let `state.eof()` finish or fail a body that ended without the marker.
 */
export async function* decodeFramedStream<Frame>(
  chunks: AsyncIterable<string>,
  splitter: FrameSplitter<Frame>,
  decode: (frame: Frame) => ModelStreamPart[],
  state: StreamEndState,
): AsyncGenerator<ModelStreamPart> {
  for await (const text of chunks) {
    for (const frame of splitter.push(text)) {
      const parts = decode(frame);
      for (let i = 0; i < parts.length; i++) yield parts[i] as ModelStreamPart;
      if (state.done) return;
    }
  }
  for (const frame of splitter.end()) {
    yield* decode(frame);
    if (state.done) return;
  }
  yield* state.eof();
}
