/** A source of uniform numbers in [0, 1): injected so tests are deterministic. */
export type JitterSource = () => number;

/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform
 * delay in [0, min(maxMs, baseMs * 2^attempt)). `attempt` is 0 for the first retry.
 */
export function fullJitterBackoff(attempt: number, baseMs: number, maxMs: number, random: JitterSource): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
