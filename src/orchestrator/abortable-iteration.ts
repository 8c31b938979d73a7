export interface Consumption {
  /** Settles when the source ends (resolve), throws (reject), or `abort` is called (reject with its reason). */
  done: Promise<void>;
  /**
   * Stops at once: `done` rejects with `reason`, later items are never
   * delivered, and the iterator's `return()` is called (a generator runs its
   * `finally`, a CLI child gets killed) without waiting for it.
   */
  abort(reason: unknown): void;
}

/** Receives the items (an object with a method, so callers need no closure per call). */
export interface ItemSink<T> {
  push(item: T): void;
  /**
   * Called once, synchronously, just before `done` settles (`ok`: the source
   * ended normally), so the caller's clean-up needs no async frame of its
   * own. If it throws, `done` rejects with that error.
   */
  end?(ok: boolean): void;
}

/**
 * Feeds every item of `source` to `sink.push`, abortable from outside. Because
 * `abort` settles `done` itself, the caller is never stuck behind a source
 * that ignores its AbortSignal. No per-item promise races and no event
 * listeners: cheap on the hot path.
 */
export function consumeAbortably<T>(source: AsyncIterable<T>, sink: ItemSink<T>): Consumption {
  return new AbortableConsumption(source, sink);
}

/**
 * One object per consumption and a single async loop that never rejects:
 * no closures or `.then` handlers are made per call (this runs once per task
 * attempt, so its fixed cost is part of the orchestrator's per-task overhead).
 */
class AbortableConsumption<T> implements Consumption {
  readonly done: Promise<void>;
  private settled = false;
  private resolveDone!: () => void;
  private rejectDone!: (reason: unknown) => void;
  private readonly iterator: AsyncIterator<T>;

  constructor(
    source: AsyncIterable<T>,
    private readonly sink: ItemSink<T>,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    void this.pull();
  }

  abort(reason: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectDone(this.endSink(false, reason));
    this.closeSource();
  }

  private async pull(): Promise<void> {
    const { iterator, sink } = this;
    try {
      for (;;) {
        const step = await iterator.next();
        if (this.settled || step.done) break;
        sink.push(step.value);
      }
    } catch (error) {
      // the sink may have thrown (e.g. a policy stop): close the source too
      this.closeSource();
      if (this.settled) return;
      this.settled = true;
      this.rejectDone(this.endSink(false, error));
      return;
    }
    if (this.settled) return;
    this.settled = true;
    if (this.sink.end) {
      try {
        this.sink.end(true);
      } catch (error) {
        this.rejectDone(error);
        return;
      }
    }
    this.resolveDone();
  }

  /** Runs `sink.end`; returns the reason `done` must reject with (its own error if it threw), or `reason`. */
  private endSink(ok: boolean, reason: unknown): unknown {
    if (!this.sink.end) return reason;
    try {
      this.sink.end(ok);
      return reason;
    } catch (error) {
      return error;
    }
  }

  private closeSource(): void {
    const iterator = this.iterator;
    if (iterator.return) void Promise.resolve(iterator.return()).catch(ignore);
  }
}

function ignore(): undefined {
  return undefined;
}
