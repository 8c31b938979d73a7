import type { Priority } from './schema.js';

/**
 * The bundle on disk (SPEC §2): `codex/agents/index.json`, `triggers.json`,
 * and `<domain>[/<subdomain>]/<id>.codex.yaml` + `<id>.md` per agent.
 * The original Codex Flow bundle (compat/codex-flow-v0) has the same shape.
 */

export const INDEX_FILE = 'index.json';
export const TRIGGERS_FILE = 'triggers.json';
export const AGENT_FILE_SUFFIX = '.codex.yaml';
export const BRIEF_FILE_SUFFIX = '.md';

export interface IndexEntry {
  id: string;
  name: string;
  domain: string;
  subdomain?: string;
  tier: string;
  description: string;
  keywords: string[];
  autonomy_level: number;
  max_parallel_tasks: number;
}

export interface IndexFile {
  version: number;
  generatedAt: string;
  /** sha256 over the converter's inputs; absent in the original bundle. */
  sourceHash?: string;
  agents: IndexEntry[];
}

export interface RegexTableEntry {
  pattern: string;
  /** A number, or a word (`low`/`medium`/`high`) as in the original bundle. */
  priority: Priority;
  agents: string[];
}

export interface TriggerExample {
  agent: string;
  user: string;
  context?: string;
  /** The reply in the source dialogue, when there was one. */
  assistant?: string;
  /** Why this agent fits, from `<commentary>`. */
  commentary?: string;
}

export interface TriggersFile {
  keywords: Record<string, string[]>;
  regex: RegexTableEntry[];
  file_patterns: Record<string, string[]>;
  /** New in codex-flow: delegation edges per agent. */
  delegations?: Record<string, { prefers: string[]; complements: string[] }>;
  /** New in codex-flow: example requests per agent, for the semantic stage. */
  examples?: TriggerExample[];
}

/** Relative path (inside the bundle) of an agent's YAML, from its index entry. */
export function agentFilePath(entry: Pick<IndexEntry, 'id' | 'domain' | 'subdomain'>): string {
  return [entry.domain, ...(entry.subdomain ? [entry.subdomain] : []), `${entry.id}${AGENT_FILE_SUFFIX}`].join('/');
}
