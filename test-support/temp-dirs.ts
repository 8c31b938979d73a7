import { afterEach } from 'vitest';
import { makeTempDir } from './cli-harness.js';

/**
 * Call in a `describe` (or at the top of a test file): returns a function that
 * makes a fresh temporary directory; every directory it made is removed after
 * each test.
 */
export function useTempDirs(prefix?: string): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  return () => {
    const { dir, cleanup } = makeTempDir(prefix);
    cleanups.push(cleanup);
    return dir;
  };
}
