import type { CodexEvent, EventListener } from '../telemetry/events.js';
import type { CliIO } from './cli-io.js';

export interface RunProgressOptions {
  /** NDJSON event stream on stdout, nothing else. */
  json: boolean;
  /** Stream chunks per task, line by line, prefixed with alias/task. */
  verbose: boolean;
  /** Rewrite one status line (a terminal); else plain lines. */
  live: boolean;
  /** Tasks per alias, for the live line. */
  totals: ReadonlyMap<string, number>;
}

export interface RunProgress {
  listener: EventListener;
  /** Clears the live line; call before printing the summary. */
  finish: () => void;
}

interface AliasCounts {
  done: number;
  failed: number;
  running: number;
}

const LIVE_INTERVAL_MS = 100;

/**
 * What `codex-flow run` shows while it runs: the NDJSON stream (`--json`), or
 * plain lines per finished task (not a terminal), or a live status line per
 * alias on a terminal; `--verbose` adds the streamed text. Colour only when
 * the terminal allows it (NO_COLOR respected through `io.noColor`).
 */
export function createRunProgress(io: CliIO, options: RunProgressOptions): RunProgress {
  if (options.json) {
    return { listener: (event) => io.stdout(`${JSON.stringify(event)}\n`), finish: () => undefined };
  }
  const paint = (code: number, text: string): string => (io.noColor ? text : `\u001b[${code}m${text}\u001b[0m`);
  const counts = new Map<string, AliasCounts>();
  for (const alias of options.totals.keys()) counts.set(alias, { done: 0, failed: 0, running: 0 });
  const partialLines = new Map<string, string>();
  let liveShown = false;
  let liveTimer: NodeJS.Timeout | undefined;

  const clearLive = (): void => {
    if (liveShown) io.stdout('\r\u001b[K');
    liveShown = false;
  };
  const line = (text: string): void => {
    clearLive();
    io.stdout(`${text}\n`);
    scheduleLive();
  };
  const drawLive = (): void => {
    liveTimer = undefined;
    const parts = [...counts.entries()].map(([alias, c]) => {
      const total = options.totals.get(alias) ?? 0;
      return `${alias} ${c.done + c.failed}/${total}${c.running > 0 ? ` ▶${c.running}` : ''}${c.failed > 0 ? ` ${paint(31, `✗${c.failed}`)}` : ''}`;
    });
    const text = parts.join('  ');
    const width = 200;
    io.stdout(`\r\u001b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    liveShown = true;
  };
  function scheduleLive(): void {
    if (!options.live || liveTimer) return;
    liveTimer = setTimeout(drawLive, LIVE_INTERVAL_MS);
    liveTimer.unref();
  }
  const flushChunk = (key: string): void => {
    const rest = partialLines.get(key);
    if (rest) line(`${paint(2, `[${key}]`)} ${rest}`);
    partialLines.delete(key);
  };

  const listener = (event: CodexEvent): void => {
    const key = `${event.alias ?? '?'}/${event.taskId ?? '?'}`;
    const entry = event.alias ? counts.get(event.alias) : undefined;
    switch (event.kind) {
      case 'task_started':
        if (entry && (event.attempt ?? 1) === 1) entry.running += 1;
        if (!options.live && options.verbose) line(`${paint(2, '…')} ${key} started${event.attempt && event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`);
        scheduleLive();
        break;
      case 'chunk': {
        if (!options.verbose) break;
        const text = (partialLines.get(key) ?? '') + event.text;
        const pieces = text.split('\n');
        partialLines.set(key, pieces.pop() ?? '');
        for (const piece of pieces) line(`${paint(2, `[${key}]`)} ${piece}`);
        break;
      }
      case 'task_complete':
        if (entry) {
          entry.running = Math.max(0, entry.running - 1);
          entry.done += 1;
        }
        flushChunk(key);
        line(
          `${paint(32, 'ok  ')} ${key} ${event.agentId ?? ''} ${event.ms} ms, ${event.tokensIn}/${event.tokensOut} tokens` +
            `${event.cost > 0 ? `, $${event.cost.toFixed(4)}` : ''}${event.simulated ? ', simulated' : ''}`,
        );
        break;
      case 'task_error':
        if (entry) {
          if (event.ms > 0) entry.running = Math.max(0, entry.running - 1);
          entry.failed += 1;
        }
        flushChunk(key);
        line(`${paint(31, 'FAIL')} ${key} ${event.error.message} [${event.error.code}]`);
        break;
      case 'task_rejected':
        if (entry) entry.failed += 1;
        line(`${paint(33, 'REJECTED')} ${key}: ${event.reason}`);
        break;
      case 'policy_violation':
        line(`${paint(33, 'policy')} ${key}: tool "${event.tool}" is not in the allowed set of ${event.agentId} (${event.allowed.join(', ') || 'none'})${event.enforced ? '' : ' — logged, not enforced (use --strict-tools)'}`);
        break;
      case 'tool_audit':
        line(`${paint(2, 'audit')} ${key}: restricted tool "${event.tool}" (${event.reason})`);
        break;
      case 'failover':
        line(`${paint(33, 'failover')} ${key}: ${event.from} → ${event.to} (${event.reason}), resumed at ${event.resumeAt}`);
        break;
      case 'heartbeat_miss':
        line(`${paint(33, 'silent')} ${key}: no progress for ${event.missed} × ${event.intervalMs} ms`);
        break;
      case 'hook':
        line(`${paint(event.ok ? 2 : 31, 'hook')} ${key} ${event.phase} ${event.ok ? 'ok' : `failed (exit ${event.exitCode ?? 'none'})`}${event.output.trim() ? `: ${event.output.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
        break;
      case 'status':
        if (options.verbose) line(`${paint(2, 'status')} ${key}: ${event.message}`);
        break;
      default:
        break;
    }
  };

  return {
    listener,
    finish: () => {
      if (liveTimer) clearTimeout(liveTimer);
      liveTimer = undefined;
      for (const key of [...partialLines.keys()]) flushChunk(key);
      if (liveTimer) clearTimeout(liveTimer);
      liveTimer = undefined;
      clearLive();
    },
  };
}
