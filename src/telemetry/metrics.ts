import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OutcomeTally } from './outcome-tally.js';
import { CodexFlowError } from '../util/errors.js';
import { readJsonLines } from '../util/jsonl-file.js';
import type { Clock } from '../util/runtime-context.js';
import { eventLogFile } from './event-log.js';

/** Per-agent scorecard in `data/metrics/agents.json` (SPEC §10). */
export interface AgentScorecard {
  agentId: string;
  /** Aliases the agent ran under. */
  aliases: string[];
  /** Finished tasks: ok + failed (rejected tasks never ran and are counted apart). */
  tasks: number;
  ok: number;
  failed: number;
  rejected: number;
  /** ok / tasks, 0..1 (0 when no task finished). */
  successRate: number;
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  tokensIn: number;
  tokensOut: number;
  /** USD. */
  cost: number;
  /** Tasks answered by the offline provider (no real model). */
  simulated: number;
  /** Timestamp of the agent's latest finished task. */
  lastTs: string;
}

export interface MetricsSnapshot {
  version: 1;
  generatedAt: string;
  /** The event log these figures were computed from, relative to the root. */
  source: string;
  /** task_complete + task_error + task_rejected events read. */
  events: number;
  /** Lines of the event log that did not parse (a torn last line after a crash). */
  badLines: number;
  /** Sorted by agent id. */
  agents: AgentScorecard[];
}

export const METRICS_PATH = path.join('data', 'metrics', 'agents.json');

export function metricsFile(root: string): string {
  return path.join(root, METRICS_PATH);
}

interface Accumulator {
  aliases: Set<string>;
  tally: OutcomeTally;
  simulated: number;
  lastTs: string;
}

type OutcomeEvent = {
  kind: 'task_complete' | 'task_error' | 'task_rejected';
  ts?: unknown;
  agentId?: unknown;
  alias?: unknown;
  ms?: unknown;
  tokensIn?: unknown;
  tokensOut?: unknown;
  cost?: unknown;
  simulated?: unknown;
};

function isOutcome(value: unknown): value is OutcomeEvent {
  if (!value || typeof value !== 'object') return false;
  const kind = (value as { kind?: unknown }).kind;
  return (kind === 'task_complete' || kind === 'task_error' || kind === 'task_rejected') && typeof (value as { agentId?: unknown }).agentId === 'string';
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

/** Pure: scorecards from a sequence of events (anything that is not a task outcome is ignored). */
export function computeScorecards(events: Iterable<unknown>, generatedAt: string, badLines = 0): MetricsSnapshot {
  const byAgent = new Map<string, Accumulator>();
  let counted = 0;
  for (const event of events) {
    if (!isOutcome(event)) continue;
    counted += 1;
    const agentId = event.agentId as string;
    let entry = byAgent.get(agentId);
    if (!entry) {
      entry = { aliases: new Set(), tally: new OutcomeTally(), simulated: 0, lastTs: '' };
      byAgent.set(agentId, entry);
    }
    if (typeof event.alias === 'string') entry.aliases.add(event.alias);
    entry.tally.add(event.kind, num(event.ms), num(event.tokensIn), num(event.tokensOut), num(event.cost));
    if (event.kind === 'task_rejected') continue;
    if (event.simulated === true) entry.simulated += 1;
    if (typeof event.ts === 'string' && event.ts > entry.lastTs) entry.lastTs = event.ts;
  }
  const agents = [...byAgent.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agentId, entry]): AgentScorecard => {
      const { tally } = entry;
      const tasks = tally.finished;
      return {
        agentId,
        aliases: [...entry.aliases].sort(),
        tasks,
        ok: tally.ok,
        failed: tally.failed,
        rejected: tally.rejected,
        successRate: tasks > 0 ? round(tally.ok / tasks, 4) : 0,
        ...tally.latency(),
        tokensIn: tally.tokensIn,
        tokensOut: tally.tokensOut,
        cost: round(tally.cost, 8),
        simulated: entry.simulated,
        lastTs: entry.lastTs,
      };
    });
  return { version: 1, generatedAt, source: 'data/logs/events.jsonl', events: counted, badLines, agents };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Recomputes `data/metrics/agents.json` from `data/logs/events.jsonl` and
 * writes it atomically (temp file + rename). Call after every run.
 */
export function recomputeMetrics(root: string, clock: Clock): MetricsSnapshot {
  const { records, badLines } = readJsonLines<unknown>(eventLogFile(root));
  const snapshot = computeScorecards(records, new Date(clock.now()).toISOString(), badLines);
  const file = metricsFile(root);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(snapshot, null, 2) + '\n', 'utf8');
  renameSync(temp, file);
  return snapshot;
}

/**
 * The scorecards last written to `data/metrics/agents.json` (for `metrics`
 * and `load`); `undefined` when no run has produced any yet.
 */
export function readScorecards(root: string): MetricsSnapshot | undefined {
  const file = metricsFile(root);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CodexFlowError('E_METRICS', `Cannot read ${METRICS_PATH}: ${(error as Error).message}. Delete it; the next run (or \`codex-flow metrics --recompute\`) rebuilds it from the event log.`, {
      file,
    });
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as MetricsSnapshot).agents)) {
    throw new CodexFlowError('E_METRICS', `${METRICS_PATH} is not a metrics snapshot. Delete it; the next run rebuilds it from the event log.`, { file });
  }
  return parsed as MetricsSnapshot;
}

/** A plain-text table of scorecards (what `metrics` and `load` print). */
export function formatScorecards(snapshot: MetricsSnapshot | undefined): string {
  if (!snapshot || snapshot.agents.length === 0) {
    return 'No agent metrics yet: run some tasks first (codex-flow run ...); data/metrics/agents.json is written after each run.\n';
  }
  const header = ['agent', 'tasks', 'ok', 'failed', 'success', 'avg ms', 'p50', 'p95', 'p99', 'tokens in', 'tokens out', 'cost $'];
  const rows = snapshot.agents.map((card) => [
    card.simulated > 0 ? `${card.agentId} (${card.simulated} simulated)` : card.agentId,
    String(card.tasks),
    String(card.ok),
    String(card.failed),
    `${(card.successRate * 100).toFixed(1)}%`,
    String(card.avgMs),
    String(card.p50Ms),
    String(card.p95Ms),
    String(card.p99Ms),
    String(card.tokensIn),
    String(card.tokensOut),
    card.cost.toFixed(4),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), ...rows.map(line), `(${snapshot.agents.length} agents, computed ${snapshot.generatedAt} from ${snapshot.source})`].join('\n') + '\n';
}
