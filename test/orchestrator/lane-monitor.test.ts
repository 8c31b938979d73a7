import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LaneMonitor, type MonitoredCall } from '../../src/orchestrator/lane-monitor.js';

/**
 * Timers made while a test runs that are still pending: created, not cleared,
 * and (for setTimeout) not fired. The monitor's timers are unref'd, so
 * process.getActiveResourcesInfo() does not list them: the globals are wrapped.
 */
const pending = new Set<unknown>();
let made = 0;
const liveTimers = (): number => pending.size;
beforeEach(() => {
  pending.clear();
  made = 0;
  const realSetTimeout = globalThis.setTimeout;
  const realSetInterval = globalThis.setInterval;
  const realClearTimeout = globalThis.clearTimeout;
  const realClearInterval = globalThis.clearInterval;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    made += 1;
    const handle: unknown = realSetTimeout(() => {
      pending.delete(handle);
      fn();
    }, ms);
    pending.add(handle);
    return handle;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
    made += 1;
    const handle = realSetInterval(fn, ms);
    pending.add(handle);
    return handle;
  }) as typeof setInterval);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((handle: NodeJS.Timeout) => {
    pending.delete(handle);
    realClearTimeout(handle);
  }) as typeof clearTimeout);
  vi.spyOn(globalThis, 'clearInterval').mockImplementation(((handle: NodeJS.Timeout) => {
    pending.delete(handle);
    realClearInterval(handle);
  }) as typeof clearInterval);
});
afterEach(() => {
  vi.restoreAllMocks();
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function call(monitor: LaneMonitor, log: string[], name: string): MonitoredCall {
  const startedAt = monitor.now();
  return {
    startedAt,
    deadline: startedAt + monitor.timeoutMs,
    progressed: false,
    lastSeenAt: startedAt,
    missed: 0,
    done: false,
    onTimeout: () => log.push(`${name}:timeout`),
    onCancel: () => log.push(`${name}:cancel`),
    onBeat: () => log.push(`${name}:beat`),
    onMiss: (missed) => log.push(`${name}:miss${missed}`),
  };
}

describe('LaneMonitor timers', () => {
  it('keeps its two timers across back-to-back calls and stops them once the lane stays idle', async () => {
    const log: string[] = [];
    const monitor = new LaneMonitor(60_000, 20);
    const first = call(monitor, log, 'a');
    monitor.add(first);
    expect(liveTimers()).toBe(2); // the deadline and the heartbeat
    monitor.remove(first);
    const second = call(monitor, log, 'b');
    monitor.add(second); // the lane refilled at once: no new timers
    expect(made).toBe(2);
    expect(liveTimers()).toBe(2);
    monitor.remove(second);
    await sleep(70); // idle for more than one interval
    expect(liveTimers()).toBe(0); // the idle tick stopped both (the sleep's own timer has fired)
    expect(made).toBe(3); // the monitor's two and the sleep's
    expect(log).toEqual([]); // removed calls get no heartbeat events
  });

  it('close() stops the timers at once, and a timed-out call still times out after a refill', async () => {
    const log: string[] = [];
    const monitor = new LaneMonitor(30, 1_000);
    const first = call(monitor, log, 'a');
    monitor.add(first);
    monitor.remove(first);
    await sleep(5);
    const second = call(monitor, log, 'b');
    monitor.add(second);
    await sleep(80);
    expect(log).toEqual(['b:timeout']); // armed for a's deadline, the timer moved on to b's
    monitor.remove(second);
    expect(liveTimers()).toBe(1); // the heartbeat interval (1 s) has not ticked yet
    monitor.close();
    expect(liveTimers()).toBe(0);
  });

  it('cancelAll reaches every live call even when each removes itself while being cancelled', () => {
    const log: string[] = [];
    const monitor = new LaneMonitor(60_000, 1_000);
    const calls = Array.from({ length: 3 }, (_, i) => call(monitor, log, `c${i}`));
    for (const c of calls) {
      c.onCancel = () => {
        log.push(`${c === calls[0] ? 'c0' : c === calls[1] ? 'c1' : 'c2'}:cancel`);
        monitor.remove(c);
      };
      monitor.add(c);
    }
    monitor.cancelAll();
    monitor.close();
    expect(log).toEqual(['c0:cancel', 'c1:cancel', 'c2:cancel']);
  });
});
