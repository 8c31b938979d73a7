import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseFrontMatter } from '../../../src/agents/converter/parse-front-matter.js';
import { readSimpleFrontMatter } from '../../../src/agents/converter/read-simple-front-matter.js';
import { splitFrontMatter } from '../../../src/agents/converter/split-front-matter.js';
import { SHARED_DIR } from '../../../test-support/cli-harness.js';

/** Values the fast reader must either read exactly as `yaml` does, or leave to it. */
const VALUES = [
  'plain text', 'x', 'é😀 日本語', 'Bash(git diff:*)', 'a, b, c', '(x) [y] {z}', 'x > y', 'x | y', '<example>user: hi</example>', 'foo#bar', 'foo #bar',
  'ends with colon:', 'key: value inside', 'x :y', 'x:y', "it's", 'say "hi"', '"double"', '"esc \\n \\t \\u00e9 \\ud83d\\ude00"', '"bad \\x escape"',
  '"unterminated', "'single'", "'it''s'", "'lone ' quote'", "''", '""', 'yes', 'No', 'on', 'null', 'Null', '~', 'TRUE', 'false', '123', '1.5', '-1',
  '+1', '.inf', '.nan', '0x1F', '1e3', '-dash', '- item', '? key', ': colon', '*alias', '&anchor', '!tag', '%directive', '@at', '`tick', '|', '>',
  '[a, b]', '{a: b}', 'x ', 'x  y', 'x\u00a0', '\u00a0x', 'x\u3000', 'x\u200b', '/path/to', '_under', '=eq', 'back\\slash', '2026-01-01', 'x'.repeat(5000),
];

function expectSameAsYaml(text: string): boolean {
  const fast = readSimpleFrontMatter(text);
  if (fast === undefined) return false;
  expect(fast, JSON.stringify(text)).toEqual(parse(text, { uniqueKeys: false }));
  expect(Object.keys(fast)).toEqual(Object.keys(parse(text, { uniqueKeys: false }) as object));
  return true;
}

describe('readSimpleFrontMatter', () => {
  it('reads flat key: string documents exactly as the yaml package does, or declines', () => {
    let read = 0;
    for (const value of VALUES) {
      if (expectSameAsYaml(`name: agent\ndescription: ${value}\ntools: Read, Grep`)) read += 1;
      if (expectSameAsYaml(`description: ${value}   `)) read += 1;
    }
    // The common shapes are taken by the fast path (not everything falls back).
    expect(read).toBeGreaterThan(VALUES.length / 2);
    expect(readSimpleFrontMatter('name: a\ndescription: plain')).toEqual({ name: 'a', description: 'plain' });
  });

  it('declines what it does not handle', () => {
    for (const text of [
      '', '   ', 'name: a\nname: b', 'name:\n  nested: x', 'tools:\n  - Read', 'description: |\n  block', 'name: a\n  continuation', '# comment\nname: a',
      'name: a # comment', 'name:\ta', 'name: a\r', '__proto__: x', 'true: x', 'name: 12', 'name: null', 'key:value', '"quoted key": x', 'name: "a"  # c', '---',
    ]) {
      expect(readSimpleFrontMatter(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('agrees with the yaml package on every front-matter of the corpora and the compat fleet that it reads', () => {
    const roots = [path.join(SHARED_DIR, 'corpora'), path.join(SHARED_DIR, 'compat/codex-flow-v0/.claude/agents')];
    let fast = 0;
    for (const root of roots) {
      for (const name of readdirSync(root, { recursive: true }).map(String)) {
        if (!name.endsWith('.md')) continue;
        const split = splitFrontMatter(readFileSync(path.join(root, name), 'utf8'));
        if (split.kind !== 'found') continue;
        if (expectSameAsYaml(split.yaml)) fast += 1;
        // parseFrontMatter (which also tries the tidy block reader) gives what the strict yaml parse gives whenever that parse succeeds.
        let strict: unknown;
        try {
          strict = parse(split.yaml, { maxAliasCount: 100, uniqueKeys: false });
        } catch {
          continue;
        }
        const parsed = parseFrontMatter(split.yaml, split.yamlStartLine);
        if (strict !== null && typeof strict === 'object' && !Array.isArray(strict)) expect(parsed, name).toEqual({ ok: true, data: strict, lenient: false });
      }
    }
    expect(fast).toBeGreaterThan(100);
  });
});
