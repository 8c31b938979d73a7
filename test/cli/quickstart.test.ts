import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagedExampleAgentsDir } from '../../src/setup/example-fleet.js';
import { runQuickstart } from '../../src/setup/quickstart.js';
import { runCliCaptured } from '../../test-support/cli-harness.js';
import { useTempDirs } from '../../test-support/temp-dirs.js';
import { writeBundle } from '../agents/bundle-fixture.js';
import { writeClaudeAgents } from './claude-agents-fixture.js';

describe('codex-flow quickstart', () => {
  const temp = useTempDirs();

  it('in an empty project: converts the packaged example fleet into codex/agents and says so', async () => {
    const root = temp();
    const result = await runCliCaptured(['quickstart'], { root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(no codex-flow.config in this project)');
    expect(result.stdout).toContain('the example fleet packaged with codex-flow');
    expect(result.stdout).toContain('Bundle: codex/agents — written');
    expect(result.stdout).toMatch(/Done: \d+ agents converted, validated and loaded/);
    expect(existsSync(path.join(root, 'codex/agents/index.json'))).toBe(true);
    // the bundle plus the example run's runtime state: no config, no copies of the sources
    expect(readdirSync(root).sort()).toEqual(['.runs', 'codex', 'data']);
    // the example tasks really ran, on the offline provider, and say they are simulated
    expect(result.stdout).toContain('provider: offline');
    const events = readFileSync(path.join(root, 'data/logs/events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; simulated?: boolean; agentId?: string });
    const completed = events.filter((event) => event.kind === 'task_complete');
    expect(completed.length).toBeGreaterThanOrEqual(3);
    expect(completed.every((event) => event.simulated === true)).toBe(true);
    expect(new Set(completed.map((event) => event.agentId))).toContain('code-reviewer');
    const index = JSON.parse(readFileSync(path.join(root, 'codex/agents/index.json'), 'utf8')) as { agents: unknown[] };
    expect(index.agents.length).toBeGreaterThanOrEqual(8);
    const again = await runCliCaptured(['quickstart', '--json'], { root });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, bundle: { action: 'unchanged' }, source: { kind: 'packaged-examples' } });
    expect(packagedExampleAgentsDir()).toBe(path.resolve(import.meta.dirname, '../../examples/.claude/agents'));
  });

  it('uses the config: source → bundle, and shows the configured aliases', async () => {
    const root = temp();
    writeClaudeAgents(path.join(root, 'agents-src'));
    writeFileSync(path.join(root, 'codex-flow.config.json'), JSON.stringify({ source: 'agents-src', bundle: 'out/agents', aliases: { reviewer: { id: 'code-reviewer' } } }));
    const result = await runQuickstart({ root });
    expect(result.source.kind).toBe('configured');
    expect(result.bundleDir).toBe(path.join(root, 'out/agents'));
    expect(result.action).toBe('created');
    expect(result.aliasesFrom).toBe('project-config');
    expect(result.fleet?.aliases).toEqual([{ alias: 'reviewer', agentId: 'code-reviewer', hasOverrides: false }]);
    expect(result.fleet?.errors).toBe(0);
  });

  it('is honest when the bundle has problems: exit 2 and the reasons', async () => {
    const root = temp();
    writeClaudeAgents(path.join(root, '.claude/agents'));
    writeFileSync(path.join(root, 'codex-flow.config.json'), JSON.stringify({ aliases: { reviewer: { id: 'no-such-agent' } } }));
    const result = await runCliCaptured(['quickstart'], { root });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('alias_unknown_agent');
    expect(result.stdout).toContain('Quickstart did not finish cleanly');
  });

  it('does not overwrite a bundle codex-flow did not generate', async () => {
    const root = temp();
    writeClaudeAgents(path.join(root, '.claude/agents'));
    writeBundle(path.join(root, 'codex/agents'), [{ id: 'legacy' }]);
    const indexBefore = readFileSync(path.join(root, 'codex/agents/index.json'), 'utf8');
    const result = await runCliCaptured(['quickstart'], { root });
    expect(result.stdout).toContain('NOT written');
    expect(readFileSync(path.join(root, 'codex/agents/index.json'), 'utf8')).toBe(indexBefore);
  });
});
