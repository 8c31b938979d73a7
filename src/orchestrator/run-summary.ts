import type { AliasRunSummary, CodexEvent } from '../telemetry/events.js';
import { OutcomeTally } from '../telemetry/outcome-tally.js';

interface AliasAccumulator {
  alias: string;
  agentId: string;
  tasks: number;
  tally: OutcomeTally;
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
      this.byAlias.set(alias, { alias, agentId, tasks, tally: new OutcomeTally() });
    }
  }

  readonly record = (event: CodexEvent): void => {
    if (event.kind !== 'task_complete' && event.kind !== 'task_error' && event.kind !== 'task_rejected') return;
    const entry = event.alias ? this.byAlias.get(event.alias) : undefined;
    if (!entry) return;
    if (event.kind === 'task_rejected') entry.tally.add(event.kind, 0, 0, 0, 0);
    else entry.tally.add(event.kind, event.ms, event.tokensIn ?? 0, event.tokensOut ?? 0, event.cost ?? 0);
  };

  aliases(maxInFlight: (alias: string) => number): AliasRunSummary[] {
    return [...this.byAlias.values()].map(({ alias, agentId, tasks, tally }) => {
      const { avgMs, p95Ms } = tally.latency();
      return {
        alias,
        agentId,
        tasks,
        ok: tally.ok,
        failed: tally.failed,
        rejected: tally.rejected,
        avgMs,
        p95Ms,
        tokensIn: tally.tokensIn,
        tokensOut: tally.tokensOut,
        cost: roundCost(tally.cost),
        maxInFlight: maxInFlight(alias),
      };
    });
  }
}

function roundCost(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
