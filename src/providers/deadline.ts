/**
 * A deadline (connect, stall, drain) watched by one shared, lazily re-armed
 * timer instead of a `setTimeout` each.
 *
 * Why: an HTTP exchange used to create and clear three Node timers (connect,
 * idle, drain) and refresh one per body chunk; with one request in flight each
 * of them creates and destroys a timer list, which cost several µs per request,
 * a visible share of the provider layer's overhead on a small answer. Here
 * arming or moving a deadline is a clock read and a field write; the shared
 * timer fires at the earliest deadline it knows of, expires what is due and
 * re-arms itself for the next one. A deadline moved later (the stall timer on
 * every chunk) is noticed when the timer fires and simply re-armed, so it
 * still expires exactly `ms` after its last `arm()`, as a refreshed
 * `setTimeout` would.
 */
/** Who is told when a deadline passes (an object rather than a closure: nothing to allocate per request). */
export interface DeadlineOwner {
  expired(): void;
}

export class Deadline {
  /** Absolute expiry, `performance.now()` milliseconds; Infinity when disarmed. */
  at = Infinity;

  constructor(private readonly owner: DeadlineOwner) {}

  /** Expires `ms` from now (replacing any earlier arming). */
  arm(ms: number): void {
    this.at = performance.now() + ms;
    watch(this);
  }

  /** Disarms; the callback will not run. */
  cancel(): void {
    this.at = Infinity;
    active.delete(this);
    // nothing left to watch: an armed shared timer must not keep the process alive
    if (active.size === 0 && timerRefed && timer !== undefined) {
      timer.unref();
      timerRefed = false;
    }
  }

  /** @internal called by the sweeper once the deadline passed. */
  expire(): void {
    this.at = Infinity;
    this.owner.expired();
  }
}

const active = new Set<Deadline>();
let timer: NodeJS.Timeout | undefined;
/** When the shared timer fires (`performance.now()` ms); Infinity when none is armed. */
let timerAt = Infinity;
/** The shared timer keeps the process alive only while some deadline is armed. */
let timerRefed = false;

function watch(deadline: Deadline): void {
  active.add(deadline);
  if (deadline.at < timerAt) schedule(deadline.at);
  else if (!timerRefed && timer !== undefined) {
    timer.ref();
    timerRefed = true;
  }
}

function schedule(at: number): void {
  if (timer !== undefined) clearTimeout(timer);
  timerAt = at;
  // +1: Node timers have millisecond resolution and may fire a fraction early; `sweep` re-arms then anyway
  timer = setTimeout(sweep, Math.max(0, Math.ceil(at - performance.now())) + 1);
  timerRefed = true;
}

function sweep(): void {
  timer = undefined;
  timerAt = Infinity;
  timerRefed = false;
  const now = performance.now();
  let next = Infinity;
  const due: Deadline[] = [];
  for (const deadline of active) {
    if (deadline.at <= now) due.push(deadline);
    else if (deadline.at < next) next = deadline.at;
  }
  const dueAt = due.map((deadline) => deadline.at);
  for (const deadline of due) active.delete(deadline);
  if (next < Infinity) schedule(next);
  due.forEach((deadline, k) => {
    // An earlier callback of this sweep may have cancelled or moved it: then it is not due any more.
    if (deadline.at !== dueAt[k]) {
      if (deadline.at < Infinity) watch(deadline);
      return;
    }
    try {
      deadline.expire();
    } catch (error) {
      // One failing owner must not cost the others their expiry: report it as an uncaught error, later.
      queueMicrotask(() => {
        throw error;
      });
    }
  });
}
