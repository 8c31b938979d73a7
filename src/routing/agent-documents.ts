import type { AgentDefinition } from '../agents/schema.js';
import type { SemanticDocument } from './semantic-index.js';

/**
 * What the semantic stage knows about an agent, field by field: its name and
 * id, description, keywords, capabilities, responsibilities, example
 * dialogues, body headings, domain and body text.
 */
export function agentDocument(definition: AgentDefinition, keywords: readonly string[], examples: readonly string[], brief?: string): SemanticDocument {
  const agent = definition.agent;
  const detail = definition.capabilities.detail;
  // Fenced code (JSON protocol samples, scripts) says little about what the agent is for.
  const briefText = (brief ?? '').replace(/```[\s\S]*?(```|$)/g, ' ');
  const body = [agent.long_description ?? '', briefText].join('\n');
  const headings = [...body.matchAll(/^#{1,6}[ \t]+(.+)$/gm)].map((m) => (m[1] as string).trim());
  const domain = [agent.classification.domain, agent.classification.subdomain ?? '']
    .map((part) => part.replace(/^\d+[-_]/, '').replace(/[-_]/g, ' '))
    .filter(Boolean);
  return {
    id: agent.id,
    fields: {
      name: [agent.name, agent.id.replace(/[-_.]/g, ' ')],
      description: [agent.description],
      keywords: [...keywords],
      capabilities: [...definition.capabilities.core, ...detail.languages, ...detail.frameworks, ...detail.domains],
      responsibilities: [...definition.responsibilities.primary, ...definition.responsibilities.secondary],
      examples: [...examples, ...definition.triggers.examples.flatMap((e) => (e.commentary ? [e.commentary] : []))],
      headings,
      domain,
      body: [body],
    },
  };
}
