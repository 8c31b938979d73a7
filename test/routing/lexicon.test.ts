import { describe, expect, it } from 'vitest';
import { TECH_LEXICON } from '../../src/agents/tech-lexicon.js';
import { CONCEPT_GROUPS } from '../../src/routing/concept-lexicon.js';
import { stem } from '../../src/routing/stemmer.js';
import { STOPWORDS } from '../../src/routing/stopwords.js';
import { GlobStage } from '../../src/routing/glob-stage.js';
import { lexiconGlobRules, Tokenizer, techTerm } from '../../src/routing/tokenizer.js';

describe('stemmer', () => {
  it('gives inflections and derivations one key', () => {
    expect(new Set(['deploy', 'deploying', 'deploys', 'deployment'].map(stem)).size).toBe(1);
    expect(stem('optimization')).toBe(stem('optimize'));
    expect(stem('debugging')).toBe(stem('debug'));
  });

  it('gives British and American spellings one key', () => {
    for (const [british, american] of [
      ['colour', 'color'],
      ['colours', 'colors'],
      ['behaviour', 'behavior'],
      ['behavioural', 'behavioral'],
      ['analyse', 'analyze'],
      ['analysing', 'analyzing'],
      ['licence', 'license'],
      ['modelling', 'modeling'],
      ['cancelled', 'canceled'],
      ['prioritise', 'prioritize'],
    ] as const) {
      expect(stem(british), british).toBe(stem(american));
    }
    // Short words ending in -our are not British spellings.
    expect(stem('four')).toBe('four');
    expect(stem('hour')).toBe('hour');
  });

  it('keeps apart words that only look like a stem plus a suffix', () => {
    for (const [a, b] of [
      ['portal', 'port'],
      ['organic', 'organize'],
      ['state', 'stats'],
      ['news', 'new'],
      ['graphic', 'graph'],
      ['general', 'generic'],
    ] as const) {
      expect(stem(a), `${a} vs ${b}`).not.toBe(stem(b));
    }
    expect(stem('portals')).toBe(stem('portal'));
    expect(stem('states')).toBe(stem('state'));
  });
});

describe('stop words', () => {
  it('drop the filler of everyday requests but no routing vocabulary', () => {
    const tokenizer = new Tokenizer();
    const terms = tokenizer.queryUnits('we got hacked last night and someone might still be inside, every single day').map((u) => u[0]?.term);
    expect(terms).toEqual([stem('hacked')]);
    for (const word of ['test', 'deploy', 'security', 'database', 'api', 'slow', 'review', 'design', 'data', 'start', 'session', 'name']) {
      expect(STOPWORDS.has(word), word).toBe(false);
    }
  });
});

describe('concept lexicon', () => {
  const tokenizer = new Tokenizer();

  it('has small groups of single plain words that survive tokenising', () => {
    for (const group of CONCEPT_GROUPS) {
      expect(group.length, group.join(' ')).toBeLessThanOrEqual(20);
      expect(new Set(group).size, `duplicate in ${group.join(' ')}`).toBe(group.length);
      for (const word of group) {
        // A hyphenated or spaced entry would add its parts as neighbours; a stop word would silently vanish.
        expect(word, word).toMatch(/^[a-z0-9]+$/);
        expect(STOPWORDS.has(word), `${word} is a stop word`).toBe(false);
      }
      const stems = new Set(group.flatMap((word) => tokenizer.documentTerms(word, 'prose')));
      expect(stems.size, `group ${group.join(' ')} collapses to one term`).toBeGreaterThan(1);
    }
  });

  it('links everyday words to the words agents use', () => {
    const neighbours = (word: string): string[] => tokenizer.queryUnits(word).flatMap((unit) => unit.map((form) => form.term));
    expect(neighbours('hacked')).toContain(stem('incident'));
    expect(neighbours('slides')).toContain(stem('presentation'));
    expect(neighbours('rivals')).toContain(stem('competitors'));
    expect(neighbours('dominoes')).toContain(stem('cascading'));
    expect(neighbours('colour')).toContain(stem('palette'));
    // "app" alone is any application: it does not pull in phones.
    expect(neighbours('app')).not.toContain(stem('mobile'));
  });
});

describe('tech lexicon (routing side)', () => {
  it('every file glob of the lexicon compiles (the tokenizer compiles them only when a path first needs one)', () => {
    const rules = lexiconGlobRules();
    expect(rules.size).toBeGreaterThan(50);
    const stage = new GlobStage(rules);
    expect(stage.problems).toEqual([]);
    expect(stage.size).toBe(rules.size);
  });

  it('a plain word gives the same document terms through the fast path as inside a sentence', () => {
    const tokenizer = new Tokenizer();
    const words = [...new Set([...CONCEPT_GROUPS.flat(), 'k8s', 'terraform', 'go', 'rest', 'postgres', 'react', 'node', 'deploying', '2fa', 'x'])].filter((w) => /^[a-z0-9]+$/.test(w));
    expect(words.length).toBeGreaterThan(200);
    for (const word of words) expect(tokenizer.documentTerms(word, 'prose')).toEqual(tokenizer.documentTerms(`(${word})`, 'prose'));
  });

  it('maps monorepo and Minecraft plugin files to their technologies', () => {
    const tokenizer = new Tokenizer();
    expect(tokenizer.fileTechnologies(['nx.json']).get(techTerm('monorepo'))).toBe(1);
    expect(tokenizer.fileTechnologies(['apps/web/turbo.json']).get(techTerm('monorepo'))).toBe(1);
    expect(tokenizer.fileTechnologies(['src/main/resources/plugin.yml']).get(techTerm('minecraft'))).toBe(1);
    expect(tokenizer.documentTerms('a plugin for Spigot and Bukkit servers', 'prose')).toContain(techTerm('minecraft'));
  });

  it('has no spelling claimed by two technologies', () => {
    const owner = new Map<string, string>();
    for (const term of TECH_LEXICON) {
      for (const spelling of new Set([term.id, ...term.aliases])) {
        expect(owner.get(spelling), `${spelling} in ${term.id} and ${owner.get(spelling) ?? ''}`).toBeUndefined();
        owner.set(spelling, term.id);
      }
    }
  });
});
