import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/memory/duration.js';
import { InvalidInputError } from '../../src/util/errors.js';

describe('parseDuration', () => {
  it.each([
    ['7d', 7 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['30m', 30 * 60_000],
    ['45s', 45_000],
    ['500ms', 500],
    ['2w', 2 * 604_800_000],
    ['0', 0],
    [' 3D ', 3 * 86_400_000],
  ])('%s', (input, expected) => expect(parseDuration(input)).toBe(expected));

  it.each(['', '7 days', '-1d', '1.5h', 'forever', '7dd'])('rejects %j with a clear error', (input) => {
    expect(() => parseDuration(input, 'memory.retention.short_term')).toThrow(InvalidInputError);
    expect(() => parseDuration(input, 'memory.retention.short_term')).toThrow(/memory\.retention\.short_term.*e\.g\. 7d/);
  });
});
