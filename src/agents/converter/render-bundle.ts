import { AGENT_FILE_SUFFIX, BRIEF_FILE_SUFFIX, INDEX_FILE, TRIGGERS_FILE, type IndexEntry, type IndexFile, type TriggersFile, type TriggerExample } from '../bundle-format.js';
import type { AgentDefinition, Priority } from '../schema.js';
import { compareStrings } from '../../util/compare-strings.js';
import { emitYaml } from './emit-yaml.js';

export interface RenderedAgent {
  definition: AgentDefinition;
  brief: string;
}

export const BUNDLE_VERSION = 1;

function agentDir(definition: AgentDefinition): string {
  const { domain, subdomain } = definition.agent.classification;
  return [domain, ...(subdomain ? [subdomain] : [])].join('/');
}

export function agentOutputPath(definition: AgentDefinition): string {
  return `${agentDir(definition)}/${definition.agent.id}${AGENT_FILE_SUFFIX}`;
}

export function briefOutputPath(definition: AgentDefinition): string {
  return `${agentDir(definition)}/${definition.agent.id}${BRIEF_FILE_SUFFIX}`;
}

function toYaml(value: unknown): string {
  return emitYaml(value);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function sortedRecord(map: Map<string, Set<string>>): Record<string, string[]> {
  return Object.fromEntries(
    [...map.keys()].sort(compareStrings).map((key) => [key, [...(map.get(key) ?? [])].sort(compareStrings)]),
  );
}

function add(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(id);
  map.set(key, set);
}

/**
 * The whole bundle as `relative path → content`: one YAML and one brief per
 * agent, `index.json`, `triggers.json`. Agents must have unique ids; output
 * order is by id, lists sorted, so equal input gives equal bytes.
 */
export function renderBundle(agents: readonly RenderedAgent[], meta: { generatedAt: string; sourceHash: string }): Map<string, string> {
  const files = new Map<string, string>();
  const sorted = [...agents].sort((a, b) => compareStrings(a.definition.agent.id, b.definition.agent.id));
  const entries: IndexEntry[] = [];
  const keywords = new Map<string, Set<string>>();
  const filePatterns = new Map<string, Set<string>>();
  const regex = new Map<string, { priority: Priority; agents: Set<string> }>();
  const delegations: NonNullable<TriggersFile['delegations']> = {};
  const examples: TriggerExample[] = [];

  for (const { definition, brief } of sorted) {
    const { agent } = definition;
    files.set(agentOutputPath(definition), toYaml(definition));
    files.set(briefOutputPath(definition), brief.endsWith('\n') || brief === '' ? brief : `${brief}\n`);
    const entry: IndexEntry = {
      id: agent.id,
      name: agent.name,
      domain: agent.classification.domain,
      ...(agent.classification.subdomain ? { subdomain: agent.classification.subdomain } : {}),
      tier: agent.classification.tier,
      description: agent.description,
      keywords: definition.triggers.keywords,
      autonomy_level: definition.runtime.autonomy_level,
      max_parallel_tasks: definition.runtime.concurrency.max_parallel_tasks,
    };
    entries.push(entry);
    for (const keyword of definition.triggers.keywords) add(keywords, keyword, agent.id);
    for (const glob of definition.triggers.file_patterns) add(filePatterns, glob, agent.id);
    for (const trigger of definition.triggers.regex) {
      const key = `${trigger.pattern}\u0000${String(trigger.priority)}`;
      const current = regex.get(key) ?? { priority: trigger.priority, agents: new Set<string>() };
      current.agents.add(agent.id);
      regex.set(key, current);
    }
    const { prefers, complements } = definition.triggers.delegations;
    if (prefers.length > 0 || complements.length > 0) delegations[agent.id] = { prefers, complements };
    for (const example of definition.triggers.examples) {
      const item: TriggerExample = { agent: agent.id, ...(example.context ? { context: example.context } : {}), user: example.user };
      if (example.assistant) item.assistant = example.assistant;
      if (example.commentary) item.commentary = example.commentary;
      examples.push(item);
    }
  }

  const index: IndexFile = { version: BUNDLE_VERSION, generatedAt: meta.generatedAt, sourceHash: meta.sourceHash, agents: entries };
  const triggers: TriggersFile = {
    keywords: sortedRecord(keywords),
    regex: [...regex.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([key, value]) => ({ pattern: key.split('\u0000')[0] ?? '', priority: value.priority, agents: [...value.agents].sort(compareStrings) })),
    file_patterns: sortedRecord(filePatterns),
    delegations,
    examples,
  };
  files.set(INDEX_FILE, json(index));
  files.set(TRIGGERS_FILE, json(triggers));
  return files;
}
