import { InvalidInputError } from '../util/errors.js';

/** Longest single line or event accepted (characters); a stream that never ends a line fails instead of growing forever. */
export const MAX_BUFFER_CHARS = 16 * 1024 * 1024;

function tooLong(max: number): InvalidInputError {
  return new InvalidInputError(`A single stream line or event passed ${max} characters without ending: the stream is malformed.`, { max });
}

/** One Server-Sent Event: the `event:` name ('' when absent) and the joined `data:` lines. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * An incremental SSE decoder (WHATWG event-stream rules) fed with already
 * decoded text. Lines end with `\n`, `\r\n` or `\r` (a `\r` at the end of a
 * chunk waits for the next one); one space after `field:` is stripped;
 * `data:` lines join with `\n`; comments (`:`) and unknown fields (such as a
 * literal `...` line in docs examples) are ignored.
 *
 * Explicit choice at EOF (`end()`): an event that was not followed by a blank
 * line is still dispatched, because several real and documented streams end
 * that way (SOURCES.md); EOF always ends the stream.
 */
export class SseParser {
  constructor(private readonly maxBufferChars = MAX_BUFFER_CHARS) {}
  private buffer = '';
  private eventName = '';
  /** The event's first `data:` line; later ones go to `moreData` (most events have one line: no array). */
  private data: string | undefined;
  private moreData: string[] | undefined;
  private dataSize = 0;

  push(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    let start = 0;
    const buffer = this.buffer;
    const length = buffer.length;
    // Each search runs once per line it finds, not once per line read: most
    // streams have no `\r`, and rescanning the whole chunk for it per line
    // would make one chunk of n lines cost O(n²).
    let lf = -2;
    let cr = -2;
    while (start < length) {
      if (lf !== -1 && lf < start) lf = buffer.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      if (lf < 0 && cr < 0) break;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        // `\r` alone or `\r\n`; a trailing `\r` might be half of `\r\n`
        if (cr === length - 1) break;
        const next = cr + 1 < length && buffer.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        this.line(buffer, start, cr, events);
        start = next;
        continue;
      }
      this.line(buffer, start, lf, events);
      start = lf + 1;
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    if (this.buffer.length > this.maxBufferChars) throw tooLong(this.maxBufferChars);
    return events;
  }

  /** Flushes the last line and the last event at EOF. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.buffer.length > 0) {
      const rest = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer;
      this.buffer = '';
      this.line(rest, 0, rest.length, events);
    }
    this.dispatch(events);
    return events;
  }

  /** The line `text[start, end)`, read in place (no slice per line). */
  private line(text: string, start: number, end: number, events: SseEvent[]): void {
    if (end === start) {
      this.dispatch(events);
      return;
    }
    // Only `data` and `event` fields count (`id`, `retry`, unknown fields and `:` comments are ignored): the
    // field name is the text before the first colon, so it is one of them when that word is followed by `:` or the end.
    const first = text.charCodeAt(start);
    let nameEnd: number;
    let isData: boolean;
    // `data` compared by char codes (d a t a): the hot field, on every event
    if (first === 100 && end - start >= 4 && text.charCodeAt(start + 1) === 97 && text.charCodeAt(start + 2) === 116 && text.charCodeAt(start + 3) === 97) {
      nameEnd = start + 4;
      isData = true;
    } else if (first === 101 && end - start >= 5 && text.startsWith('event', start)) {
      nameEnd = start + 5;
      isData = false;
    } else return;
    if (nameEnd < end && text.charCodeAt(nameEnd) !== 58 /* ':' */) return;
    const valueStart = nameEnd >= end ? end : nameEnd + 1 < end && text.charCodeAt(nameEnd + 1) === 32 ? nameEnd + 2 : nameEnd + 1;
    const value = text.slice(valueStart, end);
    if (isData) {
      this.dataSize += value.length;
      if (this.dataSize > this.maxBufferChars) throw tooLong(this.maxBufferChars);
      if (this.data === undefined) this.data = value;
      else (this.moreData ??= []).push(value);
    } else {
      this.eventName = value;
    }
  }

  private dispatch(events: SseEvent[]): void {
    const data = this.data;
    if (data !== undefined) {
      const more = this.moreData;
      events.push({ event: this.eventName, data: more === undefined ? data : [data, ...more].join('\n') });
      this.data = undefined;
      this.moreData = undefined;
      this.dataSize = 0;
    }
    this.eventName = '';
  }
}

/** Splits NDJSON text into complete lines, buffering a partial last line. */
export class LineSplitter {
  constructor(private readonly maxBufferChars = MAX_BUFFER_CHARS) {}
  private buffer = '';

  push(text: string): string[] {
    const data = this.buffer.length === 0 ? text : this.buffer + text;
    const lines: string[] = [];
    let start = 0;
    for (let nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', start)) {
      const line = data.slice(start, nl).trim();
      if (line.length > 0) lines.push(line);
      start = nl + 1;
    }
    this.buffer = data.slice(start);
    if (this.buffer.length > this.maxBufferChars) throw tooLong(this.maxBufferChars);
    return lines;
  }

  end(): string[] {
    const rest = this.buffer.trim();
    this.buffer = '';
    return rest.length > 0 ? [rest] : [];
  }
}
