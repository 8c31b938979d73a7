import type { AgentDefinition } from '../agents/schema.js';
import type { TriggersFile } from '../agents/bundle-format.js';
import { compareStrings } from '../util/compare-strings.js';
import type { RegexRule } from './regex-stage.js';
import type { RouterProblem } from './route-types.js';

/**
 * The union of the routing rules a bundle declares: triggers.json tables
 * (where the original Codex Flow bundle keeps them) and each agent's own
 * `triggers` section. Rules naming unknown agents are reported and dropped.
 */
export interface RoutingRules {
  keywords: Map<string, string[]>;
  regex: RegexRule[];
  globs: Map<string, string[]>;
  /** Example requests per agent id (from agent files and triggers.json). */
  examples: Map<string, string[]>;
  /** Keywords per agent id, for the semantic index. */
  keywordsByAgent: Map<string, string[]>;
  problems: RouterProblem[];
}

export function collectRoutingRules(agents: readonly AgentDefinition[], triggers: TriggersFile): RoutingRules {
  const known = new Set(agents.map((a) => a.agent.id));
  const problems: RouterProblem[] = [];
  const keywords = new Map<string, Set<string>>();
  const globs = new Map<string, Set<string>>();
  const regex = new Map<string, { pattern: string; priority: RegexRule['priority']; agents: Set<string> }>();
  const examples = new Map<string, string[]>();

  const known_ = (stage: RouterProblem['stage'], pattern: string, ids: readonly string[]): string[] => {
    const ok = ids.filter((id) => known.has(id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) problems.push({ stage, pattern, agents: missing, message: `names agent(s) not in the bundle: ${missing.join(', ')}; rule ignored for them.` });
    return ok;
  };
  const add = (map: Map<string, Set<string>>, key: string, ids: readonly string[]): void => {
    const set = map.get(key) ?? new Set<string>();
    for (const id of ids) set.add(id);
    map.set(key, set);
  };
  const addRegex = (pattern: string, priority: RegexRule['priority'], ids: readonly string[]): void => {
    const key = `${typeof priority}:${String(priority)}:${pattern}`;
    const entry = regex.get(key) ?? { pattern, priority, agents: new Set<string>() };
    for (const id of ids) entry.agents.add(id);
    regex.set(key, entry);
  };

  const addExample = (id: string, example: { context?: string; user?: string }): void => {
    examples.set(id, [...(examples.get(id) ?? []), [example.context, example.user].filter(Boolean).join(' ')]);
  };

  for (const [keyword, ids] of Object.entries(triggers.keywords ?? {})) add(keywords, keyword, known_('keyword', keyword, ids));
  for (const [glob, ids] of Object.entries(triggers.file_patterns ?? {})) add(globs, glob, known_('file', glob, ids));
  for (const row of triggers.regex ?? []) addRegex(row.pattern, row.priority, known_('regex', row.pattern, row.agents));
  for (const example of triggers.examples ?? []) if (known.has(example.agent)) addExample(example.agent, example);
  for (const definition of agents) {
    const id = definition.agent.id;
    for (const keyword of definition.triggers.keywords) add(keywords, keyword, [id]);
    for (const glob of definition.triggers.file_patterns) add(globs, glob, [id]);
    for (const row of definition.triggers.regex) addRegex(row.pattern, row.priority, [id]);
    for (const example of definition.triggers.examples) addExample(id, example);
  }

  const keywordsByAgent = new Map<string, string[]>();
  for (const [keyword, ids] of keywords) for (const id of ids) keywordsByAgent.set(id, [...(keywordsByAgent.get(id) ?? []), keyword]);

  const sortedMap = (map: Map<string, Set<string>>): Map<string, string[]> =>
    new Map([...map.entries()].filter(([, ids]) => ids.size > 0).sort((a, b) => compareStrings(a[0], b[0])).map(([k, ids]) => [k, [...ids].sort()]));
  return {
    keywords: sortedMap(keywords),
    globs: sortedMap(globs),
    regex: [...regex.entries()]
      .filter(([, e]) => e.agents.size > 0)
      .sort((a, b) => compareStrings(a[0], b[0]))
      .map(([, e]) => ({ pattern: e.pattern, priority: e.priority, agents: [...e.agents].sort() })),
    examples,
    keywordsByAgent: new Map([...keywordsByAgent.entries()].map(([id, list]) => [id, list.sort()])),
    problems,
  };
}
