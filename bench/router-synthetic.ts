/**
 * Synthetic fleets for the router bench: N agents with 5 keywords, 1 regex
 * and 1 glob each (in triggers.json form, as the original Codex Flow bundle
 * has them) and tasks in everyday filler words, 70 % of them naming one
 * agent's keyword. Deterministic (seeded by the fleet size).
 */
import type { TriggersFile } from '../src/agents/bundle-format.js';
import { withDefaults, type AgentDefinition } from '../src/agents/schema.js';
import { prng } from '../test-support/prng.js';

const SYLLABLES = ['ka', 'lo', 'mi', 'ran', 'te', 'vos', 'zu', 'pel', 'dor', 'qui', 'sam', 'bex', 'nor', 'fil', 'gat', 'hu', 'jin', 'wex', 'yor', 'cla'];
const FILLER = 'please update the service and check why logs show errors after release fix review refactor team tests build page users data report config migrate quickly tonight small change our new old api module'.split(' ');

export interface Synthetic {
  agents: AgentDefinition[];
  triggers: TriggersFile;
  tasks: { text: string; files: string[] }[];
}

export function synthesize(size: number, taskCount: number): Synthetic {
  const rand = prng(size);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const word = (i: number): string => {
    let w = '';
    let n = i + 1;
    while (n > 0) {
      w += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    }
    return `${w}${SYLLABLES[i % 7]}`;
  };
  const vocabulary = Array.from({ length: size * 4 }, (_, i) => word(i));
  const agents: AgentDefinition[] = [];
  const triggers: TriggersFile = { keywords: {}, regex: [], file_patterns: {} };
  const keywordsOf: string[][] = [];
  for (let i = 0; i < size; i += 1) {
    const id = `agent-${String(i).padStart(5, '0')}`;
    const words = [pick(vocabulary), pick(vocabulary), pick(vocabulary), pick(vocabulary), pick(vocabulary), pick(vocabulary), pick(vocabulary)];
    const keywords = [words[0], words[1], words[2], `${words[3]} ${words[4]}`, `${words[5]} ${words[6]}`] as string[];
    keywordsOf.push(keywords);
    for (const k of keywords) (triggers.keywords[k] ??= []).push(id);
    triggers.regex.push({ pattern: `\\b${words[0]}[-_ ]?v\\d+\\b`, priority: 'medium', agents: [id] });
    const glob = i % 2 === 0 ? `**/*.x${i.toString(36)}` : `svc-${i.toString(36)}/**`;
    (triggers.file_patterns[glob] ??= []).push(id);
    agents.push(withDefaults({ agent: { id, name: `Agent ${i}`, description: `Handles ${keywords.join(', ')} work for the ${pick(FILLER)} area.` } }));
  }
  const tasks: Synthetic['tasks'] = [];
  for (let t = 0; t < taskCount; t += 1) {
    const parts = Array.from({ length: 12 }, () => pick(FILLER));
    const roll = rand();
    if (roll < 0.7) {
      const target = keywordsOf[Math.floor(rand() * size)] as string[];
      parts.splice(Math.floor(rand() * parts.length), 0, pick(target));
      if (rand() < 0.3) parts.push(`${target[0]}-v${Math.floor(rand() * 9)}`);
    }
    const files = rand() < 0.3 ? [rand() < 0.5 ? `src/lib/file${t}.x${Math.floor(rand() * size).toString(36)}` : `svc-${Math.floor(rand() * size).toString(36)}/main.js`] : [];
    tasks.push({ text: parts.join(' '), files });
  }
  return { agents, triggers, tasks };
}
