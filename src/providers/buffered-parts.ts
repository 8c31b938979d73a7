import type { ModelStreamPart } from './types.js';

/**
 * A part iterator that can hand out parts it already holds synchronously:
 * `pull()` returns the part the next `next()` would resolve with when it is
 * already decoded (same order, same state change), or undefined when `next()`
 * has to wait, read, fail or end. A wrapper (the failover provider) uses it
 * to pass a burst of parts on without an async hop per part; anything else
 * still goes through `next()`.
 */
export interface BufferedPartSource {
  pull(): ModelStreamPart | undefined;
}

/** The iterator's `pull` when it has one. */
export function bufferedSource(iterator: AsyncIterator<ModelStreamPart>): BufferedPartSource | undefined {
  return typeof (iterator as Partial<BufferedPartSource>).pull === 'function' ? (iterator as unknown as BufferedPartSource) : undefined;
}
