import { CodexFlowError } from '../util/errors.js';

/** Neither an alias in the config nor an agent id in the bundle. */
export class UnknownAgentError extends CodexFlowError {
  constructor(name: string, known: { aliases: readonly string[]; agents: number }, pointsAt?: string) {
    const what = pointsAt
      ? `Alias "${name}" points at agent "${pointsAt}", which the bundle does not have. Fix "aliases.${name}.id" in codex-flow.config or re-run \`codex-flow convert\`.`
      : `Unknown agent or alias "${name}". ${known.aliases.length > 0 ? `Aliases: ${known.aliases.slice(0, 20).join(', ')}. ` : ''}Run \`codex-flow load\` to list the ${known.agents} agents of the bundle.`;
    super('E_UNKNOWN_AGENT', what, { name, ...(pointsAt ? { pointsAt } : {}) });
    this.name = 'UnknownAgentError';
  }
}
