import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/util/errors.js';
import { createRouter } from '../../src/routing/router.js';
import { defaultRoutingOptions, type RoutingOptions } from '../../src/routing/routing-options.js';
import { agent, emptyTriggers, smallFleet } from './routing-fixture.js';

const options = (overrides: Partial<RoutingOptions> = {}): RoutingOptions => ({ ...defaultRoutingOptions(), ...overrides });

describe('router', () => {
  const router = createRouter({ agents: smallFleet(), triggers: emptyTriggers() }, options());

  it('routes by keyword on word boundaries (rest fires on "REST api", not inside "interest")', () => {
    const api = router.route({ text: 'add a REST endpoint for orders' });
    expect(api.agents[0]?.id).toBe('api-builder');
    expect(api.agents[0]?.reasons.some((r) => r.stage === 'keyword' && r.match === 'rest')).toBe(true);
    const finance = router.route({ text: 'what interest rate should we model for the loan' });
    expect(finance.agents[0]?.id).toBe('finance-analyst');
    expect(finance.agents.flatMap((a) => a.reasons).some((r) => r.match === 'rest')).toBe(false);
  });

  it('uses file globs compiled once (and normalises Windows and ./ paths)', () => {
    const result = router.route({ text: '', files: ['.\\infra\\main.tf'] });
    expect(result.agents[0]?.id).toBe('infra-engineer');
    expect(result.agents[0]?.stage).toBe('file');
    expect(result.agents[0]?.reasons.find((r) => r.stage === 'file')).toMatchObject({ match: '**/*.tf', detail: 'infra/main.tf' });
  });

  it('falls back to the semantic stage with synonyms (k8s → kubernetes, pg → postgres) and stemming', () => {
    const k8s = router.route({ text: 'our k8s manifests need cleaning up' });
    expect(k8s.agents[0]?.id).toBe('infra-engineer');
    expect(k8s.agents[0]?.stage).toBe('semantic');
    expect(k8s.agents[0]?.reasons.find((r) => r.stage === 'semantic')?.match).toContain('#kubernetes');
    expect(router.route({ text: 'the pg indexes are bloated' }).agents[0]?.id).toBe('db-tuner');
    expect(router.route({ text: 'documenting our tutorials' }).agents[0]?.id).toBe('doc-writer');
  });

  it('maps file extensions to technologies for the semantic stage', () => {
    const fleet = [agent({ id: 'py-dev', description: 'Python services and scripts.' }), agent({ id: 'go-dev', description: 'Golang services and tools.' })];
    const r = createRouter({ agents: fleet, triggers: emptyTriggers() }, options());
    expect(r.route({ text: 'fix this', files: ['cmd/tool/main.go'] }).agents[0]?.id).toBe('go-dev');
    expect(r.route({ text: 'fix this', files: ['tools/main.py'] }).agents[0]?.id).toBe('py-dev');
  });

  it('abstains ("no agent fits") instead of guessing', () => {
    const result = router.route({ text: 'what is a good recipe for banana bread' });
    expect(result.abstained).toBe(true);
    expect(result.agents).toEqual([]);
    expect(result.bestScore).toBeLessThan(result.threshold);
  });

  it('explains every contribution and the score is their sum', () => {
    const result = router.route({ text: 'slow query on postgres', files: [] });
    const top = result.agents[0];
    expect(top?.id).toBe('db-tuner');
    const sum = top?.reasons.reduce((s, r) => s + r.contribution, 0) ?? 0;
    expect(Math.abs(sum - (top?.score ?? 0))).toBeLessThan(1e-5);
    expect(top?.reasons.map((r) => r.stage)).toEqual(expect.arrayContaining(['keyword', 'semantic', 'reliability']));
  });

  it('breaks ties by id and honours top-n', () => {
    const twins = ['zeta', 'alpha', 'mid'].map((id) => agent({ id, description: 'Handles widget polishing.', keywords: ['widget'] }));
    const r = createRouter({ agents: twins, triggers: emptyTriggers() }, options({ collapseDuplicates: false }));
    const result = r.route({ text: 'widget polishing please' }, { top: 2 });
    expect(result.agents.map((a) => a.id)).toEqual(['alpha', 'mid']);
    expect(result.agents[0]?.score).toBe(result.agents[1]?.score);
  });

  it('lowers the abstention threshold for clearly software requests (files, or a technology some agent knows)', () => {
    const r = createRouter({ agents: smallFleet(), triggers: emptyTriggers() }, options({ threshold: 0.2, softwareThresholdFactor: 0.5 }));
    expect(r.route({ text: 'please tidy the widget area' }).threshold).toBe(0.2);
    expect(r.route({ text: 'please tidy the widget area', files: ['infra/main.tf'] }).threshold).toBe(0.1);
    expect(r.route({ text: 'tidy the terraform widget area' }).threshold).toBe(0.1);
    // A weak spelling in prose (spring the season, not the framework) is not evidence.
    expect(r.route({ text: 'a walk in spring' }).threshold).toBe(0.2);
  });

  it('lists copies of one agent (same description) once, as the best copy, so the top-n shows distinct agents', () => {
    const fleet = [
      ...['plugin-b-polisher', 'plugin-a-polisher'].map((id) => agent({ id, description: 'Handles widget polishing.', keywords: ['widget'] })),
      agent({ id: 'buffer', description: 'Polishing of widget surfaces by hand.' }),
    ];
    const collapsed = createRouter({ agents: fleet, triggers: emptyTriggers() }, options()).route({ text: 'widget polishing' }, { top: 3 });
    expect(collapsed.agents.map((a) => a.id)).toEqual(['plugin-a-polisher', 'buffer']);
    const all = createRouter({ agents: fleet, triggers: emptyTriggers() }, options({ collapseDuplicates: false })).route({ text: 'widget polishing' }, { top: 3 });
    expect(all.agents.map((a) => a.id)).toEqual(['plugin-a-polisher', 'plugin-b-polisher', 'buffer']);
  });

  it('applies configured penalties and R(agent)', () => {
    const twins = ['a1', 'a2'].map((id) => agent({ id, description: 'Handles widget polishing.', keywords: ['widget'] }));
    const penalised = createRouter({ agents: twins, triggers: emptyTriggers() }, options({ penalties: { 'agent:a1': 0.5 }, collapseDuplicates: false }));
    const result = penalised.route({ text: 'widget polishing' });
    expect(result.agents.map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(result.agents[1]?.reasons.find((r) => r.stage === 'penalty')).toMatchObject({ match: 'agent:a1', contribution: -0.5 });
    const reliable = createRouter({ agents: [agent({ id: 'b1', description: 'Widget polishing.', quality: 0.5 }), agent({ id: 'b2', description: 'Widget polishing.', quality: 1 })], triggers: emptyTriggers() }, options({ collapseDuplicates: false }));
    expect(reliable.route({ text: 'widget polishing' }).agents[0]?.id).toBe('b2');
  });

  it('compiles rules from triggers.json (the original bundle layout) and reports rules for unknown agents', () => {
    const fleet = [agent({ id: 'code-analyzer', description: 'Reviews code.' }), agent({ id: 'ml-developer', description: 'Machine learning.' })];
    const r = createRouter(
      {
        agents: fleet,
        triggers: {
          keywords: { 'code review': ['code-analyzer'], 'neural network': ['ml-developer', 'ghost'] },
          regex: [{ pattern: '^review .* code$', priority: 'high', agents: ['code-analyzer'] }, { pattern: '(a)\\1', priority: 'low', agents: ['ml-developer'] }],
          file_patterns: { '**/*.ipynb': ['ml-developer'] },
        },
      },
      options(),
    );
    expect(r.route({ text: 'review the payment code' }).agents[0]).toMatchObject({ id: 'code-analyzer', stage: 'regex' });
    expect(r.route({ text: 'train a neural network' }).agents[0]?.id).toBe('ml-developer');
    expect(r.route({ text: '', files: ['nb/exp.ipynb'] }).agents[0]?.id).toBe('ml-developer');
    expect(r.problems.map((p) => `${p.stage}:${p.pattern}`)).toEqual(['keyword:neural network', 'regex:(a)\\1']);
  });

  it('in "fallback" mode the semantic stage only ranks when stages 0–2 found nothing (SPEC §4 literal reading)', () => {
    const fleet = [agent({ id: 'kw-agent', description: 'Handles widgets.', keywords: ['widget'] }), agent({ id: 'sem-agent', description: 'Polishing, buffing and waxing surfaces.' })];
    const always = createRouter({ agents: fleet, triggers: emptyTriggers() }, options());
    const fallback = createRouter({ agents: fleet, triggers: emptyTriggers() }, options({ semantic: 'fallback' }));
    const text = 'widget polishing buffing waxing';
    expect(always.route({ text }).agents.map((a) => a.id)).toContain('sem-agent');
    expect(fallback.route({ text }).agents.map((a) => a.id)).toEqual(['kw-agent']);
    expect(fallback.route({ text: 'buffing and waxing' }).agents[0]?.id).toBe('sem-agent');
  });

  it('rejects oversized, binary and malformed input with InvalidInputError', () => {
    const small = createRouter({ agents: smallFleet(), triggers: emptyTriggers() }, options({ maxTextLength: 100, maxFiles: 2 }));
    expect(() => small.route({ text: 'x'.repeat(101) })).toThrow(InvalidInputError);
    expect(() => small.route({ text: 'x'.repeat(101) })).toThrow(/limit is 100.*routing\.maxTextLength/);
    expect(() => small.route({ text: 'ok', files: ['a', 'b', 'c'] })).toThrow(/routing\.maxFiles/);
    expect(() => small.route({ text: 'bin\u0000ary' })).toThrow(/binary/);
    expect(() => small.route({ text: 'ok', files: ['a\u0000b'] })).toThrow(InvalidInputError);
    expect(() => small.route({ text: 'ok', files: [42 as unknown as string] })).toThrow(InvalidInputError);
  });

  it('routes a 100k-character hostile text with hostile regexes without hanging', () => {
    const fleet = [agent({ id: 'victim', description: 'Anything.', regex: [{ pattern: '(a+)+$' }, { pattern: '(a|aa)+b' }] })];
    const r = createRouter({ agents: fleet, triggers: emptyTriggers() }, options());
    const result = r.route({ text: `${'a'.repeat(99_999)}!` });
    expect(result.agents).toEqual([]);
    expect(r.route({ text: 'aaaa' }).agents[0]?.id).toBe('victim');
  });

  it('routes one compound of thousands of parts (under the text limit) without planning each part with the whole joined word', () => {
    const r = createRouter({ agents: smallFleet(), triggers: emptyTriggers() }, options());
    // `react-` × 16,000 is 96,000 characters: it once gave each of its parts a 96 KB joined term and ran the heap out.
    const huge = r.route({ text: 'react-'.repeat(16_000), files: [] });
    const short = r.route({ text: 'react-react', files: [] });
    expect(huge.agents.map((a) => a.id)).toEqual(short.agents.map((a) => a.id));
  });
});
