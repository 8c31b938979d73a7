import { abortableDelay } from '../src/providers/abortable-delay.js';
import type { ModelProvider, ModelRequest, ModelStreamPart } from '../src/providers/types.js';

/**
 * One step of a scripted stream: a part to yield, a pause, or an error to
 * throw at that point. `delay` honours the request's AbortSignal.
 */
export type ScriptStep = ModelStreamPart | { type: 'delay'; ms: number } | { type: 'throw'; error: unknown };

/** A fixed script for every call, or one chosen per call (0-based call index). */
export type Script = readonly ScriptStep[] | ((request: ModelRequest, callIndex: number) => readonly ScriptStep[]);

export interface ScriptedProviderOptions {
  name?: string;
  model?: string;
  script: Script;
}

/** Convenience: a script that streams `chunks` and finishes with `stop`. */
export function textScript(chunks: readonly string[], options: { delayMs?: number; usage?: { tokensIn: number; tokensOut: number } } = {}): ScriptStep[] {
  const steps: ScriptStep[] = [];
  for (const text of chunks) {
    if (options.delayMs) steps.push({ type: 'delay', ms: options.delayMs });
    steps.push({ type: 'text-delta', text });
  }
  steps.push(options.usage ? { type: 'finish', reason: 'stop', usage: options.usage } : { type: 'finish', reason: 'stop' });
  return steps;
}

/**
 * A ModelProvider for tests: plays a script, records every request, and
 * tracks how many streams were open at once (current and maximum).
 */
export class ScriptedProvider implements ModelProvider {
  readonly name: string;
  readonly model: string | undefined;
  readonly calls: ModelRequest[] = [];
  active = 0;
  maxConcurrency = 0;
  /** Calls that ended because their signal aborted. */
  aborted = 0;
  private readonly script: Script;

  constructor(options: ScriptedProviderOptions) {
    this.name = options.name ?? 'scripted';
    this.model = options.model;
    this.script = options.script;
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    const callIndex = this.calls.length;
    this.calls.push(request);
    this.active += 1;
    this.maxConcurrency = Math.max(this.maxConcurrency, this.active);
    try {
      const steps = typeof this.script === 'function' ? this.script(request, callIndex) : this.script;
      for (const step of steps) {
        request.signal?.throwIfAborted();
        if (step.type === 'delay') await abortableDelay(step.ms, request.signal);
        else if (step.type === 'throw') throw step.error;
        else yield step;
      }
    } catch (error) {
      if (request.signal?.aborted) this.aborted += 1;
      throw error;
    } finally {
      this.active -= 1;
    }
  }
}
