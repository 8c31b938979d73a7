import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCliCaptured, SHARED_DIR } from '../../test-support/cli-harness.js';

const BUNDLE = path.join(SHARED_DIR, 'compat', 'codex-flow-v0', 'codex', 'agents');

describe('codex-flow route', () => {
  const temp = makeTempDir('route-cli-');
  afterAll(() => temp.cleanup());
  const cli = (args: string[], stdin?: string) => runCliCaptured(['route', ...args, '--dir', BUNDLE], { root: temp.dir, ...(stdin === undefined ? {} : { stdin }) });

  it('prints ranked agents, and every contribution with --explain', async () => {
    const plain = await cli(['set up a github actions pipeline', '--top', '2']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^1\. cicd-engineer {2}score [\d.]+ {2}\((keyword|semantic)\)/);
    expect(plain.stdout.trim().split('\n')).toHaveLength(2);
    const explained = await cli(['set up a github actions pipeline', '--explain']);
    expect(explained.stdout).toContain('keyword     +');
    expect(explained.stdout).toContain('"github actions"');
    // The request names a technology (GitHub Actions): the software-task threshold applies (0.2 × 0.5).
    expect(explained.stdout).toMatch(/threshold 0\.1\b/);
  });

  it('prints JSON, reads the text from stdin and says when no agent fits', async () => {
    const json = await cli(['--json', '--files', 'src/model/train.py'], 'train a neural network model');
    const parsed = JSON.parse(json.stdout) as { agents: { id: string; score: number; stage: string }[]; abstained: boolean };
    expect(parsed.abstained).toBe(false);
    expect(parsed.agents[0]?.id).toBe('ml-developer');
    expect(Object.keys(parsed.agents[0] ?? {})).toEqual(['id', 'score', 'stage']);
    const none = await cli(['how long should I boil an egg']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^No agent fits this task/);
  });

  it('routes a JSONL batch in order, one line out per line in, empty list when abstaining', async () => {
    const file = path.join(temp.dir, 'tasks.jsonl');
    writeFileSync(file, ['{"text":"train a neural network"}', '', '{"text":"how long should I boil an egg"}', '{"text":"","files":["docs/architecture/adr-1.md"]}'].join('\n'));
    const result = await cli(['--batch', file, '--json']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { agents: { id: string }[] });
    expect(lines).toHaveLength(3);
    expect(lines[0]?.agents[0]?.id).toBe('ml-developer');
    expect(lines[1]?.agents).toEqual([]);
    expect(lines[2]?.agents[0]?.id).toBe('system-architect');
  });

  it('keeps going on bad batch lines, marks them, and exits 1', async () => {
    const result = await cli(['--batch', '-', '--json'], '{"text":"train a neural network"}\nnot json\n{"text":"x\\u0000y"}\n{"files":"nope"}\n');
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { agents: unknown[]; error?: string });
    expect(lines).toHaveLength(4);
    expect(lines[0]?.error).toBeUndefined();
    expect(lines[1]?.error).toMatch(/^line 2:/);
    expect(lines[2]?.error).toMatch(/binary/);
    expect(lines[3]?.error).toMatch(/"files" must be a list/);
    expect(result.stderr).toContain('3 of 4 line(s) could not be routed');
  });

  it('rejects bad usage with clear messages', async () => {
    const empty = await cli([], '');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/Nothing to route/);
    const top = await cli(['x', '--top', 'zero']);
    expect(top.stderr).toMatch(/--top must be a whole number/);
    const huge = await cli(['x'.repeat(100_001)]);
    expect(huge.stderr).toMatch(/limit is 100000/);
    const missing = await runCliCaptured(['route', 'anything', '--dir', path.join(temp.dir, 'nope')], { root: temp.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No index\.json/);
  });
});
