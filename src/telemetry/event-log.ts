import path from 'node:path';
import { CodexFlowError } from '../util/errors.js';
import { appendLines } from '../util/jsonl-file.js';
import type { CodexEvent } from './events.js';

/** The event log file, relative to the project root (SPEC §2, §10). */
export const EVENT_LOG_PATH = path.join('data', 'logs', 'events.jsonl');

export function eventLogFile(root: string): string {
  return path.join(root, EVENT_LOG_PATH);
}

/**
 * Appends events to `data/logs/events.jsonl`. Each event is serialised as it
 * arrives (so the event object is garbage at once and later mutation cannot
 * change what was logged) and the lines are written once per tick or every
 * `maxBatch` events: one `write(2)` per batch on an O_APPEND descriptor (see
 * {@link appendLines}), so lines are never torn or interleaved, even with
 * several processes writing, and a busy run does not pay one syscall per event.
 * Call {@link EventLog.close} (or `flush`) before exiting.
 */
export class EventLog {
  private lines = '';
  private count = 0;
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
    try {
      this.lines += `${JSON.stringify(event)}\n`;
    } catch (error) {
      // not serialisable (a cycle, a BigInt): kept and rethrown by `close`, never thrown at the emitter
      this.failure ??= error as Error;
      return;
    }
    this.count += 1;
    if (this.count >= this.maxBatch) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.onTick);
    }
  };

  private readonly onTick = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Writes everything buffered now. A write failure is kept and rethrown by `close`. */
  flush(): void {
    if (this.count === 0) return;
    const body = this.lines;
    this.lines = '';
    this.count = 0;
    try {
      appendLines(this.file, body);
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
