import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/agents/registry.js';
import { isSafeId } from '../../src/util/safe-id.js';
import { SHARED_DIR } from '../../test-support/cli-harness.js';

const COMPAT = path.join(SHARED_DIR, 'compat/codex-flow-v0/codex/agents');

describe('registry over the original Codex Flow bundle (as it is)', () => {
  const load = () => loadRegistry({ root: path.dirname(COMPAT), dir: COMPAT, config: { aliases: {} } });

  it('lists the 66 index entries, duplicates included, and reports the 2 duplicate ids', () => {
    const registry = load();
    expect(registry.indexCount).toBe(66);
    expect(registry.list()).toHaveLength(66);
    expect(registry.ids()).toHaveLength(64);
    const duplicates = registry.problems.filter((p) => p.kind === 'duplicate_id');
    expect(duplicates.map((p) => p.id).sort()).toEqual(['code-analyzer', 'pr-manager']);
    expect(duplicates.every((p) => p.severity === 'error')).toBe(true);
    expect(registry.version).toEqual({ generatedAt: '2025-09-15T23:06:49.779Z', sourceHash: undefined });
  });

  it('resolves a duplicated id to the first entry in index order, and the shadowed one stays reachable', () => {
    const registry = load();
    const [first, second] = registry.entriesOf('code-analyzer');
    expect(first?.file).toBe('analysis/code-analyzer.codex.yaml');
    expect(second?.file).toBe('analysis/code-review/code-analyzer.codex.yaml');
    expect(registry.entry('code-analyzer')).toBe(first);
    const viaGet = registry.get('code-analyzer');
    expect(viaGet).toBe(registry.definitionAt(first!.position));
    expect(registry.definitionAt(second!.position)).not.toBe(viaGet);
    expect(registry.entriesOf('pr-manager').map((e) => e.domain)).toEqual(['github', 'templates']);
    expect(registry.get('pr-manager').agent.classification.domain).toBe('github');
  });

  it('every entry either loads or has its problem listed', () => {
    const registry = load();
    const problems = registry.validateAll();
    for (const entry of registry.list()) {
      let loaded: boolean;
      try {
        registry.definitionAt(entry.position);
        loaded = true;
      } catch {
        loaded = false;
      }
      const listed = problems.some((p) => p.file === entry.file && p.severity === 'error');
      expect(loaded || listed, entry.file).toBe(true);
    }
    // All 66 YAML files of the original fit the schema; 5 carry unknown keys (kept, reported).
    expect(problems.filter((p) => p.kind === 'invalid_file' || p.kind === 'missing_file')).toEqual([]);
    expect(problems.filter((p) => p.kind === 'unknown_keys').map((p) => p.id).sort()).toEqual(['architecture', 'coder', 'planner', 'researcher', 'tester']);
  });

  it('reports the stray files and loads agents living in subdomain folders', () => {
    const registry = load();
    const stray = registry.problems.filter((p) => p.kind === 'stray_file').map((p) => p.file).sort();
    expect(stray).toEqual(['core/builder.yaml', 'filename.txt', 'id reviewer name Code.txt', 'reviewer.yaml', 'swarm-planner.yaml']);
    expect(registry.problems.filter((p) => p.kind === 'stale_index' || p.kind === 'unknown_trigger_agent')).toEqual([]);
    const cicd = registry.get('cicd-engineer');
    expect(registry.entry('cicd-engineer')?.file).toBe('devops/ci-cd/cicd-engineer.codex.yaml');
    expect(cicd.agent.classification.subdomain ?? registry.entry('cicd-engineer')?.subdomain).toBe('ci-cd');
    // The stray top-level reviewer.yaml is NOT the reviewer agent: core/reviewer.codex.yaml is.
    expect(registry.get('reviewer').agent.name).toBe('Code Review Agent');
  });

  it('normalises triggers: word priorities kept with a numeric view, file patterns as a map', () => {
    const registry = load();
    const { triggers } = registry;
    expect(Object.keys(triggers.keywords)).toHaveLength(42);
    expect(triggers.regex).toHaveLength(21);
    expect(triggers.regex[0]).toMatchObject({ pattern: '^review .* code$', priority: 'medium', priorityValue: 50, agents: ['code-analyzer'] });
    expect(triggers.file_patterns['**/*.ts']).toEqual(['code-analyzer']);
    expect(Object.isFrozen(triggers.regex[0])).toBe(true);
    const input = registry.routingInput();
    expect(input.agents).toHaveLength(64);
    expect(input.agents.every((a) => isSafeId(a.agent.id))).toBe(true);
  });

  it('parses lazily: nothing at load, each file once', () => {
    const registry = load();
    expect(registry.parseCount).toBe(0);
    const a = registry.get('reviewer');
    expect(registry.parseCount).toBe(1);
    expect(registry.get('reviewer')).toBe(a);
    expect(registry.parseCount).toBe(1);
    registry.definitions();
    expect(registry.parseCount).toBe(64);
    registry.validateAll();
    expect(registry.parseCount).toBe(66);
    registry.validateAll();
    expect(registry.parseCount).toBe(66);
  });
});
