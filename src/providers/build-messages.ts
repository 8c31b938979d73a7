import type { AgentDefinition, PromptProfile } from '../agents/schema.js';
import type { CodexFlowConfig } from '../config/config-schema.js';
import { InvalidInputError } from '../util/errors.js';
import type { ChatMessage } from './types.js';

export interface PromptPair {
  system: string;
  user: string;
}

export interface BuildMessagesOptions {
  /** Provider the prompt is for: picks `prompts.<provider>` / `providers.<provider>.prompt`. */
  provider?: string;
  /** The `providers` section of the config (for `providers.<name>.prompt`). */
  providersConfig?: CodexFlowConfig['providers'];
  /** Alias the task was addressed to (defaults to the agent id). */
  alias?: string;
  /** Extra context (memory, context bus) appended to the user message. */
  context?: string;
}

/**
 * The canonical prompt: system = who the agent is (name, description, long
 * description, responsibilities), user = the task. Used whenever no prompt
 * profile applies, and available to profiles as `{{canonical.system}}`.
 */
export function canonicalPrompt(agent: AgentDefinition | undefined, task: string): PromptPair {
  if (!agent) return { system: 'You are a helpful, precise software engineering assistant.', user: task };
  const parts: string[] = [`You are ${agent.agent.name}.`];
  if (agent.agent.description.trim()) parts.push(agent.agent.description.trim());
  if (agent.agent.long_description?.trim()) parts.push(agent.agent.long_description.trim());
  const primary = agent.responsibilities.primary;
  if (primary.length > 0) parts.push(`Primary responsibilities:\n${primary.map((r) => `- ${r}`).join('\n')}`);
  return { system: parts.join('\n\n'), user: task };
}

/** The profile for `provider`: the agent's `prompts.<provider>` wins over config `providers.<provider>.prompt`. */
export function selectPromptProfile(
  agent: AgentDefinition | undefined,
  provider: string | undefined,
  providersConfig?: CodexFlowConfig['providers'],
): PromptProfile | undefined {
  if (!provider) return undefined;
  const fromAgent = agent?.prompts?.[provider];
  if (fromAgent && (fromAgent.system !== undefined || fromAgent.user !== undefined)) return fromAgent;
  const settings = (providersConfig as Record<string, unknown> | undefined)?.[provider];
  if (settings && typeof settings === 'object' && 'prompt' in settings) {
    const prompt = (settings as { prompt?: PromptProfile }).prompt;
    if (prompt && (prompt.system !== undefined || prompt.user !== undefined)) return prompt;
  }
  return undefined;
}

/**
 * Messages for one task: the canonical prompt, or the provider's prompt
 * profile rendered with `{{task}}`, `{{alias}}`, `{{provider}}`,
 * `{{agent.id}}`, `{{agent.name}}`, `{{agent.description}}`,
 * `{{agent.long_description}}`, `{{agent.domain}}`, `{{canonical.system}}`,
 * `{{canonical.user}}`. A template half that is missing falls back to the
 * canonical half.
 */
export function buildMessages(agent: AgentDefinition | undefined, task: string, options: BuildMessagesOptions = {}): ChatMessage[] {
  const canonical = canonicalPrompt(agent, task);
  const profile = selectPromptProfile(agent, options.provider, options.providersConfig);
  let { system, user } = canonical;
  if (profile) {
    const vars: Record<string, string> = {
      task,
      alias: options.alias ?? agent?.agent.id ?? '',
      provider: options.provider ?? '',
      'agent.id': agent?.agent.id ?? '',
      'agent.name': agent?.agent.name ?? '',
      'agent.description': agent?.agent.description ?? '',
      'agent.long_description': agent?.agent.long_description ?? '',
      'agent.domain': agent?.agent.classification.domain ?? '',
      'canonical.system': canonical.system,
      'canonical.user': canonical.user,
    };
    if (profile.system !== undefined) system = renderTemplate(profile.system, vars, `prompt profile for ${options.provider}`);
    if (profile.user !== undefined) user = renderTemplate(profile.user, vars, `prompt profile for ${options.provider}`);
  }
  if (options.context?.trim()) user = `${user}\n\nContext:\n${options.context.trim()}`;
  const messages: ChatMessage[] = [];
  if (system.trim()) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: user });
  return messages;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** Replaces `{{name}}` placeholders in one pass (values are never re-scanned); unknown names are an error. */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>, where = 'template'): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = vars[name];
    if (value === undefined) {
      throw new InvalidInputError(
        `Unknown placeholder {{${name}}} in ${where}. Use one of: ${Object.keys(vars)
          .map((k) => `{{${k}}}`)
          .join(', ')}.`,
        { placeholder: name },
      );
    }
    return value;
  });
}
