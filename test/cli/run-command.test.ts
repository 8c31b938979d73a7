import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { makeTempDir, runCliCaptured } from '../../test-support/cli-harness.js';
import { writeBundle } from '../agents/bundle-fixture.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A project with a two-agent bundle and a config with aliases. */
function project(): string {
  const temp = makeTempDir();
  cleanups.push(temp.cleanup);
  writeBundle(path.join(temp.dir, 'codex', 'agents'), [
    { id: 'code-reviewer', extra: { runtime: { concurrency: { max_parallel_tasks: 2 } }, capabilities: { detail: { tools: { allowed: ['Read', 'Grep'] } } } } },
    { id: 'architect' },
  ]);
  writeFileSync(
    path.join(temp.dir, 'codex-flow.config.json'),
    JSON.stringify({ aliases: { reviewer: { id: 'code-reviewer' }, reviewer2: { id: 'code-reviewer', overrides: { runtime: { concurrency: { max_parallel_tasks: 1 } } } } } }),
  );
  return temp.dir;
}

function parseNdjson(stdout: string): CodexEvent[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CodexEvent);
}

describe('codex-flow run', () => {
  it('runs a task file with the offline provider, logs events and prints a summary', async () => {
    const root = project();
    writeFileSync(path.join(root, 'tasks.json'), JSON.stringify({ reviewer: ['Review utils/date.ts', 'Review api/user.ts'], reviewer2: ['Refactor auth.ts'], architect: ['Design it'] }));
    const result = await runCliCaptured(['run', '-f', 'tasks.json'], { root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^provider: offline \(no provider configured/);
    expect(result.stdout).toMatch(/reviewer\s+code-reviewer\s+2\s+2\s+0\s+0/);
    expect(result.stdout).toMatch(/reviewer2\s+code-reviewer\s+1\s+1/);
    expect(result.stdout).toMatch(/Done in \d+ ms: 4 ok, 0 failed, 0 rejected/);
    const logged = readFileSync(path.join(root, 'data', 'logs', 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as CodexEvent);
    expect(logged[0]?.kind).toBe('run_plan');
    expect(logged.filter((e) => e.kind === 'task_complete')).toHaveLength(4);
    expect(logged.at(-1)?.kind).toBe('run_complete');
    const runId = logged[0]!.runId!;
    expect(existsSync(path.join(root, '.runs', 'reviewer', `${runId}-t1`, 'output.json'))).toBe(true);
    expect(logged.every((e) => e.runId === runId)).toBe(true);
  });

  it('--json writes only NDJSON events on stdout, the same as the event log', async () => {
    const root = project();
    const result = await runCliCaptured(['run', '-f', '-', '--json'], { root, stdin: JSON.stringify({ architect: ['one', 'two'] }) });
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.map((e) => e.kind)).toContain('chunk');
    expect(events[0]?.kind).toBe('run_plan');
    expect(events.at(-1)).toMatchObject({ kind: 'run_complete', ok: 2, failed: 0 });
    const logged = readFileSync(path.join(root, 'data', 'logs', 'events.jsonl'), 'utf8');
    expect(logged).toBe(result.stdout);
  });

  it('refuses unsafe alias and task ids before anything runs (exit 2, nothing written)', async () => {
    const root = project();
    for (const map of [{ '../x': ['t'] }, { reviewer: [{ text: 't', id: '../../etc/passwd' }] }]) {
      const result = await runCliCaptured(['run', '-f', '-'], { root, stdin: JSON.stringify(map) });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Unsafe (alias|task id).*\[E_UNSAFE_ID\]/);
    }
    expect(existsSync(path.join(root, 'data'))).toBe(false);
    expect(existsSync(path.join(root, '.runs'))).toBe(false);
  });

  it('refuses unknown aliases with a clear message (exit 2)', async () => {
    const root = project();
    const result = await runCliCaptured(['run', '-f', '-'], { root, stdin: JSON.stringify({ nobody: ['t'] }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Cannot resolve alias nobody/);
  });

  it('--strict-tools fails the offending task fast with the policy message', async () => {
    const root = project();
    const result = await runCliCaptured(['run', '-f', '-', '--strict-tools'], { root, stdin: JSON.stringify({ reviewer: [{ text: 'deploy', tools: ['Bash'], id: 'deploy' }, 'fine'] }) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL reviewer/deploy Tool "Bash" is not allowed for agent code-reviewer (alias reviewer, task deploy); allowed: Read, Grep.');
    expect(result.stdout).toMatch(/1 ok, 1 failed/);
  });

  it('--dry-run prints the plan and writes nothing; --plan off a terminal without --yes does not run', async () => {
    const root = project();
    const dry = await runCliCaptured(['run', '-f', '-', '--dry-run'], { root, stdin: JSON.stringify({ reviewer: ['x'] }) });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/reviewer → code-reviewer {2}cap 2/);
    expect(dry.stdout).toContain('dry run: nothing was run.');
    const unconfirmed = await runCliCaptured(['run', '-f', '-', '--plan'], { root, stdin: JSON.stringify({ reviewer: ['x'] }) });
    expect(unconfirmed.code).toBe(3);
    expect(unconfirmed.stderr).toMatch(/Pass --yes/);
    expect(existsSync(path.join(root, 'data'))).toBe(false);
    const confirmed = await runCliCaptured(['run', '-f', '-', '--plan', '--yes'], { root, stdin: JSON.stringify({ reviewer: ['x'] }) });
    expect(confirmed.code).toBe(0);
  });

  it('says clearly that --prompt is not available yet', async () => {
    const result = await runCliCaptured(['run', '--prompt', 'build a CRM'], { root: project() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--prompt .* is not available yet: it comes with the planner/);
  });

  it('takes one task source at most; none means the example task file', async () => {
    const root = project();
    const both = await runCliCaptured(['run', '--example', '-f', 'x.json'], { root });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/Give one task source/);
    const none = await runCliCaptured(['run', '--dry-run'], { root });
    expect(none.stderr).toMatch(/no task source given: running the example task file/);
  });
});

describe('codex-flow cleanup', () => {
  it('reports real counts and removes old workspaces and events', async () => {
    const root = project();
    const day = 86_400_000;
    await runCliCaptured(['run', '-f', '-'], { root, stdin: JSON.stringify({ architect: [{ text: 'a', id: 'a1' }, { text: 'b', id: 'b1' }] }) });
    const dry = await runCliCaptured(['cleanup', '--older-than', '1d', '--dry-run', '--json'], { root, now: () => Date.now() + 2 * day });
    const report = JSON.parse(dry.stdout) as { workspaces: { removed: unknown[] }; eventLog: { removed: number; linesBefore: number } };
    expect(report.workspaces.removed).toHaveLength(2);
    expect(report.eventLog.removed).toBe(report.eventLog.linesBefore);
    expect(existsSync(path.join(root, '.runs', 'architect', 'a1'))).toBe(true);
    const real = await runCliCaptured(['cleanup', '--older-than', '1d'], { root, now: () => Date.now() + 2 * day });
    expect(real.stdout).toMatch(/workspaces: removed 2, kept 0/);
    expect(existsSync(path.join(root, '.runs', 'architect', 'a1'))).toBe(false);
    const bad = await runCliCaptured(['cleanup', '--older-than', 'soon'], { root });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Invalid --older-than "soon"/);
  });
});
