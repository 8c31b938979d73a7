import type { AliasRunSummary, PlanAliasSummary } from '../telemetry/events.js';
import type { RunPlan } from '../orchestrator/run-plan.js';

/** The plan as text: alias → agent, caps, queue, timeout, then each task. */
export function formatRunPlan(plan: RunPlan, lanes: readonly PlanAliasSummary[], provider: string, providerReason: string): string {
  const lines = [`Plan ${plan.runId}: ${plan.taskCount} task(s) on ${lanes.length} alias(es), provider ${provider} (${providerReason})`];
  for (const lane of plan.aliases) {
    lines.push(
      `  ${lane.alias} → ${lane.agentId}  cap ${lane.maxParallel}, queue ${lane.queueStrategy} (limit ${lane.queueLimit}), timeout ${lane.timeoutMs} ms, heartbeat ${lane.heartbeatIntervalMs} ms`,
    );
    const tools = lane.definition.capabilities.detail.tools.allowed;
    lines.push(`    tools allowed: ${tools.length > 0 ? tools.join(', ') : '(none)'}`);
    for (const task of lane.tasks) {
      const text = task.text.replace(/\s+/g, ' ');
      const extras = [task.tools.length > 0 ? `tools ${task.tools.join(',')}` : '', task.files.length > 0 ? `files ${task.files.join(',')}` : '', task.priority !== 50 ? `priority ${task.priority}` : '']
        .filter(Boolean)
        .join('; ');
      lines.push(`    - ${task.taskId}: ${text.length > 100 ? `${text.slice(0, 99)}…` : text}${extras ? `  [${extras}]` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The end-of-run table: per alias tasks, ok, failed, rejected, avg/p95 ms, tokens, cost. */
export function formatRunSummary(summary: readonly AliasRunSummary[], totals: { ms: number; ok: number; failed: number; rejected: number; cost: number }): string {
  const header = ['alias', 'agent', 'tasks', 'ok', 'failed', 'rejected', 'avg ms', 'p95 ms', 'max par.', 'tokens in/out', 'cost $'];
  const rows = summary.map((s) => [
    s.alias,
    s.agentId,
    String(s.tasks),
    String(s.ok),
    String(s.failed),
    String(s.rejected),
    String(s.avgMs),
    String(s.p95Ms),
    String(s.maxInFlight),
    `${s.tokensIn}/${s.tokensOut}`,
    s.cost.toFixed(4),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]): string => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return `${[render(header), ...rows.map(render)].join('\n')}\nDone in ${totals.ms} ms: ${totals.ok} ok, ${totals.failed} failed, ${totals.rejected} rejected, cost $${totals.cost.toFixed(4)}.\n`;
}
