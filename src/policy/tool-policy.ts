import type { AgentDefinition } from '../agents/schema.js';
import { PolicyError } from './policy-error.js';

/**
 * Tool policy (SPEC §7). `capabilities.detail.tools.allowed` lists the tools an
 * agent may use (`'*'` = every tool); `restricted` tools are allowed but always
 * audited. Under `--strict-tools` a tool outside the allowed set fails the task
 * before it runs; without the flag it is reported as a `policy_violation`.
 */

export interface ToolPolicy {
  agentId: string;
  allowed: readonly string[];
  restricted: readonly string[];
  allowsAll: boolean;
}

export interface ToolCheck {
  /** Tools requested but not allowed. */
  violations: string[];
  /** Requested tools that are on the restricted list (audited, not refused). */
  audited: string[];
}

export function toolPolicyFor(definition: AgentDefinition): ToolPolicy {
  const tools = definition.capabilities.detail.tools;
  return {
    agentId: definition.agent.id,
    allowed: tools.allowed,
    restricted: tools.restricted,
    allowsAll: tools.allowed.includes('*'),
  };
}

export function checkTools(policy: ToolPolicy, requested: readonly string[]): ToolCheck {
  const violations: string[] = [];
  const audited: string[] = [];
  for (const tool of requested) {
    if (!policy.allowsAll && !policy.allowed.includes(tool)) violations.push(tool);
    if (policy.restricted.includes(tool)) audited.push(tool);
  }
  return { violations, audited };
}

/** The strict-mode error: names the agent, the tool and the allowed set. */
export function toolNotAllowedError(policy: ToolPolicy, tool: string, where: { alias: string; taskId: string }): PolicyError {
  const allowed = policy.allowed.length > 0 ? policy.allowed.join(', ') : '(none)';
  return new PolicyError(
    `Tool "${tool}" is not allowed for agent ${policy.agentId} (alias ${where.alias}, task ${where.taskId}); allowed: ${allowed}. ` +
      `Add it to capabilities.detail.tools.allowed or run without --strict-tools.`,
    { agentId: policy.agentId, tool, allowed: [...policy.allowed], alias: where.alias, taskId: where.taskId },
  );
}
