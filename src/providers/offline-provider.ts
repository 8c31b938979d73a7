import { abortableDelay } from './abortable-delay.js';
import { estimateUsage } from './token-estimate.js';
import type { ModelProvider, ModelRequest, ModelStreamPart } from './types.js';

export interface OfflineProviderOptions {
  /** Characters per streamed chunk (split at word boundaries). Default 32. */
  chunkSize?: number;
  /** Pause between chunks, to make streaming visible in demos. Default 0. */
  chunkDelayMs?: number;
}

export const OFFLINE_MODEL = 'offline-deterministic-v1';
export const OFFLINE_BANNER = '[simulated by the offline provider: no model was called]';

const STOP_WORDS = new Set(
  'a an and are as at be but by can could do does for from has have how i in into is it its make may me my not of on or our please should so some that the their them then there these this those to up us was we were what when where which while who why will with would you your'.split(
    ' ',
  ),
);

/**
 * Built-in, deterministic, no network (SPEC §6). The answer is a short
 * structured plan built from the task words and the agent's role, streamed in
 * several chunks. Usage is an estimate from the text and is labelled as such;
 * every finish part says `simulated: true`.
 */
export class OfflineProvider implements ModelProvider {
  readonly name = 'offline';
  readonly model = OFFLINE_MODEL;
  private readonly chunkSize: number;
  private readonly chunkDelayMs: number;

  constructor(options: OfflineProviderOptions = {}) {
    this.chunkSize = Math.max(1, options.chunkSize ?? 32);
    this.chunkDelayMs = Math.max(0, options.chunkDelayMs ?? 0);
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    request.signal?.throwIfAborted();
    const full = offlineAnswer(request);
    const resume = request.resumeFrom ?? '';
    const text = resume.length === 0 ? full : full.startsWith(resume) ? full.slice(resume.length) : `\n${full}`;
    yield { type: 'status', message: 'offline provider: simulated answer, no model called' };
    for (const chunk of splitIntoChunks(text, this.chunkSize)) {
      if (this.chunkDelayMs > 0) await abortableDelay(this.chunkDelayMs, request.signal);
      request.signal?.throwIfAborted();
      yield { type: 'text-delta', text: chunk };
    }
    const usage = estimateUsage(request.messages, text);
    yield { type: 'usage', usage, estimated: true };
    yield { type: 'finish', reason: 'stop', usage, usageEstimated: true, simulated: true, model: this.model, provider: this.name };
  }
}

/** The deterministic answer for a request (exported for tests and docs). */
export function offlineAnswer(request: Pick<ModelRequest, 'agentId' | 'alias' | 'task' | 'messages'>): string {
  const task = request.task.trim().replace(/\s+/g, ' ');
  const keywords = taskKeywords(task, 5);
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  // skip the canonical "You are <name>." opener when a description follows it
  const withoutOpener = system.replace(/^\s*You are [^.\n]{1,80}\.\s+(?=\S)/, '');
  const role = firstSentence(withoutOpener, 160);
  const focus = keywords.length > 0 ? keywords.join(', ') : 'the request as stated';
  const shortTask = task.length > 160 ? `${task.slice(0, 157)}...` : task;
  const lines = [
    OFFLINE_BANNER,
    `Agent: ${request.agentId}${request.alias && request.alias !== request.agentId ? ` (alias ${request.alias})` : ''}`,
    ...(role ? [`Role: ${role}`] : []),
    `Task: ${shortTask || '(empty task)'}`,
    'Plan:',
    `1. Clarify the scope and constraints around ${focus}.`,
    `2. Inspect the existing material related to "${keywords[0] ?? 'the task'}".`,
    `3. Carry out the change in small steps${keywords[1] ? `, starting with "${keywords[1]}"` : ''}.`,
    `4. Verify the result${keywords[2] ? ` (including "${keywords[2]}")` : ''} and summarise what changed.`,
    `Answer: a real provider would now work on ${focus}; run with --provider to get one.`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Distinct non-trivial task words in order of first appearance. */
export function taskKeywords(task: string, max: number): string[] {
  const seen = new Set<string>();
  for (const raw of task.toLowerCase().split(/[^\p{L}\p{N}_.-]+/u)) {
    const word = raw.replace(/^[.-]+|[.-]+$/g, '');
    if (word.length < 3 || STOP_WORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    if (seen.size >= max) break;
  }
  return [...seen];
}

function firstSentence(text: string, max: number): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  const end = flat.search(/[.!?](\s|$)/);
  const sentence = end >= 0 ? flat.slice(0, end + 1) : flat;
  return sentence.length > max ? `${sentence.slice(0, max - 3)}...` : sentence;
}

/** Splits text into chunks of about `size` characters, cutting after whitespace when possible. */
export function splitIntoChunks(text: string, size: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start) end = space + 1;
      // never split a surrogate pair
      const code = text.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end += 1;
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}
