import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/agents/registry.js';
import { UnknownAgentError } from '../../src/agents/registry-errors.js';
import { UnsafeIdError, ValidationError } from '../../src/util/errors.js';
import { useTempDirs } from '../../test-support/temp-dirs.js';
import { writeBundle } from './bundle-fixture.js';

describe('registry aliases', () => {
  const temp = useTempDirs();

  function fixture(aliases: Record<string, unknown>) {
    const dir = temp();
    writeBundle(path.join(dir, 'codex/agents'), [{ id: 'code-reviewer' }, { id: 'architect', domain: 'architecture' }]);
    return loadRegistry({ root: dir, config: { aliases: aliases as never } });
  }

  it('applies overrides on a copy: the base stays untouched and deep-frozen', () => {
    const registry = fixture({
      reviewer: { id: 'code-reviewer', overrides: { runtime: { autonomy_level: 0.2, concurrency: { max_parallel_tasks: 7 } }, capabilities: { detail: { tools: { allowed: ['Read'] } } } } },
      reviewer2: { id: 'code-reviewer' },
    });
    const base = registry.get('code-reviewer');
    const reviewer = registry.resolve('reviewer');
    expect(reviewer).toMatchObject({ alias: 'reviewer', agentId: 'code-reviewer', viaAlias: true });
    expect(reviewer.definition.runtime.autonomy_level).toBe(0.2);
    expect(reviewer.definition.runtime.concurrency.max_parallel_tasks).toBe(7);
    // untouched siblings survive the deep merge
    expect(reviewer.definition.runtime.concurrency.queue_strategy).toBe('fifo');
    expect(reviewer.definition.capabilities.detail.tools.allowed).toEqual(['Read']);
    expect(reviewer.definition.agent.instance_alias).toBe('reviewer');
    // the base is unchanged, frozen all the way down
    expect(base.runtime.autonomy_level).toBe(0.7);
    expect(base.runtime.concurrency.max_parallel_tasks).toBe(2);
    expect(base.capabilities.detail.tools.allowed).toEqual(['Read', 'Grep']);
    expect(base.agent.instance_alias).toBeUndefined();
    expect(Object.isFrozen(base.runtime.concurrency)).toBe(true);
    expect(Object.isFrozen(base.capabilities.detail.tools.allowed)).toBe(true);
    expect(Object.isFrozen(reviewer.definition.runtime.concurrency)).toBe(true);
    expect(() => {
      (base.runtime.concurrency as { max_parallel_tasks: number }).max_parallel_tasks = 99;
    }).toThrow(TypeError);
    // an alias without overrides is its own copy too, named after the alias
    const reviewer2 = registry.resolve('reviewer2');
    expect(reviewer2.definition.agent.instance_alias).toBe('reviewer2');
    expect(reviewer2.definition.runtime.concurrency.max_parallel_tasks).toBe(2);
    expect(registry.resolve('reviewer').definition).toBe(reviewer.definition);
    expect(registry.aliases()).toEqual([
      { alias: 'reviewer', agentId: 'code-reviewer', hasOverrides: true },
      { alias: 'reviewer2', agentId: 'code-reviewer', hasOverrides: false },
    ]);
  });

  it('resolves an unknown alias that is an agent id to that agent, and refuses unsafe or unknown names', () => {
    const registry = fixture({});
    expect(registry.resolve('architect')).toMatchObject({ alias: 'architect', agentId: 'architect', viaAlias: false });
    expect(registry.resolve('architect').definition).toBe(registry.get('architect'));
    expect(() => registry.resolve('..')).toThrow(UnsafeIdError);
    expect(() => registry.resolve('../../x')).toThrow(UnsafeIdError);
    expect(() => registry.resolve('Reviewer')).toThrow(UnsafeIdError);
    expect(() => registry.resolve('nobody')).toThrow(UnknownAgentError);
    expect(() => registry.get('nobody')).toThrow(/Unknown agent or alias "nobody"/);
  });

  it('validates overrides through the schema and reports bad aliases', () => {
    const registry = fixture({
      broken: { id: 'code-reviewer', overrides: { runtime: { autonomy_level: 3 } } },
      renamer: { id: 'code-reviewer', overrides: { agent: { id: 'someone-else' } } },
      ghost: { id: 'not-there' },
      'code-reviewer': { id: 'architect' },
      '..': { id: 'architect' },
      sneaky: { id: '../../x' },
    });
    expect(() => registry.resolve('broken')).toThrow(ValidationError);
    expect(() => registry.resolve('broken')).toThrow(/aliases\.broken\.overrides\.runtime\.autonomy_level/);
    expect(() => registry.resolve('renamer')).toThrow(/may not change agent.id/);
    expect(() => registry.resolve('ghost')).toThrow(/points at agent "not-there"/);
    // the alias wins over the agent id it hides, and that is reported
    expect(registry.resolve('code-reviewer').agentId).toBe('architect');
    expect(() => registry.resolve('sneaky')).toThrow(UnknownAgentError);
    const kinds = registry.validateAll().map((p) => `${p.kind}:${p.id ?? ''}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'invalid_alias_overrides:broken',
        'invalid_alias_overrides:renamer',
        'alias_unknown_agent:ghost',
        'alias_shadows_agent:code-reviewer',
      ]),
    );
    expect(registry.problems.filter((p) => p.kind === 'unsafe_alias')).toHaveLength(2);
    // the base never changed
    expect(registry.get('code-reviewer').runtime.autonomy_level).toBe(0.7);
  });

  it('refuses prototype-polluting override keys', () => {
    const aliases = JSON.parse('{"evil": {"id": "architect", "overrides": {"__proto__": {"polluted": true}}}}') as Record<string, unknown>;
    const registry = fixture(aliases);
    expect(() => registry.resolve('evil')).toThrow(/forbidden keys/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
