import { appendFileSync, cpSync, existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/agents/registry.js';
import { readBriefs } from '../../src/routing/read-briefs.js';
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

describe('readBriefs', () => {
  const temp = makeTempDir('read-briefs-');
  afterAll(() => temp.cleanup());
  const bundle = path.join(temp.dir, 'agents');
  cpSync(path.join(REPO, 'examples', 'codex', 'agents'), bundle, { recursive: true });

  it('reads regular and linked briefs and skips agents the scan saw without one, as opening each would', () => {
    const registry = loadRegistry({ root: temp.dir, dir: bundle, config: {} });
    const entries = registry.ids().map((id) => registry.entry(id)).filter((e): e is NonNullable<typeof e> => e !== undefined);
    const [linked, removed] = entries;
    if (!linked || !removed) throw new Error('the example bundle has too few agents');
    const briefOf = (file: string): string => path.join(bundle, file.replace(/\.codex\.yaml$/, '.md'));
    // One brief becomes a link to a file inside the bundle, another is removed.
    const target = path.join(bundle, 'linked-brief-target.txt');
    writeFileSync(target, '# Linked brief\n\nZeppelin hangars.\n');
    rmSync(briefOf(linked.file), { force: true });
    symlinkSync(target, briefOf(linked.file));
    rmSync(briefOf(removed.file), { force: true });

    const reloaded = loadRegistry({ root: temp.dir, dir: bundle, config: {} });
    const briefs = readBriefs(reloaded);
    expect(briefs.get(linked.id)).toContain('Zeppelin hangars');
    expect(briefs.has(removed.id)).toBe(false);
    expect(reloaded.mayHaveFile(path.relative(bundle, briefOf(removed.file)))).toBe(false);
    // Every other agent's brief is read as before.
    const others = entries.slice(2);
    expect(others.filter((entry) => existsSync(briefOf(entry.file))).length).toBeGreaterThan(0);
    for (const entry of others) expect(briefs.has(entry.id)).toBe(existsSync(briefOf(entry.file)));
  });
});
