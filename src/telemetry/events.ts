/**
 * The event model, typed once (SPEC §6, §10). Every adapter, the orchestrator,
 * the event log (`data/logs/events.jsonl`) and the `--json` stream use these
 * shapes. Add a kind here, never ad hoc elsewhere.
 */

export interface EventBase {
  /** ISO-8601 timestamp. */
  ts: string;
  runId?: string;
  alias?: string;
  agentId?: string;
  taskId?: string;
  provider?: string;
}

export interface Usage {
  tokensIn: number;
  tokensOut: number;
}

export interface ErrorInfo {
  code: string;
  message: string;
  status?: number;
}

/** One alias of a run plan (`run --plan`, the `run_plan` event). */
export interface PlanAliasSummary {
  alias: string;
  agentId: string;
  tasks: number;
  maxParallel: number;
  queueStrategy: 'fifo' | 'priority';
  queueLimit: number;
  timeoutMs: number;
}

/** Per-alias figures at the end of a run (the `run_complete` event, the CLI summary). */
export interface AliasRunSummary {
  alias: string;
  agentId: string;
  tasks: number;
  ok: number;
  failed: number;
  rejected: number;
  avgMs: number;
  p95Ms: number;
  tokensIn: number;
  tokensOut: number;
  cost: number;
  /** Highest number of tasks of this alias running at the same time. */
  maxInFlight: number;
}

export type CodexEvent =
  | (EventBase & { kind: 'run_plan'; providerReason: string; aliases: PlanAliasSummary[] })
  | (EventBase & { kind: 'run_started'; tasks: number; aliases: string[] })
  | (EventBase & {
      kind: 'run_complete';
      ms: number;
      ok: number;
      failed: number;
      rejected: number;
      tokensIn?: number;
      tokensOut?: number;
      cost?: number;
      summary?: AliasRunSummary[];
    })
  | (EventBase & { kind: 'task_queued'; queueDepth: number })
  | (EventBase & { kind: 'task_rejected'; reason: string })
  | (EventBase & { kind: 'task_started'; attempt?: number; queueWaitMs?: number })
  | (EventBase & { kind: 'chunk'; text: string })
  | (EventBase & { kind: 'tool_start'; tool: string; callId: string; input?: unknown })
  | (EventBase & { kind: 'tool_end'; tool: string; callId: string; ok: boolean; output?: unknown; ms?: number })
  | (EventBase & { kind: 'status'; message: string })
  | (EventBase & {
      kind: 'failover';
      from: string;
      to: string;
      reason: string;
      /** Character offset in the streamed text where the fallback resumed (0 if nothing was streamed). */
      resumeAt: number;
    })
  | (EventBase & {
      kind: 'task_complete';
      ok: true;
      ms: number;
      tokensIn: number;
      tokensOut: number;
      cost: number;
      simulated?: boolean;
      output?: string;
    })
  | (EventBase & { kind: 'task_error'; ok: false; ms: number; error: ErrorInfo; tokensIn?: number; tokensOut?: number; cost?: number })
  | (EventBase & { kind: 'policy_violation'; tool: string; allowed: string[]; enforced: boolean })
  | (EventBase & { kind: 'tool_audit'; tool: string; reason: string })
  | (EventBase & { kind: 'heartbeat'; elapsedMs: number })
  | (EventBase & { kind: 'heartbeat_miss'; missed: number; intervalMs: number })
  | (EventBase & { kind: 'hook'; phase: 'pre_task' | 'post_task' | 'failure'; ok: boolean; exitCode: number | null; output: string; ms: number })
  | (EventBase & { kind: 'alert'; reason: string; notify: string[]; failureRatePct?: number });

export type CodexEventKind = CodexEvent['kind'];

/** Narrow an event union by kind. */
export type EventOf<K extends CodexEventKind> = Extract<CodexEvent, { kind: K }>;

/** Distributes Omit over the union so callers can build events without `ts`. */
export type EventInput = CodexEvent extends infer E ? (E extends CodexEvent ? Omit<E, 'ts'> & { ts?: string } : never) : never;

export type EventListener = (event: CodexEvent) => void;
