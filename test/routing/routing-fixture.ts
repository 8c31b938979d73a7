import { withDefaults, type AgentDefinition } from '../../src/agents/schema.js';
import type { TriggersFile } from '../../src/agents/bundle-format.js';

export interface SmallAgent {
  id: string;
  name?: string;
  description: string;
  keywords?: string[];
  regex?: { pattern: string; priority?: 'low' | 'medium' | 'high' | number }[];
  globs?: string[];
  domain?: string;
  examples?: string[];
  quality?: number;
}

/** A fully defaulted agent definition from a few fields. */
export function agent(spec: SmallAgent): AgentDefinition {
  return withDefaults({
    agent: { id: spec.id, name: spec.name ?? spec.id, description: spec.description, classification: { domain: spec.domain ?? 'core' } },
    capabilities: spec.quality === undefined ? {} : { quality: { reliability: spec.quality, quality: spec.quality } },
    triggers: {
      keywords: spec.keywords ?? [],
      regex: spec.regex ?? [],
      file_patterns: spec.globs ?? [],
      examples: (spec.examples ?? []).map((user) => ({ user })),
    },
  });
}

export function emptyTriggers(): TriggersFile {
  return { keywords: {}, regex: [], file_patterns: {} };
}

/** A small fleet with distinct specialities. */
export function smallFleet(): AgentDefinition[] {
  return [
    agent({ id: 'api-builder', description: 'Builds REST APIs and HTTP endpoints for backend services.', keywords: ['rest', 'endpoint'] }),
    agent({ id: 'finance-analyst', description: 'Analyses interest rates, loans and investment returns.', keywords: ['interest rate'] }),
    agent({ id: 'infra-engineer', description: 'Writes Terraform modules and Kubernetes manifests for cloud infrastructure.', globs: ['**/*.tf'], keywords: ['terraform'] }),
    agent({ id: 'db-tuner', description: 'Tunes slow PostgreSQL queries, indexes and database performance.', keywords: ['slow query'] }),
    agent({ id: 'frontend-dev', description: 'Builds React components, CSS layouts and accessible user interfaces.', globs: ['src/components/**'] }),
    agent({ id: 'doc-writer', description: 'Writes documentation, READMEs and tutorials for developers.', examples: ['please write a getting started guide for our SDK'] }),
  ];
}
