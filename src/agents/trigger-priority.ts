import type { Priority } from './schema.js';

/**
 * Regex priorities are a number (0–100) or, as in the original Codex Flow
 * bundle, a word. The words are kept as written; this is their numeric view.
 */
export const PRIORITY_WORD_VALUES: Readonly<Record<'low' | 'medium' | 'high', number>> = Object.freeze({
  low: 25,
  medium: 50,
  high: 75,
});

export const DEFAULT_PRIORITY_VALUE = PRIORITY_WORD_VALUES.medium;

export function priorityValue(priority: Priority): number {
  return typeof priority === 'number' ? priority : PRIORITY_WORD_VALUES[priority];
}
