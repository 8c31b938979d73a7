import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentJsonSchema } from '../../../src/agents/schema.js';
import { makeTempDir, runCliCaptured } from '../../../test-support/cli-harness.js';
import { copyFixtures } from './converter-test-support.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('codex-flow-convert-cli-');
});
afterEach(() => temp.cleanup());

const now = (): number => Date.parse('2026-04-01T00:00:00.000Z');

describe('codex-flow convert / validate / schema', () => {
  it('convert prints a per-file summary, exits 0 even with per-file errors, and --check fails only when stale', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const first = await runCliCaptured(['convert', '--in', 'src-agents', '--out', 'bundle'], { root: temp.dir, now });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/ok {4}src-agents\/odd-shapes\/tools\/comma-string\.md → odd-shapes\/tools\/comma-tools\.codex\.yaml {2}\(unknown tools: FancyTool\)/);
    expect(first.stdout).toMatch(/unknown keys kept: custom, emoji, priority/);
    expect(first.stdout).toMatch(/skip {2}src-agents\/odd-shapes\/docs\/notes\.md: no YAML front-matter/);
    expect(first.stdout).toMatch(/error src-agents\/odd-shapes\/yaml\/unclosed\.md:1: front-matter opened at line 1 is never closed/);
    expect(first.stdout).toMatch(/12 converted, 3 skipped, 2 errors, 0 duplicate ids → bundle: published/);

    const fresh = await runCliCaptured(['convert', '--in', 'src-agents', '--out', 'bundle', '--check'], { root: temp.dir, now });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/up to date/);

    writeFileSync(path.join(temp.dir, 'src-agents', 'odd-shapes', 'new.md'), '---\nname: newcomer\ndescription: New.\n---\n');
    const stale = await runCliCaptured(['convert', '--in', 'src-agents', '--out', 'bundle', '--check'], { root: temp.dir, now });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/STALE: run codex-flow convert/);
  });

  it('convert takes its defaults from the config file and prints JSON with --json', async () => {
    copyFixtures(temp.dir, 'dup-a', 'dup-b');
    writeFileSync(path.join(temp.dir, 'codex-flow.config.json'), JSON.stringify({ source: 'src-agents', bundle: 'agents-out' }));
    const result = await runCliCaptured(['convert', '--json'], { root: temp.dir, now });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { outDir: string; converted: unknown[]; duplicates: { id: string; resolvedAs: string[] }[]; changed: boolean; generatedAt: string };
    expect(report).toMatchObject({ outDir: 'agents-out', changed: true, generatedAt: '2026-04-01T00:00:00.000Z' });
    expect(report.converted).toHaveLength(3);
    expect(report.duplicates).toEqual([expect.objectContaining({ id: 'reviewer', resolvedAs: ['reviewer', 'reviewer-2', 'reviewer-3'] })]);
    expect(readFileSync(path.join(temp.dir, 'agents-out', 'index.json'), 'utf8')).toContain('"reviewer-3"');
  });

  it('convert refuses an output folder outside the project with a clear message', async () => {
    copyFixtures(temp.dir, 'dup-a');
    const result = await runCliCaptured(['convert', '--in', 'src-agents', '--out', '../elsewhere'], { root: temp.dir, now });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/outside the project root.*\[E_INVALID_INPUT\]/);
  });

  it('validate exits 0 on a converted bundle and 1 with file:line: path: reason on a broken file', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    await runCliCaptured(['convert', '--in', 'src-agents', '--out', 'bundle'], { root: temp.dir, now });
    const ok = await runCliCaptured(['validate', 'bundle'], { root: temp.dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^valid: 12 agent file\(s\) checked, 0 problem\(s\)/m);

    writeFileSync(path.join(temp.dir, 'broken.codex.yaml'), 'version: 1\nagent:\n  id: a\n  name: b\nruntime:\n  timeout_ms: -5\n');
    const bad = await runCliCaptured(['validate', 'broken.codex.yaml'], { root: temp.dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^error {3}broken\.codex\.yaml:6: runtime\.timeout_ms: /m);
    const json = await runCliCaptured(['validate', 'broken.codex.yaml', '--json'], { root: temp.dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problems: [{ file: 'broken.codex.yaml', path: 'runtime.timeout_ms', line: 6 }] });
  });

  it('schema prints the JSON Schema and --write writes schema/codex-agent.schema.json', async () => {
    const printed = await runCliCaptured(['schema'], { root: temp.dir });
    expect(JSON.parse(printed.stdout)).toEqual(agentJsonSchema());
    const written = await runCliCaptured(['schema', '--write'], { root: temp.dir });
    expect(written.code).toBe(0);
    expect(readFileSync(path.join(temp.dir, 'schema', 'codex-agent.schema.json'), 'utf8')).toBe(printed.stdout);
  });
});
