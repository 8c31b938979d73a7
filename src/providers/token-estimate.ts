import type { ChatMessage, Usage } from './types.js';

/**
 * An ESTIMATE of token counts (about 4 characters per token for English
 * text, counted in code points). Used only where no provider reports real
 * counts (offline, cli); results built on it are marked `usageEstimated`.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  let codePoints = 0;
  for (const _ of text) codePoints += 1;
  return Math.ceil(codePoints / 4);
}

export function estimateMessagesTokens(messages: readonly ChatMessage[]): number {
  let total = 0;
  for (const message of messages) total += estimateTokens(message.content) + 4;
  return total;
}

export function estimateUsage(messages: readonly ChatMessage[], output: string): Usage {
  return { tokensIn: estimateMessagesTokens(messages), tokensOut: estimateTokens(output) };
}
