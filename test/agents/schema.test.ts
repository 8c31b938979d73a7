import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentJsonSchema, findUnknownKeys, withDefaults } from '../../src/agents/schema.js';

describe('agent schema', () => {
  it('fills defaults in one place and keeps unknown keys', () => {
    const def = withDefaults({ agent: { id: 'x', name: 'X', emoji: '🚀' }, swarm: { enabled_by_default: true } });
    expect(def.runtime.concurrency.max_parallel_tasks).toBe(3);
    expect(def.capabilities.detail.tools.allowed).toEqual([]);
    expect((def as Record<string, unknown>).swarm).toEqual({ enabled_by_default: true });
    expect(findUnknownKeys(def)).toEqual(['agent.emoji', 'swarm']);
  });

  it('reports keys named like Object.prototype members as unknown, at any depth', () => {
    const raw = { agent: { id: 'x', name: 'X', constructor: 1 }, toString: 'y', capabilities: { hasOwnProperty: true } };
    expect(findUnknownKeys(raw)).toEqual(['agent.constructor', 'capabilities.hasOwnProperty', 'toString']);
  });

  it('rejects out-of-range values with a path', () => {
    expect(() => withDefaults({ agent: { id: 'x', name: 'X' }, runtime: { autonomy_level: 3 } })).toThrow(/autonomy_level/);
  });

  it('committed JSON Schema matches the runtime schema', () => {
    const file = path.resolve(import.meta.dirname, '../../schema/codex-agent.schema.json');
    const committed = JSON.parse(readFileSync(file, 'utf8'));
    expect(committed).toEqual(agentJsonSchema());
  });
});
