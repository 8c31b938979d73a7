import { InvalidInputError } from '../util/errors.js';
import type { RouteRequest } from './route-types.js';

export interface InputLimits {
  maxTextLength: number;
  maxFiles: number;
  maxFilePathLength: number;
}

export interface CheckedRequest {
  text: string;
  files: string[];
}

// NUL and C0 controls other than tab, newline, carriage return, form feed mean binary input.
const BINARY = /[\u0000-\u0008\u000B\u000E-\u001F]/;

/** Validates and normalises a route request; throws InvalidInputError with what to do. */
export function checkRouteRequest(request: RouteRequest, limits: InputLimits): CheckedRequest {
  const text = request.text ?? '';
  if (typeof text !== 'string') throw new InvalidInputError('The task text must be a string.');
  if (text.length > limits.maxTextLength) {
    throw new InvalidInputError(`The task text has ${text.length} characters; the limit is ${limits.maxTextLength}. Shorten it or raise routing.maxTextLength in codex-flow.config.`, { length: text.length, limit: limits.maxTextLength });
  }
  if (BINARY.test(text)) throw new InvalidInputError('The task text contains binary data (NUL or control characters); pass plain text.');
  const rawFiles = request.files ?? [];
  if (!Array.isArray(rawFiles)) throw new InvalidInputError('files must be a list of paths.');
  if (rawFiles.length > limits.maxFiles) {
    throw new InvalidInputError(`The task lists ${rawFiles.length} files; the limit is ${limits.maxFiles}. Pass fewer paths or raise routing.maxFiles in codex-flow.config.`, { count: rawFiles.length, limit: limits.maxFiles });
  }
  const files: string[] = [];
  for (const raw of rawFiles) {
    if (typeof raw !== 'string') throw new InvalidInputError('Every file must be a path string.');
    if (raw.length > limits.maxFilePathLength) throw new InvalidInputError(`A file path is ${raw.length} characters long; the limit is ${limits.maxFilePathLength}.`);
    if (BINARY.test(raw)) throw new InvalidInputError('A file path contains NUL or control characters; pass plain paths.');
    let file = raw.normalize('NFC').replace(/\\/g, '/');
    while (file.startsWith('./')) file = file.slice(2);
    if (file.length > 0) files.push(file);
  }
  return { text, files };
}
