import type { ErrorInfo } from '../telemetry/events.js';
import type { Clock } from '../util/runtime-context.js';

/** One completion record in `data/memory/<alias>.jsonl` (or the alias's Redis window). */
export interface MemoryRecord {
  /** ISO-8601 time the record was written; TTL is measured from it. */
  ts: string;
  alias: string;
  agentId: string;
  taskId: string;
  runId?: string;
  ok: boolean;
  /** The task text (redacted, capped). */
  task: string;
  /** The final answer (redacted, capped). */
  output?: string;
  error?: ErrorInfo;
  provider?: string;
  ms?: number;
  tokensIn?: number;
  tokensOut?: number;
  cost?: number;
  /** Free-form structured data (redacted by key path and by value). */
  data?: Record<string, unknown>;
}

/** Longest task / output text kept in one record; the rest is cut with a marker. */
export const MEMORY_TEXT_LIMIT = 16_384;

/** What the orchestrator knows about a finished task: a record but for its time (`completionRecord` caps the texts). */
export type CompletionInput = Omit<MemoryRecord, 'ts'>;

/** The completion record for a finished task (the orchestrator writes one per task unless `--no-memory`). */
export function completionRecord(input: CompletionInput, clock: Clock): MemoryRecord {
  const record: MemoryRecord = {
    ts: new Date(clock.now()).toISOString(),
    alias: input.alias,
    agentId: input.agentId,
    taskId: input.taskId,
    ok: input.ok,
    task: capText(input.task),
  };
  if (input.runId !== undefined) record.runId = input.runId;
  if (input.output !== undefined) record.output = capText(input.output);
  if (input.error !== undefined) record.error = { ...input.error, message: capText(input.error.message) };
  if (input.provider !== undefined) record.provider = input.provider;
  if (input.ms !== undefined) record.ms = input.ms;
  if (input.tokensIn !== undefined) record.tokensIn = input.tokensIn;
  if (input.tokensOut !== undefined) record.tokensOut = input.tokensOut;
  if (input.cost !== undefined) record.cost = input.cost;
  if (input.data !== undefined) record.data = input.data;
  return record;
}

function capText(text: string): string {
  return text.length <= MEMORY_TEXT_LIMIT ? text : `${text.slice(0, MEMORY_TEXT_LIMIT)}… [truncated ${text.length - MEMORY_TEXT_LIMIT} chars]`;
}

/** True when `value` has the shape of a record (foreign JSON lines are ignored by readers). */
export function isMemoryRecord(value: unknown): value is MemoryRecord {
  if (!value || typeof value !== 'object') return false;
  const record = value as Partial<MemoryRecord>;
  return typeof record.ts === 'string' && typeof record.alias === 'string' && typeof record.agentId === 'string' && typeof record.taskId === 'string';
}

/** True when the record is older than `ttlMs` at `nowMs` (unparseable timestamps count as expired). */
export function isExpired(record: Pick<MemoryRecord, 'ts'>, ttlMs: number, nowMs: number): boolean {
  const written = Date.parse(record.ts);
  return !Number.isFinite(written) || nowMs - written >= ttlMs;
}

/** What a window read keeps: a record of `alias` not expired at `nowMs` (foreign or torn entries are skipped). */
export function isLiveRecordOf(value: unknown, alias: string, ttlMs: number, nowMs: number): value is MemoryRecord {
  return isMemoryRecord(value) && value.alias === alias && !isExpired(value, ttlMs, nowMs);
}
