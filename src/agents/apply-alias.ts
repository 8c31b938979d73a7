import { ValidationError } from '../util/errors.js';
import { deepFreeze } from '../util/deep-freeze.js';
import { deepMerge, findForbiddenKeys, isPlainObject } from '../util/deep-merge.js';
import { agentSchema, type AgentDefinition } from './schema.js';

/**
 * An alias's definition: a deep copy of the base agent with the alias's
 * overrides merged in, validated through the agent schema, then frozen.
 * The base definition is never touched (it is frozen anyway).
 * `agent.instance_alias` is set to the alias; overrides may not change `agent.id`.
 */
export function buildAliasDefinition(alias: string, base: AgentDefinition, overrides: unknown, where = 'codex-flow.config'): AgentDefinition {
  const prefix = `aliases.${alias}.overrides`;
  if (overrides !== undefined && !isPlainObject(overrides)) {
    throw new ValidationError(`Alias "${alias}": overrides must be an object.`, [{ file: where, path: prefix, message: 'expected an object' }]);
  }
  const forbidden = findForbiddenKeys(overrides ?? {});
  if (forbidden.length > 0) {
    throw new ValidationError(
      `Alias "${alias}": overrides contain forbidden keys (${forbidden.join(', ')}). Remove them.`,
      forbidden.map((key) => ({ file: where, path: `${prefix}.${key}`, message: 'forbidden key' })),
    );
  }
  const agentOverrides = (overrides as { agent?: { id?: unknown } } | undefined)?.agent;
  if (agentOverrides && agentOverrides.id !== undefined && agentOverrides.id !== base.agent.id) {
    throw new ValidationError(`Alias "${alias}": overrides may not change agent.id (point the alias's "id" at the other agent instead).`, [
      { file: where, path: `${prefix}.agent.id`, message: 'agent.id cannot be overridden' },
    ]);
  }
  const merged = deepMerge(structuredClone(base) as unknown, { agent: { instance_alias: alias } });
  const withOverrides = deepMerge(merged, overrides ?? {});
  const result = agentSchema.safeParse(withOverrides);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ file: where, path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }));
    throw new ValidationError(`Alias "${alias}": overrides do not fit the agent schema: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return deepFreeze(result.data);
}
