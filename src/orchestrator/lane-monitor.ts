/**
 * Watches the running provider calls of one alias lane with two timers for
 * the whole lane instead of two per task: the `timeout_ms` deadline and the
 * heartbeat. Every call of a lane has the same timeout, so deadlines come in
 * start order and a FIFO is enough: one timer armed for the earliest live
 * deadline.
 *
 * Heartbeats (SPEC §5), the definition used everywhere (events, docs, tests):
 * every `heartbeat_interval_ms` the lane looks at each running call;
 * - if it received any stream part since the previous tick → `heartbeat`
 *   {elapsedMs};
 * - otherwise, once it has been silent for at least one whole interval →
 *   `heartbeat_miss` {missed, intervalMs}, `missed` = whole intervals of
 *   silence so far (1, 2, 3 ...), one event each time it grows. Silence is
 *   measured from the call's start or from the tick that saw its last
 *   progress, so a miss is reported between one and two intervals after the
 *   last sign of life. Queue time never counts.
 *
 * Timers never keep the process alive. They are not torn down the moment a
 * lane has no live call (a busy lane empties and refills between waves of
 * tasks, and re-arming two timers per wave was a measurable part of the
 * per-task cost): the heartbeat tick stops both once it finds the lane idle,
 * at most one interval later, and {@link LaneMonitor.close} stops them at the
 * end of the run.
 */
export interface MonitoredCall {
  /** performance.now() when the call started. */
  readonly startedAt: number;
  readonly deadline: number;
  /** Set by the call on every stream part; cleared by the heartbeat tick. */
  progressed: boolean;
  lastSeenAt: number;
  missed: number;
  /** Set by {@link LaneMonitor.remove}. */
  done: boolean;
  onTimeout(): void;
  onCancel(): void;
  onBeat(elapsedMs: number): void;
  onMiss(missed: number, intervalMs: number): void;
}

export class LaneMonitor {
  private calls: MonitoredCall[] = [];
  private head = 0;
  private live = 0;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly timeoutMs: number,
    readonly intervalMs: number,
    readonly now: () => number = () => performance.now(),
  ) {}

  add(call: MonitoredCall): void {
    this.calls.push(call);
    this.live += 1;
    if (call.deadline < this.armedFor) this.armDeadline(call.deadline);
    if (!this.heartbeatTimer) {
      this.heartbeatTimer = setInterval(() => this.tick(), this.intervalMs);
      this.heartbeatTimer.unref();
    }
  }

  remove(call: MonitoredCall): void {
    if (call.done) return;
    call.done = true;
    this.live -= 1;
    this.compact();
  }

  /** Stops the timers (the run is over; every call has been removed). */
  close(): void {
    this.stopTimers();
  }

  /** Calls `onCancel` on every live call (the run was stopped). */
  cancelAll(): void {
    // a snapshot: a cancelled call may remove itself (and compact `calls`) synchronously
    for (const call of this.calls.slice(this.head)) {
      if (!call.done) call.onCancel();
    }
  }

  private compact(): void {
    const calls = this.calls;
    while (this.head < calls.length && calls[this.head]!.done) {
      calls[this.head] = undefined as unknown as MonitoredCall;
      this.head += 1;
    }
    if (this.head === calls.length) {
      this.calls = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > calls.length) {
      this.calls = calls.slice(this.head);
      this.head = 0;
    }
  }

  private armDeadline(deadline: number): void {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.armedFor = deadline;
    this.deadlineTimer = setTimeout(() => this.onDeadline(), Math.max(0, Math.ceil(deadline - this.now())));
    this.deadlineTimer.unref();
  }

  private onDeadline(): void {
    this.deadlineTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.now();
    const expired: MonitoredCall[] = [];
    let next: MonitoredCall | undefined;
    for (let i = this.head; i < this.calls.length; i += 1) {
      const call = this.calls[i]!;
      if (call.done) continue;
      if (call.deadline <= now + 1) expired.push(call);
      else {
        next = call;
        break;
      }
    }
    if (next) this.armDeadline(next.deadline);
    for (const call of expired) call.onTimeout();
  }

  private tick(): void {
    if (this.live === 0) {
      this.stopTimers();
      return;
    }
    const now = this.now();
    for (let i = this.head; i < this.calls.length; i += 1) {
      const call = this.calls[i]!;
      if (call.done) continue;
      if (call.progressed) {
        call.progressed = false;
        call.lastSeenAt = now;
        call.missed = 0;
        call.onBeat(Math.round(now - call.startedAt));
        continue;
      }
      // 2 ms of slack: interval timers fire a little early or late
      const missed = Math.floor((now - call.lastSeenAt + 2) / this.intervalMs);
      if (missed > call.missed) {
        call.missed = missed;
        call.onMiss(missed, this.intervalMs);
      }
    }
  }

  private stopTimers(): void {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.deadlineTimer = undefined;
    this.heartbeatTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
  }
}
