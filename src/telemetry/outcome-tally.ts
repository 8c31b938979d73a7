/**
 * Counts task outcomes (ok, failed, rejected, latencies, tokens, cost): the
 * one accumulator behind the end-of-run summary per alias and the per-agent
 * scorecards in data/metrics/agents.json.
 */
export class OutcomeTally {
  ok = 0;
  failed = 0;
  rejected = 0;
  tokensIn = 0;
  tokensOut = 0;
  cost = 0;
  private readonly durations: number[] = [];

  /** Records one `task_complete` / `task_error` / `task_rejected`. */
  add(kind: 'task_complete' | 'task_error' | 'task_rejected', ms: number, tokensIn: number, tokensOut: number, cost: number): void {
    if (kind === 'task_rejected') {
      this.rejected += 1;
      return;
    }
    if (kind === 'task_complete') this.ok += 1;
    else this.failed += 1;
    this.durations.push(ms);
    this.tokensIn += tokensIn;
    this.tokensOut += tokensOut;
    this.cost += cost;
  }

  /** Tasks that ran to an outcome (ok + failed; rejected ones never ran). */
  get finished(): number {
    return this.ok + this.failed;
  }

  /** Mean and nearest-rank percentiles of the latencies, in ms (0 when none). */
  latency(): { avgMs: number; p50Ms: number; p95Ms: number; p99Ms: number } {
    const sorted = [...this.durations].sort((a, b) => a - b);
    const total = sorted.reduce((sum, ms) => sum + ms, 0);
    return {
      avgMs: sorted.length > 0 ? Math.round(total / sorted.length) : 0,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      p99Ms: percentile(sorted, 0.99),
    };
  }
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}
