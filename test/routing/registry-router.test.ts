import { appendFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { makeTempDir, runCliCaptured } from '../../test-support/cli-harness.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');

describe('route and run --route build the same router (createRegistryRouter)', () => {
  const temp = makeTempDir('registry-router-');
  afterAll(() => temp.cleanup());
  cpSync(path.join(REPO, 'codex-flow.config.json'), path.join(temp.dir, 'codex-flow.config.json'));
  cpSync(path.join(REPO, 'examples', 'codex', 'agents'), path.join(temp.dir, 'examples', 'codex', 'agents'), { recursive: true });
  // Only the data engineer's brief (not its definition) mentions these words: a router built without briefs cannot find it.
  appendFileSync(path.join(temp.dir, 'examples', 'codex', 'agents', 'data', 'data-engineer.md'), '\n## Zeppelin hangar telemetry\n\nIngests zeppelin hangar telemetry.\n');
  const task = 'ingest the zeppelin hangar telemetry';

  it('both pick the agent whose brief fits the task', async () => {
    const routed = await runCliCaptured(['route', task, '--json'], { root: temp.dir });
    expect(routed.code).toBe(0);
    const top = (JSON.parse(routed.stdout) as { agents: { id: string }[] }).agents[0]?.id;
    expect(top).toBe('data-engineer');

    const run = await runCliCaptured(['run', '--route', task, '--plan', '--yes', '--json'], { root: temp.dir });
    expect(run.code).toBe(0);
    const events = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as CodexEvent);
    const assigned = events.map((e) => e.agentId).filter((id): id is string => id !== undefined);
    expect(assigned[0]).toBe(top);
  });
});
