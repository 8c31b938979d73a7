/**
 * An AbortController whose AbortSignal is only created when someone reads
 * `signal`. Creating an AbortSignal costs ~10 µs in Node 22 — more than the
 * rest of the orchestrator's per-task work — and a provider that finishes
 * without looking at its signal never needs one. Aborting before the signal
 * exists is remembered: the signal is then created already aborted.
 */
export class LazyAbortController {
  private controller: AbortController | undefined;
  private abortedWith: { reason: unknown } | undefined;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedWith) this.controller.abort(this.abortedWith.reason);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.abortedWith !== undefined;
  }

  get reason(): unknown {
    return this.abortedWith?.reason;
  }

  abort(reason: unknown): void {
    if (this.abortedWith) return;
    this.abortedWith = { reason };
    this.controller?.abort(reason);
  }
}
