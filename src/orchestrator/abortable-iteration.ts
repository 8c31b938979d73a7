export interface Consumption {
  /** Settles when the source ends (resolve), throws (reject), or `abort` is called (reject with its reason). */
  done: Promise<void>;
  /**
   * Stops at once: `done` rejects with `reason`, later items are never
   * delivered, and the iterator's `return()` is called (a generator runs its
   * `finally`, a CLI child gets killed) without waiting for it.
   */
  abort: (reason: unknown) => void;
}

/** Receives the items (an object with a method, so callers need no closure per call). */
export interface ItemSink<T> {
  push(item: T): void;
}

/**
 * Feeds every item of `source` to `sink.push`, abortable from outside. Because
 * `abort` settles `done` itself, the caller is never stuck behind a source
 * that ignores its AbortSignal. No per-item promise races and no event
 * listeners: cheap on the hot path.
 */
export function consumeAbortably<T>(source: AsyncIterable<T>, sink: ItemSink<T>): Consumption {
  const iterator = source[Symbol.asyncIterator]();
  let settled = false;
  let rejectDone: (reason: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    rejectDone = reject;
    const pull = async (): Promise<void> => {
      for (;;) {
        const step = await iterator.next();
        if (settled || step.done) return;
        sink.push(step.value);
      }
    };
    pull().then(
      () => {
        if (settled) return;
        settled = true;
        resolve();
      },
      (error: unknown) => {
        // the sink may have thrown (e.g. a policy stop): close the source too
        if (iterator.return) void Promise.resolve(iterator.return()).catch(() => undefined);
        if (settled) return;
        settled = true;
        reject(error as Error);
      },
    );
  });
  const abort = (reason: unknown): void => {
    if (settled) return;
    settled = true;
    rejectDone(reason);
    if (iterator.return) void Promise.resolve(iterator.return()).catch(() => undefined);
  };
  return { done, abort };
}
