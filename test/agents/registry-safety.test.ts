import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/agents/registry.js';
import { hasErrors } from '../../src/agents/registry-problems.js';
import { BundleError, ValidationError } from '../../src/util/errors.js';
import { useTempDirs } from '../../test-support/temp-dirs.js';
import { writeBundle } from './bundle-fixture.js';

describe('registry: bad bundles give clear problems, never reads outside the bundle', () => {
  const temp = useTempDirs();
  const load = (root: string, dir = 'codex/agents') => loadRegistry({ root, dir, config: { aliases: {} } });

  it('refuses an index entry whose domain or id climbs out of the bundle', () => {
    const root = temp();
    const bundle = path.join(root, 'codex/agents');
    // A perfectly valid agent file waiting outside the bundle, where `../..` would lead.
    mkdirSync(path.join(root, 'outside'), { recursive: true });
    writeFileSync(path.join(root, 'x.codex.yaml'), 'agent: {id: x, name: Escaped}\n');
    writeFileSync(path.join(root, 'outside', 'y.codex.yaml'), 'agent: {id: y, name: Escaped}\n');
    writeBundle(bundle, [{ id: 'ok' }], {
      rawEntries: [
        { id: 'x', name: 'X', domain: '../..', tier: 'specialist' },
        { id: 'y', name: 'Y', domain: 'core', subdomain: '../../../outside', tier: 'specialist' },
        { id: '../../x', name: 'Z', domain: 'core', tier: 'specialist' },
        { id: 'abs', name: 'A', domain: '/etc', tier: 'specialist' },
      ],
    });
    const registry = load(root);
    expect(registry.indexCount).toBe(5);
    expect(registry.ids()).toEqual(['ok']);
    const unsafe = registry.problems.filter((p) => p.kind === 'unsafe_entry');
    expect(unsafe.map((p) => p.position)).toEqual([1, 2, 3, 4]);
    expect(unsafe.every((p) => p.severity === 'error')).toBe(true);
    expect(unsafe[0]?.message).toMatch(/domain "\.\.\/\.\." is not a safe path segment/);
    expect(() => registry.get('x')).toThrow(/Unknown agent/);
    expect(() => registry.get('y')).toThrow(/Unknown agent/);
    expect(registry.validateAll().filter((p) => p.kind === 'invalid_file' || p.kind === 'missing_file')).toEqual([]);
  });

  it('refuses an agent file that is a symlink to outside the bundle', () => {
    const root = temp();
    const bundle = path.join(root, 'codex/agents');
    writeBundle(bundle, [{ id: 'ok' }, { id: 'linked', noFile: true }]);
    writeFileSync(path.join(root, 'secret.yaml'), 'agent: {id: linked, name: Secret}\n');
    symlinkSync(path.join(root, 'secret.yaml'), path.join(bundle, 'core', 'linked.codex.yaml'));
    const registry = load(root);
    const problem = registry.problems.find((p) => p.id === 'linked');
    expect(problem).toMatchObject({ kind: 'invalid_file', severity: 'error' });
    expect(problem?.message).toMatch(/outside the bundle/);
    expect(() => registry.get('linked')).toThrow(ValidationError);
    expect(registry.get('ok').agent.id).toBe('ok');
  });

  it('keeps going past a malformed YAML, a missing file, an id mismatch and a stale index', () => {
    const root = temp();
    const bundle = path.join(root, 'codex/agents');
    writeBundle(bundle, [
      { id: 'good' },
      { id: 'broken', rawYaml: 'agent:\n  id: broken\n  name: [unclosed\n' },
      { id: 'wrong-shape', rawYaml: 'agent:\n  id: wrong-shape\n  name: W\nruntime:\n  autonomy_level: 7\n' },
      { id: 'gone', noFile: true },
      { id: 'renamed', rawYaml: 'agent: {id: other-name, name: R}\n' },
    ]);
    writeFileSync(path.join(bundle, 'core', 'unlisted.codex.yaml'), 'agent: {id: unlisted, name: U}\n');
    const registry = load(root);
    expect(registry.problems.find((p) => p.kind === 'missing_file')?.id).toBe('gone');
    expect(registry.problems.find((p) => p.kind === 'stale_index')?.file).toBe('core/unlisted.codex.yaml');
    const all = registry.validateAll();
    const broken = all.find((p) => p.id === 'broken');
    expect(broken?.kind).toBe('invalid_file');
    expect(broken?.issues?.[0]?.line).toBeGreaterThan(0);
    expect(all.find((p) => p.id === 'wrong-shape')?.issues?.[0]?.path).toBe('runtime.autonomy_level');
    expect(all.find((p) => p.id === 'renamed')?.kind).toBe('id_mismatch');
    expect(hasErrors(all)).toBe(true);
    expect(() => registry.get('broken')).toThrow(ValidationError);
    expect(registry.get('good').agent.id).toBe('good');
    expect(registry.definitions().map((d) => d.agent.id)).toEqual(['good']);
  });

  it('refuses an oversized agent file and a YAML alias bomb with a clear problem', () => {
    const root = temp();
    const bomb = ['agent: {id: bomb, name: B}', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 12; i += 1) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    writeBundle(path.join(root, 'codex/agents'), [
      { id: 'huge', rawYaml: `agent: {id: huge, name: H}\ndescription: "${'x'.repeat(1_100_000)}"\n` },
      { id: 'bomb', rawYaml: `${bomb.join('\n')}\n` },
      { id: 'fine' },
    ]);
    const registry = load(root);
    expect(registry.problems.find((p) => p.id === 'huge')?.message).toMatch(/larger than 1048576 bytes/);
    const problems = registry.validateAll();
    const bombProblem = problems.find((p) => p.id === 'bomb');
    expect(bombProblem?.kind).toBe('invalid_file');
    expect(bombProblem?.message).toMatch(/alias/i);
    expect(registry.get('fine').agent.id).toBe('fine');
  });

  it('tolerates hostile triggers.json rows and reports triggers that route to unknown agents', () => {
    const root = temp();
    writeBundle(path.join(root, 'codex/agents'), [{ id: 'a' }], {
      triggers: {
        keywords: { deploy: ['a', 'ghost'], broken: 42 },
        regex: [{ pattern: 'x+', priority: 'urgent', agents: ['a'] }, { pattern: 'y', priority: 90, agents: 'a' }, { nope: true }],
        file_patterns: [{ glob: '**/*.tf', agents: ['a'] }],
      },
    });
    const registry = load(root);
    expect(registry.triggers.keywords).toEqual({ deploy: ['a', 'ghost'] });
    expect(registry.triggers.regex).toEqual([
      { pattern: 'x+', priority: 'medium', priorityValue: 50, agents: ['a'] },
      { pattern: 'y', priority: 90, priorityValue: 90, agents: ['a'] },
    ]);
    expect(registry.triggers.file_patterns).toEqual({ '**/*.tf': ['a'] });
    const kinds = registry.problems.map((p) => p.kind);
    expect(kinds.filter((k) => k === 'invalid_triggers')).toHaveLength(3);
    expect(registry.problems.find((p) => p.kind === 'unknown_trigger_agent')?.id).toBe('ghost');
  });

  it('says what to do when there is no bundle or index.json is not JSON', () => {
    const root = temp();
    expect(() => load(root)).toThrow(BundleError);
    expect(() => load(root)).toThrow(/codex-flow convert/);
    const bundle = path.join(root, 'codex/agents');
    mkdirSync(bundle, { recursive: true });
    writeFileSync(path.join(bundle, 'index.json'), '{"agents": [');
    expect(() => load(root)).toThrow(/not valid JSON/);
  });
});
