/**
 * Tier from the role an agent plays, read from its name first, then its
 * declared `type`, then the first sentence of its description.
 */
export type Tier = 'coordinator' | 'lead' | 'specialist' | 'utility' | 'generalist';

const RULES: readonly { tier: Tier; pattern: RegExp }[] = [
  { tier: 'coordinator', pattern: /\b(coordinator|coordinat(?:es|ing|ion)|orchestrat(?:or|es|ing|ion)|dispatcher|swarm[- ]?(?:init|lead|queen)|queen|conductor|supervisor)\b/ },
  { tier: 'lead', pattern: /\b(lead|leader|manager|architect|director|head|principal|chief|owner|planner|strategist)\b/ },
  { tier: 'utility', pattern: /\b(generator|formatter|helper|utility|util|template|scaffold(?:er)?|linter|sync(?:hronizer)?|converter|validator|monitor|benchmarker|fixer|summari[sz]er)\b/ },
  { tier: 'generalist', pattern: /\b(generalist|general[- ]purpose|all[- ]rounder|assistant|fullstack|full[- ]stack|jack of all trades)\b/ },
];

function words(text: string): string {
  return text.toLowerCase().replace(/[_-]+/g, ' ');
}

/** In prose only role nouns count ("an orchestrator"), not activities ("container orchestration"). */
const PROSE_RULES: readonly { tier: Tier; pattern: RegExp }[] = [
  { tier: 'coordinator', pattern: /\b(coordinator|orchestrator|supervisor|dispatcher)\b/ },
  { tier: 'lead', pattern: /\b(team lead|tech lead|architect|manager|director)\b/ },
  { tier: 'generalist', pattern: /\b(generalist|general[- ]purpose|full[- ]?stack)\b/ },
];

export function inferTier(name: string, type: string | undefined, description: string): Tier {
  for (const source of [name, type ?? '']) {
    const text = words(source);
    if (!text.trim()) continue;
    for (const rule of RULES) if (rule.pattern.test(text)) return rule.tier;
  }
  const firstSentence = words(description.split(/(?<=[.!?])\s/)[0] ?? '');
  for (const rule of PROSE_RULES) if (rule.pattern.test(firstSentence)) return rule.tier;
  return 'specialist';
}
