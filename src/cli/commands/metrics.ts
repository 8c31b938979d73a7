import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { eventLogFile } from '../../telemetry/event-log.js';
import { formatScorecards, metricsFile, readScorecards, recomputeMetrics, type MetricsSnapshot } from '../../telemetry/metrics.js';
import type { CliIO } from '../cli-io.js';

interface MetricsFlags {
  json?: boolean;
  recompute?: boolean;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('metrics')
    .description('Per-agent scorecards (tasks, success rate, avg/p50/p95/p99 latency, tokens, cost) from data/metrics/agents.json.')
    .option('--json', 'print the scorecards as JSON')
    .option('--recompute', 'rebuild data/metrics/agents.json from data/logs/events.jsonl first')
    .addHelpText(
      'after',
      `
Examples:
  codex-flow metrics
  codex-flow metrics --json
  codex-flow metrics --recompute

The scorecards are rebuilt from the event log after every run, and here when the event
log is newer than data/metrics/agents.json (or with --recompute).
Exit codes: 0 (also when there are no metrics yet), 1 unreadable metrics file.`,
    )
    .action((flags: MetricsFlags) => {
      const root = io.ctx.root;
      const snapshot = flags.recompute || isStale(root) ? recomputeMetrics(root, io.ctx.clock) : readScorecards(root);
      if (flags.json) io.stdout(`${JSON.stringify(snapshot ?? emptySnapshot(), null, 2)}\n`);
      else io.stdout(formatScorecards(snapshot));
    });
}

/** True when the event log exists and is newer than the metrics file (or the metrics file is missing). */
function isStale(root: string): boolean {
  const log = mtime(eventLogFile(root));
  if (log === undefined) return false;
  const metrics = mtime(metricsFile(root));
  return metrics === undefined || log > metrics;
}

function mtime(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function emptySnapshot(): Pick<MetricsSnapshot, 'agents'> & { note: string } {
  return { agents: [], note: 'no metrics yet: run some tasks first' };
}
