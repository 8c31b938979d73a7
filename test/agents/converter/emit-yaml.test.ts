import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitYaml } from '../../../src/agents/converter/emit-yaml.js';
import { readEmittedYaml } from '../../../src/agents/converter/read-emitted-yaml.js';

const TRICKY_STRINGS = [
  '', ' ', 'plain text', 'yes', 'No', 'null', '~', 'true', '123', '1.5', '0x1F', '1e3', '.inf', '-dash start', '- item', '? key', ': colon',
  'key: value', 'hash # comment', 'trailing space ', '  leading', '#not comment', '*alias', '&anchor', '!tag', '%directive', '@at', '`tick',
  '"double"', "'single'", 'a\nb', 'a\nb\n', 'a\n\nb', 'a\nb\n\n', '\nleading newline', 'line\n  indented\n', '  first indented\nsecond',
  'tab\tinside', 'cr\r\nlf', 'emoji 🚀 and 日本語', 'nbsp\u00a0here', '\u2028sep', 'ends with colon:', '---', '...', 'a: b\n---\nc', '{flow}', '[list]',
  'x'.repeat(300), 'multi\nline with trailing spaces   \nend', 'last line blank\n   ', 'back\\slash', 'ünïcödé', '2025-07-25', 'Bash(git diff:*)',
];

describe('emitYaml', () => {
  it('round-trips tricky strings exactly', () => {
    for (const value of TRICKY_STRINGS) {
      const doc = { value, list: [value], nested: { inner: [{ value }] } };
      expect(parse(emitYaml(doc)), JSON.stringify(value)).toEqual(doc);
    }
  });

  it('round-trips numbers, booleans, null, empty collections and odd keys', () => {
    const doc = { n: 0, neg: -1.25, big: 1e21, t: true, f: false, z: null, empty: [], obj: {}, 'odd key': 1, yes: 'y', '123': 'num key', nested: [[1, [2]], [], {}] };
    expect(parse(emitYaml(doc))).toEqual(doc);
  });

  it('is deterministic and readable', () => {
    const doc = { agent: { id: 'a', description: 'Reviews code.', hooks: ['echo "hi"\nnpm test'] } };
    expect(emitYaml(doc)).toBe('agent:\n  id: a\n  description: Reviews code.\n  hooks:\n    - |-\n      echo "hi"\n      npm test\n');
    expect(emitYaml(doc)).toBe(emitYaml(structuredClone(doc)));
  });
});

describe('readEmittedYaml', () => {
  it('reads back everything emitYaml writes, exactly like the yaml package', () => {
    for (const value of TRICKY_STRINGS) {
      const text = emitYaml({ value, list: [value, [value], { value }], nested: { inner: [{ value, n: 1.5, t: true, z: null }] }, empty: [], obj: {} });
      expect(readEmittedYaml(text), JSON.stringify(value)).toEqual(parse(text));
    }
  });

  it('returns undefined (fall back to a full parser) for YAML outside the subset', () => {
    const outside = [
      'a: 1 # comment\n',
      'a: &x 1\nb: *x\n',
      'a: [1, 2]\n',
      'a: {b: 1}\n',
      'a: >-\n  folded\n',
      "a: 'single'\n",
      'a: 0x1F\n',
      'a: Yes\n',
      'a:\tb\n',
      'a: 1\na: 2\n',
      '---\na: 1\n',
      'a: "unterminated\n',
      'a: "x" trailing\n',
      'a:\n',
      'a: 1',
      '- a\nb: 1\n',
      '__proto__: 1\n',
    ];
    for (const text of outside) expect(readEmittedYaml(text), JSON.stringify(text)).toBeUndefined();
  });
});
