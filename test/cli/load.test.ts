import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, runCliCaptured, SHARED_DIR } from '../../test-support/cli-harness.js';
import { useTempDirs } from '../../test-support/temp-dirs.js';
import { writeBundle } from '../agents/bundle-fixture.js';
import { writeClaudeAgents } from './claude-agents-fixture.js';

const COMPAT = path.join(SHARED_DIR, 'compat/codex-flow-v0/codex/agents');

describe('codex-flow load', () => {
  const temp = useTempDirs();

  it('reports the original bundle: 66 entries, the 2 duplicate ids, exit code 2', async () => {
    const result = await runCliCaptured(['load', '--dir', COMPAT, '--json'], { root: temp() });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & { problems: { kind: string }[] };
    expect(report.ok).toBe(false);
    expect(report.entries).toBe(66);
    expect(report.agents).toBe(64);
    expect(report.loadable).toBe(64);
    expect(report.duplicateIds).toEqual(['code-analyzer', 'pr-manager']);
    expect(report.duplicates).toEqual([
      { id: 'code-analyzer', files: ['analysis/code-analyzer.codex.yaml', 'analysis/code-review/code-analyzer.codex.yaml'], used: 'analysis/code-analyzer.codex.yaml' },
      { id: 'pr-manager', files: ['github/pr-manager.codex.yaml', 'templates/pr-manager.codex.yaml'], used: 'github/pr-manager.codex.yaml' },
    ]);
    expect(report.errors).toBe(2);
    expect(report.staleIndex).toEqual([]);
    expect(report.invalidFiles).toEqual([]);
    expect(report.missingFiles).toEqual([]);
    expect((report.byDomain as Record<string, number>).github).toBe(13);
    expect(Object.values(report.byDomain as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(66);
    expect(Object.values(report.byTier as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(66);
    expect(report.problems.filter((p) => p.kind === 'stray_file')).toHaveLength(5);
    expect(report.metrics).toBeNull();
  });

  it('prints a readable summary too', async () => {
    const result = await runCliCaptured(['load', '--dir', COMPAT], { root: temp() });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Agents: 66 index entries, 64 distinct ids');
    expect(result.stdout).toMatch(/Duplicate ids: code-analyzer .*pr-manager/);
    expect(result.stdout).toContain('Metrics: none yet');
  });

  it('exits 0 on a clean bundle (warnings allowed) and applies the configured aliases', async () => {
    const root = temp();
    writeBundle(path.join(root, 'codex/agents'), [{ id: 'code-reviewer' }, { id: 'architect', domain: 'architecture', tier: 'lead' }]);
    writeFileSync(path.join(root, 'codex/agents', 'notes.txt'), 'stray\n');
    writeFileSync(path.join(root, 'codex-flow.config.json'), JSON.stringify({ aliases: { reviewer: { id: 'code-reviewer' } } }));
    const result = await runCliCaptured(['load', '--json'], { root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, entries: 2, errors: 0, warnings: 1, byDomain: { architecture: 1, core: 1 }, byTier: { lead: 1, specialist: 1 }, aliasesApplied: true });
    expect(report.aliases).toEqual([{ alias: 'reviewer', agentId: 'code-reviewer', hasOverrides: false }]);
  });

  it('exits 2 on a stale index, an invalid file or a missing bundle', async () => {
    const root = temp();
    const missing = await runCliCaptured(['load', '--json'], { root });
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'E_BUNDLE' } });
    const bundle = path.join(root, 'codex/agents');
    writeBundle(bundle, [{ id: 'a' }, { id: 'b', rawYaml: 'agent: [\n' }]);
    mkdirSync(path.join(bundle, 'core'), { recursive: true });
    writeFileSync(path.join(bundle, 'core', 'c.codex.yaml'), 'agent: {id: c, name: C}\n');
    const result = await runCliCaptured(['load', '--json'], { root });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report.staleIndex).toEqual(['core/c.codex.yaml']);
    expect(report.invalidFiles).toEqual([expect.objectContaining({ id: 'b', file: 'core/b.codex.yaml' })]);
  });

  it('shows per-agent scorecards when data/metrics/agents.json exists', async () => {
    const root = temp();
    writeBundle(path.join(root, 'codex/agents'), [{ id: 'a' }]);
    mkdirSync(path.join(root, 'data/metrics'), { recursive: true });
    writeFileSync(
      path.join(root, 'data/metrics/agents.json'),
      JSON.stringify({
        version: 1,
        generatedAt: '2026-01-01T00:00:00.000Z',
        source: 'data/logs/events.jsonl',
        events: 4,
        badLines: 0,
        agents: [{ agentId: 'a', aliases: ['a'], tasks: 4, ok: 3, failed: 1, rejected: 0, successRate: 0.75, avgMs: 10, p50Ms: 9, p95Ms: 31, p99Ms: 40, tokensIn: 1, tokensOut: 2, cost: 0, simulated: 0, lastTs: '' }],
      }),
    );
    const text = await runCliCaptured(['load'], { root });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/a\s+4\s+75\.0%\s+31 ms/);
    const json = JSON.parse((await runCliCaptured(['load', '--json'], { root })).stdout) as { metrics: unknown };
    expect(json.metrics).toEqual({ generatedAt: '2026-01-01T00:00:00.000Z', agents: [{ agentId: 'a', inBundle: true, tasks: 4, successRate: 0.75, p95Ms: 31 }] });
  });
});

describe('codex-flow load: the configured bundle against its source', () => {
  it('reports a bundle that a fresh conversion of the source would change (exit 2), and passes once re-converted', async () => {
    const { dir: root, cleanup } = makeTempDir();
    try {
      writeClaudeAgents(path.join(root, '.claude/agents'));
      expect((await runCliCaptured(['init'], { root })).code).toBe(0);
      const fresh = await runCliCaptured(['load', '--json'], { root });
      expect(fresh.code).toBe(0);
      expect(JSON.parse(fresh.stdout)).toMatchObject({ ok: true, sourceCheck: { stale: false } });
      writeFileSync(path.join(root, '.claude/agents/quality/extra-agent.md'), '---\nname: extra-agent\ndescription: One more agent.\n---\nBody\n');
      const stale = await runCliCaptured(['load'], { root });
      expect(stale.code).toBe(2);
      expect(stale.stdout).toMatch(/Stale index: yes — The bundle is out of date with its source \.claude\/agents/);
      expect((await runCliCaptured(['init'], { root })).code).toBe(0);
      expect((await runCliCaptured(['load'], { root })).code).toBe(0);
    } finally {
      cleanup();
    }
  });
});
