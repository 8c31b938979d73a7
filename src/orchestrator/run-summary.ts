import type { AliasRunSummary, CodexEvent } from '../telemetry/events.js';

interface AliasAccumulator {
  alias: string;
  agentId: string;
  tasks: number;
  ok: number;
  failed: number;
  rejected: number;
  durations: number[];
  tokensIn: number;
  tokensOut: number;
  cost: number;
}

/**
 * Per-alias figures for the end of a run (tasks, ok, failed, rejected,
 * avg/p95 ms, tokens, cost), accumulated from the event stream: feed it every
 * event with {@link RunSummary.record}.
 */
export class RunSummary {
  private readonly byAlias = new Map<string, AliasAccumulator>();

  /** Registers an alias up front so it appears even if all its tasks were rejected. */
  addAlias(alias: string, agentId: string, tasks: number): void {
    if (!this.byAlias.has(alias)) {
      this.byAlias.set(alias, { alias, agentId, tasks, ok: 0, failed: 0, rejected: 0, durations: [], tokensIn: 0, tokensOut: 0, cost: 0 });
    }
  }

  readonly record = (event: CodexEvent): void => {
    if (event.kind !== 'task_complete' && event.kind !== 'task_error' && event.kind !== 'task_rejected') return;
    const entry = event.alias ? this.byAlias.get(event.alias) : undefined;
    if (!entry) return;
    if (event.kind === 'task_rejected') {
      entry.rejected += 1;
      return;
    }
    if (event.kind === 'task_complete') entry.ok += 1;
    else entry.failed += 1;
    entry.durations.push(event.ms);
    entry.tokensIn += event.tokensIn ?? 0;
    entry.tokensOut += event.tokensOut ?? 0;
    entry.cost += event.cost ?? 0;
  };

  aliases(maxInFlight: (alias: string) => number): AliasRunSummary[] {
    return [...this.byAlias.values()].map((entry) => {
      const sorted = [...entry.durations].sort((a, b) => a - b);
      const total = sorted.reduce((sum, ms) => sum + ms, 0);
      return {
        alias: entry.alias,
        agentId: entry.agentId,
        tasks: entry.tasks,
        ok: entry.ok,
        failed: entry.failed,
        rejected: entry.rejected,
        avgMs: sorted.length > 0 ? Math.round(total / sorted.length) : 0,
        p95Ms: percentile(sorted, 0.95),
        tokensIn: entry.tokensIn,
        tokensOut: entry.tokensOut,
        cost: roundCost(entry.cost),
        maxInFlight: maxInFlight(entry.alias),
      };
    });
  }
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

function roundCost(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
