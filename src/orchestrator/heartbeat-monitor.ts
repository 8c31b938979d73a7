/**
 * Heartbeats (SPEC §5), one ticker per alias lane instead of one timer per
 * task. Every `intervalMs` the lane's ticker looks at each running provider
 * call. Definition used everywhere (events, docs, tests):
 *
 * - if the call received any stream part since the previous tick, a
 *   `heartbeat` {elapsedMs} is emitted;
 * - otherwise, once the call has been silent for at least one whole interval,
 *   a `heartbeat_miss` {missed, intervalMs} is emitted, where `missed` is the
 *   number of whole intervals of silence so far (1, 2, 3 ...), one event each
 *   time it grows. Silence is measured from the call's start or from the tick
 *   that saw its last progress, so a miss is reported between one and two
 *   intervals after the last sign of life.
 *
 * Calls are registered when the provider call starts and removed when it
 * ends, so queue time never counts. The timer only runs while a call is
 * registered and never keeps the process alive.
 */
export interface HeartbeatSubject {
  /** Set by the task on every stream part; cleared by the ticker. */
  progressed: boolean;
  startedAt: number;
  lastSeenAt: number;
  missed: number;
  beat: (elapsedMs: number) => void;
  miss: (missed: number, intervalMs: number) => void;
}

export class HeartbeatTicker {
  private readonly subjects = new Set<HeartbeatSubject>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts watching a provider call. */
  watch(beat: HeartbeatSubject['beat'], miss: HeartbeatSubject['miss']): HeartbeatSubject {
    const at = this.now();
    const subject: HeartbeatSubject = { progressed: false, startedAt: at, lastSeenAt: at, missed: 0, beat, miss };
    this.subjects.add(subject);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.intervalMs);
      this.timer.unref();
    }
    return subject;
  }

  unwatch(subject: HeartbeatSubject): void {
    this.subjects.delete(subject);
    if (this.subjects.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private tick(): void {
    const now = this.now();
    for (const subject of this.subjects) {
      if (subject.progressed) {
        subject.progressed = false;
        subject.lastSeenAt = now;
        subject.missed = 0;
        subject.beat(Math.round(now - subject.startedAt));
        continue;
      }
      // 2 ms of slack: timers fire a little early or late
      const missed = Math.floor((now - subject.lastSeenAt + 2) / this.intervalMs);
      if (missed > subject.missed) {
        subject.missed = missed;
        subject.miss(missed, this.intervalMs);
      }
    }
  }
}
