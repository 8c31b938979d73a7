import type { ChatMessage } from './types.js';

/** The instruction used by chat APIs without assistant prefill (OpenAI, Ollama). */
export const CONTINUE_INSTRUCTION =
  'Your previous answer (above) was cut off. Continue exactly from where you stopped: do not repeat any text, do not add a preamble, start with the very next characters.';

/**
 * For chat APIs without prefill: the partial answer becomes an assistant
 * message followed by a user instruction to continue exactly from there.
 */
export function withContinuation(messages: readonly ChatMessage[], resumeFrom: string | undefined): ChatMessage[] {
  if (!resumeFrom) return [...messages];
  return [...messages, { role: 'assistant', content: resumeFrom }, { role: 'user', content: CONTINUE_INSTRUCTION }];
}

/**
 * Anthropic rejects a prefill that ends in whitespace, so the prefill is
 * trimmed; the model then usually re-emits that whitespace, which was already
 * streamed. This strips at most that much leading whitespace from the
 * continuation so the seam is neither doubled nor lost.
 */
export class PrefillSeam {
  readonly prefill: string;
  private pendingWhitespace: number;

  constructor(resumeFrom: string) {
    this.prefill = resumeFrom.trimEnd();
    this.pendingWhitespace = resumeFrom.length - this.prefill.length;
  }

  /** Filters a continuation delta; returns '' when everything was seam whitespace. */
  filter(text: string): string {
    if (this.pendingWhitespace === 0) return text;
    let i = 0;
    while (i < text.length && this.pendingWhitespace > 0 && /\s/.test(text.charAt(i))) {
      i += 1;
      this.pendingWhitespace -= 1;
    }
    if (i < text.length) this.pendingWhitespace = 0;
    return text.slice(i);
  }
}
