import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

export interface FixtureAgent {
  id: string;
  domain?: string;
  subdomain?: string;
  tier?: string;
  /** Extra YAML content merged into the definition. */
  extra?: Record<string, unknown>;
  /** Raw YAML text to write instead of a generated definition. */
  rawYaml?: string;
  /** Do not write the YAML file at all. */
  noFile?: boolean;
}

/** Writes a small bundle (index.json, triggers.json, agent YAML + brief) into `dir`. */
export function writeBundle(
  dir: string,
  agents: FixtureAgent[],
  options: { generatedAt?: string; sourceHash?: string; triggers?: unknown; rawEntries?: unknown[] } = {},
): void {
  mkdirSync(dir, { recursive: true });
  const entries: unknown[] = agents.map((agent) => ({
    id: agent.id,
    name: `Agent ${agent.id}`,
    domain: agent.domain ?? 'core',
    ...(agent.subdomain ? { subdomain: agent.subdomain } : {}),
    tier: agent.tier ?? 'specialist',
    description: `The ${agent.id} agent`,
    keywords: [agent.id],
    autonomy_level: 0.5,
    max_parallel_tasks: 2,
  }));
  for (const agent of agents) {
    if (agent.noFile) continue;
    const folder = path.join(dir, agent.domain ?? 'core', ...(agent.subdomain ? [agent.subdomain] : []));
    mkdirSync(folder, { recursive: true });
    const definition = {
      version: 1,
      agent: { id: agent.id, name: `Agent ${agent.id}`, classification: { domain: agent.domain ?? 'core', tier: agent.tier ?? 'specialist' }, description: `The ${agent.id} agent` },
      runtime: { concurrency: { max_parallel_tasks: 2 } },
      capabilities: { core: ['work'], detail: { tools: { allowed: ['Read', 'Grep'] } } },
      ...(agent.extra ?? {}),
    };
    writeFileSync(path.join(folder, `${agent.id}.codex.yaml`), agent.rawYaml ?? stringify(definition));
    writeFileSync(path.join(folder, `${agent.id}.md`), `# ${agent.id}\n`);
  }
  const index = {
    version: 1,
    generatedAt: options.generatedAt ?? '2026-01-01T00:00:00.000Z',
    ...(options.sourceHash ? { sourceHash: options.sourceHash } : {}),
    agents: [...entries, ...(options.rawEntries ?? [])],
  };
  writeFileSync(path.join(dir, 'triggers.json'), JSON.stringify(options.triggers ?? { keywords: {}, regex: [], file_patterns: {} }, null, 2));
  writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index, null, 2));
}
