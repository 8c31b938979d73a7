import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateTarget } from '../../src/agents/validate-bundle.js';
import { makeTempDir, SHARED_DIR } from '../../test-support/cli-harness.js';
import { convertIn, copyFixtures } from './converter/converter-test-support.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('codex-flow-validate-');
});
afterEach(() => temp.cleanup());

const VALID = `version: 1
agent:
  id: good-agent
  name: Good agent
  description: Does good things.
`;

describe('validateTarget', () => {
  it('accepts a minimal agent file (defaults fill the rest)', () => {
    writeFileSync(path.join(temp.dir, 'good.codex.yaml'), VALID);
    const report = validateTarget('good.codex.yaml', temp.dir);
    expect(report).toMatchObject({ filesChecked: 1, problems: [], warnings: [] });
  });

  it('says so when agent files sit deeper than it looks, instead of skipping them silently', () => {
    mkdirSync(path.join(temp.dir, 'agents', 'a', 'b', 'c', 'd', 'e', 'f', 'g'), { recursive: true });
    writeFileSync(path.join(temp.dir, 'agents', 'top.codex.yaml'), VALID);
    writeFileSync(path.join(temp.dir, 'agents', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'deep.codex.yaml'), VALID.replace('good-agent', 'deep-agent'));
    const report = validateTarget('agents', temp.dir);
    expect(report.filesChecked).toBe(1);
    expect(report.problems).toEqual([expect.objectContaining({ file: 'a/b/c/d/e/f/g', message: expect.stringMatching(/deeper than 6 folder levels/) })]);
  });

    it('reports every problem with file, path, reason and line', () => {
    const text = `version: 1
agent:
  id: Bad/Id
  name: x
runtime:
  autonomy_level: 3
  concurrency:
    max_parallel_tasks: 0
triggers:
  regex:
    - pattern: "(a)\\\\1"
      priority: urgent
mystery: true
`;
    writeFileSync(path.join(temp.dir, 'bad.codex.yaml'), text);
    const report = validateTarget('bad.codex.yaml', temp.dir);
    const byPath = Object.fromEntries(report.problems.map((problem) => [problem.path, problem]));
    expect(byPath['runtime.autonomy_level']).toMatchObject({ file: 'bad.codex.yaml', line: 6 });
    expect(byPath['runtime.concurrency.max_parallel_tasks']).toMatchObject({ line: 8 });
    expect(byPath['triggers.regex[0].priority']).toMatchObject({ line: 12 });
    expect(report.warnings).toEqual([expect.objectContaining({ path: 'mystery', line: 13 })]);
  });

  it('reports unsafe ids and non-RE2 regexes in otherwise valid files', () => {
    writeFileSync(path.join(temp.dir, 'a.codex.yaml'), `version: 1\nagent:\n  id: "../evil"\n  name: x\ntriggers:\n  regex:\n    - pattern: "(?=look)ahead"\n`);
    const report = validateTarget('a.codex.yaml', temp.dir);
    expect(report.problems.map((problem) => [problem.path, problem.line])).toEqual([
      ['agent.id', 3],
      ['triggers.regex[0].pattern', 7],
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    writeFileSync(path.join(temp.dir, 'broken.codex.yaml'), 'version: 1\nagent:\n  id: a\n  name: [unclosed\n');
    const report = validateTarget('broken.codex.yaml', temp.dir);
    expect(report.problems[0]).toMatchObject({ file: 'broken.codex.yaml', path: '(document)', message: expect.stringMatching(/invalid YAML/) });
    expect(report.problems[0]?.line).toBeGreaterThan(0);
  });

  it('passes a converted bundle and cross-checks index.json and triggers.json', async () => {
    copyFixtures(temp.dir, 'odd-shapes', 'dup-a', 'dup-b');
    await convertIn(temp.dir);
    expect(validateTarget('out', temp.dir).problems).toEqual([]);

    const indexFile = path.join(temp.dir, 'out', 'index.json');
    const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { agents: { id: string }[] };
    index.agents.push({ ...index.agents[0], id: 'ghost' } as { id: string });
    writeFileSync(indexFile, JSON.stringify(index));
    const triggersFile = path.join(temp.dir, 'out', 'triggers.json');
    const triggers = JSON.parse(readFileSync(triggersFile, 'utf8')) as { keywords: Record<string, string[]>; regex: unknown[] };
    triggers.keywords['phantom phrase'] = ['nobody'];
    triggers.regex.push({ pattern: '(x+)+\\1', priority: 'medium', agents: ['reviewer'] });
    writeFileSync(triggersFile, JSON.stringify(triggers));
    const report = validateTarget('out', temp.dir);
    const messages = report.problems.map((problem) => `${problem.file} ${problem.path}: ${problem.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^index\.json agents\[\d+\]: agent file .*ghost\.codex\.yaml is missing$/),
        expect.stringMatching(/^triggers\.json keywords\."phantom phrase": agent "nobody" is not in index\.json$/),
        expect.stringMatching(/^triggers\.json regex\[\d+\]\.pattern: not an RE2/),
      ]),
    );
  });

  it('flags the duplicate ids of the original Codex Flow bundle', () => {
    cpSync(path.join(SHARED_DIR, 'compat/codex-flow-v0/codex/agents'), path.join(temp.dir, 'compat'), { recursive: true });
    const report = validateTarget('compat', temp.dir);
    expect(report.filesChecked).toBe(66);
    expect(report.problems.filter((problem) => /duplicate id/.test(problem.message)).map((problem) => problem.message)).toEqual(['duplicate id "code-analyzer"', 'duplicate id "pr-manager"']);
  });

  it('validates a folder of loose .codex.yaml files and reports a missing target', () => {
    mkdirSync(path.join(temp.dir, 'loose'));
    writeFileSync(path.join(temp.dir, 'loose', 'a.codex.yaml'), VALID);
    expect(validateTarget('loose', temp.dir)).toMatchObject({ filesChecked: 1, problems: [] });
    expect(validateTarget('missing', temp.dir).problems[0]?.message).toMatch(/no such file/);
  });
});
