/**
 * Per-alias queues (SPEC §5). Each alias is a lane that runs at most
 * `maxParallel` jobs at once; lanes are independent of each other. A lane
 * holds at most `maxParallel + queueLimit` accepted jobs (running + waiting):
 * beyond that `submit` rejects with a reason (backpressure) and the job is
 * never run. An accepted job always runs exactly once, unless the whole
 * scheduler is cancelled, in which case it is handed to `onDropped`.
 */

export type QueueStrategy = 'fifo' | 'priority';

export interface LaneOptions {
  maxParallel: number;
  strategy: QueueStrategy;
  /** Jobs allowed to wait (not running) in this lane. */
  queueLimit: number;
}

export interface SchedulerJob {
  /** Higher first under the `priority` strategy. */
  priority: number;
}

export type SubmitResult = { accepted: true; queueDepth: number } | { accepted: false; reason: string };

export interface LaneStats {
  running: number;
  waiting: number;
  maxInFlight: number;
  started: number;
}

interface Entry<J> {
  job: J;
  seq: number;
}

/** Waiting jobs of one lane: FIFO, or a binary max-heap on (priority, -seq). */
class WaitQueue<J extends SchedulerJob> {
  private items: Entry<J>[] = [];
  private head = 0;
  constructor(private readonly strategy: QueueStrategy) {}

  get size(): number {
    return this.items.length - this.head;
  }

  push(entry: Entry<J>): void {
    this.items.push(entry);
    if (this.strategy === 'priority') this.siftUp(this.items.length - 1);
  }

  shift(): Entry<J> | undefined {
    if (this.strategy === 'fifo') {
      if (this.head >= this.items.length) return undefined;
      const entry = this.items[this.head];
      this.items[this.head] = undefined as unknown as Entry<J>;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      return entry;
    }
    const top = this.items[0];
    const last = this.items.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  drain(): Entry<J>[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }

  private before(a: Entry<J>, b: Entry<J>): boolean {
    return a.job.priority !== b.job.priority ? a.job.priority > b.job.priority : a.seq < b.seq;
  }

  private siftUp(index: number): void {
    const items = this.items;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const items = this.items;
    let i = index;
    for (;;) {
      const left = i * 2 + 1;
      const right = left + 1;
      let best = i;
      if (left < items.length && this.before(items[left]!, items[best]!)) best = left;
      if (right < items.length && this.before(items[right]!, items[best]!)) best = right;
      if (best === i) return;
      [items[i], items[best]] = [items[best]!, items[i]!];
      i = best;
    }
  }
}

class Lane<J extends SchedulerJob> {
  running = 0;
  maxInFlight = 0;
  started = 0;
  pumpScheduled = false;
  readonly waiting: WaitQueue<J>;
  /** Called when one of this lane's jobs settles (either way); set once by the scheduler, shared by all its jobs. */
  finish: () => void = () => undefined;
  constructor(
    readonly name: string,
    readonly options: LaneOptions,
  ) {
    this.waiting = new WaitQueue<J>(options.strategy);
  }
}

export interface SchedulerOptions<J> {
  /** Runs one job; must not reject (errors are the runner's business). */
  run: (lane: string, job: J) => Promise<unknown>;
  /** Called for accepted jobs that never started because the scheduler was cancelled. */
  onDropped?: (lane: string, job: J) => void;
}

export class AliasScheduler<J extends SchedulerJob> {
  private readonly lanes = new Map<string, Lane<J>>();
  private seq = 0;
  private pending = 0;
  private cancelled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: SchedulerOptions<J>) {}

  addLane(name: string, options: LaneOptions): void {
    if (this.lanes.has(name)) throw new Error(`Lane ${name} already exists`);
    if (!(options.maxParallel >= 1)) throw new RangeError(`maxParallel must be ≥ 1 for ${name}`);
    const lane = new Lane<J>(name, options);
    lane.finish = () => this.finishJob(lane);
    this.lanes.set(name, lane);
  }

  /**
   * Accepts the job if the lane has room (running + waiting < maxParallel +
   * queueLimit), else rejects with a reason. Jobs start on the next microtask,
   * so a caller can record "queued" before "started".
   */
  submit(laneName: string, job: J): SubmitResult {
    const lane = this.lanes.get(laneName);
    if (!lane) throw new Error(`Unknown lane ${laneName}`);
    if (this.cancelled) return { accepted: false, reason: 'the run was cancelled' };
    const { maxParallel, queueLimit } = lane.options;
    const waitingAfterPump = Math.max(0, lane.running + lane.waiting.size + 1 - maxParallel);
    if (waitingAfterPump > queueLimit) {
      return {
        accepted: false,
        reason: `queue for ${laneName} is full: ${lane.running + lane.waiting.size} accepted (${maxParallel} may run at once, ${queueLimit} may wait); raise runtime.queue_limit or submit fewer tasks`,
      };
    }
    lane.waiting.push({ job, seq: this.seq++ });
    this.pending += 1;
    this.schedulePump(lane);
    return { accepted: true, queueDepth: waitingAfterPump };
  }

  stats(laneName: string): LaneStats {
    const lane = this.lanes.get(laneName);
    if (!lane) throw new Error(`Unknown lane ${laneName}`);
    return { running: lane.running, waiting: lane.waiting.size, maxInFlight: lane.maxInFlight, started: lane.started };
  }

  /** Drops every waiting job (handed to `onDropped`); running jobs finish on their own. */
  cancel(): void {
    this.cancelled = true;
    for (const lane of this.lanes.values()) {
      for (const entry of lane.waiting.drain()) {
        this.pending -= 1;
        this.options.onDropped?.(lane.name, entry.job);
      }
    }
    this.checkIdle();
  }

  /** Resolves when every accepted job has finished (or was dropped). */
  onIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedulePump(lane: Lane<J>): void {
    if (lane.pumpScheduled) return;
    lane.pumpScheduled = true;
    queueMicrotask(() => {
      lane.pumpScheduled = false;
      this.pump(lane);
    });
  }

  private pump(lane: Lane<J>): void {
    while (lane.running < lane.options.maxParallel && lane.waiting.size > 0) {
      const entry = lane.waiting.shift()!;
      lane.running += 1;
      lane.started += 1;
      if (lane.running > lane.maxInFlight) lane.maxInFlight = lane.running;
      this.start(lane, entry.job);
    }
  }

  /** Runs one job; `finish` (made once per lane, not per job) frees its slot however the job ends. */
  private start(lane: Lane<J>, job: J): void {
    let running: Promise<unknown>;
    try {
      // Promise.resolve returns a native promise as is; it only guards a runner that returns a plain value
      running = Promise.resolve(this.options.run(lane.name, job));
    } catch {
      // the runner owns error reporting; a throwing runner must not stall the lane
      running = Promise.resolve();
    }
    running.then(lane.finish, lane.finish);
  }

  /** A job of `lane` settled: free its slot, start the next waiting job, resolve idle waiters. */
  private finishJob(lane: Lane<J>): void {
    lane.running -= 1;
    this.pending -= 1;
    if (lane.waiting.size > 0 && !this.cancelled) this.pump(lane);
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.pending !== 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
