import type { AgentDefinition } from '../agents/schema.js';
import { parseDuration } from './duration.js';
import { compileRedactPaths, type RedactPaths } from './redact.js';

/** What an alias's `memory` section says, compiled once: TTL, redaction, sharing. */
export interface MemoryPolicy {
  /** Records older than this are dropped on read and compacted on rotation; 0 keeps nothing. */
  ttlMs: number;
  /** `sharing_policy.redact`, compiled. */
  redact: RedactPaths;
  /** `sharing_policy.share_with`: aliases or agent ids that may receive this alias's context (`*` = everyone). */
  shareWith: readonly string[];
}

export type MemoryPolicyResolver = (alias: string) => MemoryPolicy;

export const DEFAULT_RETENTION = '7d';

/** Builds a policy from an agent definition's `memory` section (defaults when absent). */
export function memoryPolicyFromAgent(agent: Pick<AgentDefinition, 'memory'> | undefined): MemoryPolicy {
  const memory = agent?.memory;
  return {
    ttlMs: parseDuration(memory?.retention.short_term ?? DEFAULT_RETENTION, 'memory.retention.short_term'),
    redact: compileRedactPaths(memory?.sharing_policy.redact ?? []),
    shareWith: [...(memory?.sharing_policy.share_with ?? [])],
  };
}

export const DEFAULT_MEMORY_POLICY: MemoryPolicy = memoryPolicyFromAgent(undefined);

/**
 * A memoised resolver over `lookup(alias)` (the agent an alias runs, with its
 * overrides applied); unknown aliases get {@link DEFAULT_MEMORY_POLICY}.
 */
export function policyResolver(lookup: (alias: string) => Pick<AgentDefinition, 'memory'> | undefined): MemoryPolicyResolver {
  const cache = new Map<string, MemoryPolicy>();
  return (alias) => {
    let policy = cache.get(alias);
    if (!policy) {
      const agent = lookup(alias);
      policy = agent ? memoryPolicyFromAgent(agent) : DEFAULT_MEMORY_POLICY;
      cache.set(alias, policy);
    }
    return policy;
  };
}

/** True when `policy` (the publisher's) lets a reader with this alias / agent id see the context. */
export function sharingAllows(publisherAlias: string, policy: Pick<MemoryPolicy, 'shareWith'>, readerAlias: string, readerAgentId?: string): boolean {
  if (publisherAlias === readerAlias) return true;
  return policy.shareWith.some((entry) => entry === '*' || entry === readerAlias || (readerAgentId !== undefined && entry === readerAgentId));
}
