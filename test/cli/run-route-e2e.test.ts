import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { makeTempDir, runCliCaptured } from '../../test-support/cli-harness.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A copy of the repo's example project (config + converted example fleet + task file) in a temp dir. */
function exampleProject(): string {
  const temp = makeTempDir();
  cleanups.push(temp.cleanup);
  cpSync(path.join(REPO, 'codex-flow.config.json'), path.join(temp.dir, 'codex-flow.config.json'));
  cpSync(path.join(REPO, 'examples', 'codex', 'agents'), path.join(temp.dir, 'examples', 'codex', 'agents'), { recursive: true });
  cpSync(path.join(REPO, 'examples', 'tasks.json'), path.join(temp.dir, 'examples', 'tasks.json'));
  return temp.dir;
}

describe('end to end on the example fleet', () => {
  it('run --route "Review src/runtime/adapter.ts" --plan --yes --json emits parseable NDJSON naming real agents', async () => {
    const root = exampleProject();
    const result = await runCliCaptured(['run', '--route', 'Review src/runtime/adapter.ts', '--plan', '--yes', '--json'], { root });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter(Boolean);
    const events = lines.map((line) => JSON.parse(line) as CodexEvent);
    expect(events[0]?.kind).toBe('run_plan');
    expect(events.at(-1)).toMatchObject({ kind: 'run_complete', ok: 1, failed: 0 });
    const bundleIndex = (await import(path.join(root, 'examples', 'codex', 'agents', 'index.json'), { with: { type: 'json' } })) as {
      default: { agents: { id: string }[] };
    };
    const known = new Set(bundleIndex.default.agents.map((agent) => agent.id));
    const named = new Set(events.map((e) => e.agentId).filter((id): id is string => id !== undefined));
    expect(named.size).toBeGreaterThan(0);
    for (const id of named) expect(known.has(id)).toBe(true);
    expect(named.has('code-reviewer')).toBe(true);
    const complete = events.find((e) => e.kind === 'task_complete');
    expect(complete).toMatchObject({ provider: 'offline', simulated: true });
    expect(existsSync(path.join(root, 'data', 'logs', 'events.jsonl'))).toBe(true);
  });

  it('run --example works on the shipped fleet and task file with the offline provider', async () => {
    const root = exampleProject();
    const result = await runCliCaptured(['run', '--example'], { root });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/provider: offline/);
    expect(result.stdout).toMatch(/reviewer2\s+code-reviewer\s+1\s+1\s+0\s+0/);
    expect(result.stdout).toMatch(/Done in \d+ ms: \d+ ok, 0 failed, 0 rejected/);
  });
});
