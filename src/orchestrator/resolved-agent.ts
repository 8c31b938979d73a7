import type { Registry, ResolvedAgent } from '../agents/registry.js';

export type { ResolvedAgent };

/**
 * What the orchestrator needs from the agent registry: resolve an alias from
 * the config, or an agent id used as an alias; throws when neither exists.
 */
export type AgentResolver = Pick<Registry, 'resolve'>;
