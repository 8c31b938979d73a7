import path from 'node:path';
import { CodexFlowError } from '../util/errors.js';
import { appendJsonLines } from '../util/jsonl-file.js';
import type { CodexEvent } from './events.js';

/** The event log file, relative to the project root (SPEC §2, §10). */
export const EVENT_LOG_PATH = path.join('data', 'logs', 'events.jsonl');

export function eventLogFile(root: string): string {
  return path.join(root, EVENT_LOG_PATH);
}

/**
 * Appends events to `data/logs/events.jsonl`. Events are buffered and written
 * once per tick (one `write(2)` per batch on an O_APPEND descriptor, see
 * {@link appendJsonLines}), so lines are never torn or interleaved, even with
 * several processes writing, and a busy run does not pay one syscall per event.
 * Call {@link EventLog.close} (or `flush`) before exiting.
 */
export class EventLog {
  private buffer: CodexEvent[] = [];
  private scheduled = false;
  private closed = false;
  private failure: Error | undefined;

  constructor(
    readonly file: string,
    private readonly maxBatch = 2_000,
  ) {}

  static forRoot(root: string): EventLog {
    return new EventLog(eventLogFile(root));
  }

  /** Listener-shaped: pass `log.append` wherever an event listener is expected. */
  readonly append = (event: CodexEvent): void => {
    if (this.closed) return;
    this.buffer.push(event);
    if (this.buffer.length >= this.maxBatch) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  };

  /** Writes everything buffered now. A write failure is kept and rethrown by `close`. */
  flush(): void {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      appendJsonLines(this.file, batch);
    } catch (error) {
      this.failure ??= error as Error;
    }
  }

  /** Flushes and stops accepting events; throws if any write failed. */
  close(): void {
    this.flush();
    this.closed = true;
    if (this.failure) {
      throw new CodexFlowError(
        'E_EVENT_LOG',
        `Could not write the event log ${this.file}: ${this.failure.message}. Check that data/logs is writable.`,
        { file: this.file },
        { cause: this.failure },
      );
    }
  }
}
