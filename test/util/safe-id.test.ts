import { describe, expect, it } from 'vitest';
import { assertSafeId, isSafeId, slugify } from '../../src/util/safe-id.js';
import { UnsafeIdError } from '../../src/util/errors.js';

describe('safe ids', () => {
  it('accepts the documented shape and refuses traversal', () => {
    expect(isSafeId('code-reviewer')).toBe(true);
    expect(isSafeId('a.b_c-1')).toBe(true);
    for (const bad of ['..', '../../x', 'a/b', 'A', '-x', '', 'a..b', 'x'.repeat(129), 'a\u0000b']) {
      expect(isSafeId(bad), bad).toBe(false);
    }
    expect(() => assertSafeId('alias', '..')).toThrow(UnsafeIdError);
  });

  it('slugifies names with spaces, slashes, dots, capitals and accents', () => {
    expect(slugify('Code Reviewer')).toBe('code-reviewer');
    expect(slugify('ui/ux.Designer')).toBe('ui-ux-designer');
    expect(slugify('Ünïcode  Agent 🚀')).toBe('unicode-agent');
    expect(slugify('../../x')).toBe('x');
    expect(slugify('🚀')).toBe('');
  });
});
