import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initProject } from '../../src/setup/init-project.js';
import { runCliCaptured } from '../../test-support/cli-harness.js';
import { useTempDirs } from '../../test-support/temp-dirs.js';
import { writeBundle } from '../agents/bundle-fixture.js';
import { writeClaudeAgents } from './claude-agents-fixture.js';

/** Every file under dir with its bytes, for "nothing changed" assertions. */
function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else out[child] = readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return out;
}

describe('codex-flow init', () => {
  const project = useTempDirs();
  const fixedClock = { now: () => Date.parse('2026-03-01T00:00:00.000Z') };

  it('converts .claude/agents, writes a starter config with aliases, validates, and is idempotent', async () => {
    const root = project();
    writeClaudeAgents(path.join(root, '.claude/agents'));
    const first = await runCliCaptured(['init'], { root, now: fixedClock.now });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Converted: 3 agent(s), 1 skipped');
    expect(first.stdout).toContain('Bundle: codex/agents — written');
    expect(first.stdout).toContain('Config: codex-flow.config.json — written');
    expect(first.stdout).toMatch(/Agents: 3 index entries, 3 distinct ids, 3 load cleanly/);
    const config = JSON.parse(readFileSync(path.join(root, 'codex-flow.config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({
      version: 1,
      source: '.claude/agents',
      bundle: 'codex/agents',
      aliases: { reviewer: { id: 'code-reviewer' }, reviewer2: { id: 'code-reviewer' }, architect: { id: 'architect' }, 'terraform-engineer': { id: 'terraform-engineer' } },
      providers: { retries: 2, fallback: [] },
    });
    const before = snapshotTree(root);
    const second = await runCliCaptured(['init'], { root, now: () => fixedClock.now() + 60_000 });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already up to date, nothing written');
    expect(second.stdout).toContain('already as generated, nothing written');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('never overwrites a user config without --force', async () => {
    const root = project();
    writeClaudeAgents(path.join(root, '.claude/agents'));
    const mine = `${JSON.stringify({ aliases: { rev: { id: 'code-reviewer', overrides: { runtime: { autonomy_level: 0.1 } } } } }, null, 2)}\n`;
    writeFileSync(path.join(root, 'codex-flow.config.json'), mine);
    const kept = await runCliCaptured(['init'], { root });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('exists, kept as it is');
    expect(kept.stdout).toContain('rev → code-reviewer (overrides)');
    expect(readFileSync(path.join(root, 'codex-flow.config.json'), 'utf8')).toBe(mine);
    const forced = await runCliCaptured(['init', '--force', '--json'], { root });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ ok: true, config: { action: 'replaced' } });
    expect(readFileSync(path.join(root, 'codex-flow.config.json'), 'utf8')).not.toBe(mine);
  });

  it('refuses a broken config without --force and replaces it with --force', async () => {
    const root = project();
    writeClaudeAgents(path.join(root, '.claude/agents'));
    const broken = '{ "aliases": \n';
    writeFileSync(path.join(root, 'codex-flow.config.json'), broken);
    const refused = await runCliCaptured(['init'], { root });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('codex-flow.config.json');
    expect(readFileSync(path.join(root, 'codex-flow.config.json'), 'utf8')).toBe(broken);
    const forced = await runCliCaptured(['init', '--force', '--json'], { root });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ ok: true, config: { action: 'replaced' } });
  });

  it('leaves a bundle codex-flow did not generate alone unless --force', async () => {
    const root = project();
    writeClaudeAgents(path.join(root, '.claude/agents'));
    // An original-Codex-Flow-style bundle (no sourceHash) already in codex/agents.
    writeBundle(path.join(root, 'codex/agents'), [{ id: 'legacy' }]);
    const before = snapshotTree(path.join(root, 'codex/agents'));
    const result = await initProject({ root });
    expect(result.action).toBe('kept');
    expect(snapshotTree(path.join(root, 'codex/agents'))).toEqual(before);
    expect(result.fleet?.ids).toEqual(['legacy']);
    const forced = await initProject({ root, force: true });
    expect(forced.action).toBe('updated');
    expect(forced.fleet?.ids.sort()).toEqual(['architect', 'code-reviewer', 'terraform-engineer']);
  });

  it('converts --from another folder; refuses a --from that is not a folder', async () => {
    const root = project();
    const elsewhere = project();
    writeClaudeAgents(path.join(elsewhere, 'agents'));
    const result = await runCliCaptured(['init', '--from', path.join(elsewhere, 'agents'), '--json'], { root });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { source: { kind: string }; fleet: { agents: number }; note?: string };
    expect(report.source.kind).toBe('from-flag');
    expect(report.fleet.agents).toBe(3);
    expect(report.note).toMatch(/outside this project/);
    const bad = await runCliCaptured(['init', '--from', 'nope'], { root });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is not a folder/);
  });

  it('uses the packaged example fleet when the project has no agents', async () => {
    const root = project();
    const examples = project();
    writeClaudeAgents(path.join(examples, 'examples/.claude/agents'));
    const packageBefore = snapshotTree(examples);
    const result = await initProject({ root, examplesDir: path.join(examples, 'examples/.claude/agents') });
    expect(result.source.kind).toBe('packaged-examples');
    expect(result.action).toBe('created');
    expect(result.config.action).toBe('created');
    expect(result.fleet?.loadable).toBe(3);
    expect(readdirSync(path.join(root, 'codex/agents'))).toContain('index.json');
    // nothing was written into the package, only into the project
    expect(snapshotTree(examples)).toEqual(packageBefore);
    expect(Object.keys(snapshotTree(root)).every((file) => file === 'codex-flow.config.json' || file.startsWith('codex/agents/'))).toBe(true);
  });
});
