import { InvalidInputError } from '../util/errors.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION_PATTERN = /^(\d{1,9})\s*(ms|s|m|h|d|w)?$/;

/**
 * Parses a retention duration (`7d`, `12h`, `30m`, `45s`, `500ms`, `2w`; a
 * bare number is milliseconds, `0` means "keep nothing"). Throws an
 * {@link InvalidInputError} naming the field for anything else.
 */
export function parseDuration(value: string | number, field = 'duration'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return Math.floor(value);
    throw new InvalidInputError(`Invalid ${field} ${String(value)}: use a non-negative number of milliseconds or a string like 7d, 12h, 30m.`);
  }
  const match = DURATION_PATTERN.exec(value.trim().toLowerCase());
  if (!match) {
    throw new InvalidInputError(`Invalid ${field} ${JSON.stringify(value.slice(0, 40))}: use a number followed by ms, s, m, h, d or w (e.g. 7d, 12h, 30m).`, {
      field,
    });
  }
  const unit = (match[2] ?? 'ms') as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}
