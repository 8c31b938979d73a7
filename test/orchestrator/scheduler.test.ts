import { describe, expect, it } from 'vitest';
import { AliasScheduler } from '../../src/orchestrator/scheduler.js';

interface Job {
  priority: number;
  id: number;
}

describe('AliasScheduler', () => {
  it('frees the slot of a job whose runner throws, rejects or returns a plain value, so the lane never stalls', async () => {
    const ran: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const scheduler = new AliasScheduler<Job>({
      run: (_lane, job) => {
        ran.push(job.id);
        if (job.id % 4 === 0) throw new Error('sync throw');
        if (job.id % 4 === 1) return Promise.reject(new Error('rejected'));
        if (job.id % 4 === 2) return 'plain' as unknown as Promise<unknown>;
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            inFlight -= 1;
            resolve();
          }, 2),
        );
      },
    });
    scheduler.addLane('a', { maxParallel: 2, strategy: 'fifo', queueLimit: 100 });
    for (let id = 0; id < 20; id += 1) expect(scheduler.submit('a', { priority: 0, id }).accepted).toBe(true);
    await scheduler.onIdle();
    expect(ran).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(scheduler.stats('a')).toMatchObject({ running: 0, waiting: 0, started: 20, maxInFlight: 2 });
    expect(maxInFlight).toBeLessThanOrEqual(2);
  });
});
