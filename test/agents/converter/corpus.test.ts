import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { convertAgents } from '../../../src/agents/converter/convert-agents.js';
import { emitYaml } from '../../../src/agents/converter/emit-yaml.js';
import { readTree } from '../../../src/agents/converter/publish-bundle.js';
import { readEmittedYaml } from '../../../src/agents/converter/read-emitted-yaml.js';
import { validateTarget } from '../../../src/agents/validate-bundle.js';
import { makeTempDir, SHARED_DIR } from '../../../test-support/cli-harness.js';

const CORPORA = path.join(SHARED_DIR, 'corpora');
const corpusDirs = readdirSync(CORPORA, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => path.join(CORPORA, entry.name))
  .sort();
const COMPAT = path.join(SHARED_DIR, 'compat/codex-flow-v0/.claude/agents');

function countMarkdown(dir: string): number {
  return readdirSync(dir, { recursive: true }).filter((name) => String(name).toLowerCase().endsWith('.md')).length;
}

let temp: { dir: string; cleanup: () => void };
beforeAll(() => {
  temp = makeTempDir('codex-flow-corpus-');
});
afterAll(() => temp.cleanup());

const cases: [string, string[]][] = [
  ...corpusDirs.map((dir): [string, string[]] => [path.basename(dir), [dir]]),
  ['all corpora at once', corpusDirs],
  ['compat .claude/agents', [COMPAT]],
];

describe('real-world corpora', () => {
  it('finds the corpora', () => {
    expect(corpusDirs.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)('%s: converts without throwing, accounts for every file, validates, and is stable', async (label, inDirs) => {
    const outDir = `out-${label.replace(/[^a-z0-9]+/gi, '-')}`;
    const clock = { now: () => Date.parse('2026-05-01T00:00:00.000Z') };
    const report = await convertAgents({ root: temp.dir, inDirs, outDir, clock });
    const inputs = inDirs.reduce((sum, dir) => sum + countMarkdown(dir), 0);
    expect(report.converted.length + report.skipped.length + report.errors.length).toBe(inputs);
    expect(report.converted.length).toBeGreaterThan(inputs * 0.9);
    for (const problem of [...report.errors, ...report.skipped]) {
      expect(problem.reason.length).toBeGreaterThan(10);
      expect(problem.file).toMatch(/\.md$/);
    }

    const validation = validateTarget(outDir, temp.dir);
    expect(validation.problems).toEqual([]);
    expect(validation.filesChecked).toBe(report.converted.length);

    const tree = readTree(report.outDir);
    for (const [file, text] of tree) {
      if (!file.endsWith('.codex.yaml')) continue;
      const parsed: unknown = parse(text);
      expect(emitYaml(parsed), file).toBe(text);
      expect(readEmittedYaml(text), file).toEqual(parsed);
    }
    const ids = report.converted.map((agent) => agent.id);
    expect(new Set(ids).size).toBe(ids.length);

    const again = await convertAgents({ root: temp.dir, inDirs, outDir, clock: { now: () => Date.parse('2027-01-01T00:00:00.000Z') } });
    expect(again.changed).toBe(false);
    expect(again.generatedAt).toBe(report.generatedAt);
    expect(readTree(report.outDir)).toEqual(tree);
    expect((await convertAgents({ root: temp.dir, inDirs, outDir, check: true })).changed).toBe(false);

    const triggers = JSON.parse(readFileSync(path.join(report.outDir, 'triggers.json'), 'utf8')) as { keywords: Record<string, string[]>; examples: unknown[] };
    expect(Object.keys(triggers.keywords).length).toBeGreaterThan(report.converted.length);
    console.info(`${label}: ${report.converted.length} converted, ${report.skipped.length} skipped, ${report.errors.length} errors, ${report.duplicates.length} duplicate ids`);
  }, 180_000);
});
