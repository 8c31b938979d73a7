import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/providers/deadline.js';

const run = promisify(execFile);
const DEADLINE_TS = path.resolve(import.meta.dirname, '..', '..', 'src', 'providers', 'deadline.ts');

/** Resolves with the time the deadline expired (ms after `start`), or rejects after `limitMs`. */
function expiry(deadline: { onExpired: Promise<number> }, limitMs: number): Promise<number> {
  return Promise.race([deadline.onExpired, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('did not expire')), limitMs))]);
}

function watched(start: number): { deadline: Deadline; onExpired: Promise<number>; count: () => number } {
  let count = 0;
  let resolve: (ms: number) => void = () => {};
  const onExpired = new Promise<number>((r) => {
    resolve = r;
  });
  const deadline = new Deadline({
    expired() {
      count += 1;
      resolve(performance.now() - start);
    },
  });
  return { deadline, onExpired, count: () => count };
}

describe('Deadline (one shared lazily re-armed timer)', () => {
  it('expires no sooner than `ms` after the last arm(), even when moved later many times', async () => {
    const start = performance.now();
    const w = watched(start);
    w.deadline.arm(60);
    // keep pushing it back for ~150 ms, as body chunks do with the stall deadline
    for (let i = 0; i < 15; i++) {
      await new Promise((r) => setTimeout(r, 10));
      w.deadline.arm(60);
    }
    const lastArm = performance.now() - start;
    const at = await expiry(w, 2_000);
    expect(at).toBeGreaterThanOrEqual(lastArm + 59);
    expect(at).toBeLessThan(lastArm + 60 + 200);
    expect(w.count()).toBe(1);
  });

  it('a shorter deadline armed after a longer one still expires on time; cancel() stops one', async () => {
    const start = performance.now();
    const long = watched(start);
    const short = watched(start);
    const cancelled = watched(start);
    long.deadline.arm(10_000);
    cancelled.deadline.arm(20);
    short.deadline.arm(40);
    cancelled.deadline.cancel();
    const at = await expiry(short, 2_000);
    expect(at).toBeGreaterThanOrEqual(39);
    expect(at).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(cancelled.count()).toBe(0);
    expect(long.count()).toBe(0);
    long.deadline.cancel();
  });

  it('keeps the process alive only while a deadline is armed', async () => {
    const tsx = ['--import', 'tsx', '--input-type=module', '-e'];
    const started = Date.now();
    // armed for 30 s, then cancelled: the process exits at once
    await run(process.execPath, [...tsx, `import { Deadline } from ${JSON.stringify(DEADLINE_TS)}; const d = new Deadline({ expired() {} }); d.arm(30000); d.cancel();`], { timeout: 20_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    // armed and left alone: the process waits for it
    const { stdout } = await run(process.execPath, [...tsx, `import { Deadline } from ${JSON.stringify(DEADLINE_TS)}; new Deadline({ expired() { console.log('expired'); } }).arm(200);`], { timeout: 20_000 });
    expect(stdout.trim()).toBe('expired');
  });

  it('a deadline cancelled or moved by another that expires in the same sweep does not fire then; a throwing owner does not cost the others', async () => {
    const log: string[] = [];
    const b = new Deadline({ expired: () => log.push('b') });
    const d = new Deadline({ expired: () => log.push('d') });
    const a = new Deadline({ expired: () => (log.push('a'), b.cancel()) });
    const c = new Deadline({ expired: () => (log.push('c'), d.arm(150)) });
    const thrower = new Deadline({
      expired: () => {
        throw new Error('owner failed');
      },
    });
    const after = new Deadline({ expired: () => log.push('after') });
    const uncaught: string[] = [];
    const onUncaught = (error: Error): void => void uncaught.push(error.message);
    process.prependListener('uncaughtException', onUncaught);
    try {
      for (const deadline of [a, b, c, d, thrower, after]) deadline.arm(20);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(log.sort()).toEqual(['a', 'after', 'c']);
      expect(uncaught).toEqual(['owner failed']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(log).toContain('d');
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
  });
});
