import { createConnection } from 'node:net';

export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** True when something answers Redis PING on 127.0.0.1:6379 within the timeout. */
export function probeRedis(host = '127.0.0.1', port = 6379, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (up: boolean): void => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Whether the Redis-backed tests run. With CI=true they always run (and fail
 * loudly if Redis is down); elsewhere they are skipped with a loud message.
 */
export async function redisTestMode(label: string): Promise<{ run: boolean; up: boolean }> {
  const up = await probeRedis();
  const ci = process.env.CI === 'true';
  if (!up && !ci) {
    console.warn(`\n!!! ${label}: Redis is not reachable at 127.0.0.1:6379 — the Redis runs are SKIPPED. Start redis-server (CI=true makes this a failure).\n`);
  }
  return { run: up || ci, up };
}
