import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertAgents } from '../../../src/agents/converter/convert-agents.js';
import { validateTarget } from '../../../src/agents/validate-bundle.js';
import { loadConfig } from '../../../src/config/load-config.js';

const REPO = path.resolve(import.meta.dirname, '../../..');

describe('the committed example fleet', () => {
  it('examples/codex/agents is up to date with examples/.claude/agents (convert --check is clean)', async () => {
    const { config } = loadConfig(REPO);
    expect(config.source).toBe('examples/.claude/agents');
    expect(config.bundle).toBe('examples/codex/agents');
    const report = await convertAgents({ root: REPO, inDirs: [config.source], outDir: config.bundle, check: true });
    expect(report.errors).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.converted).toHaveLength(10);
    expect(report.changed, 'run `npm run convert` and commit examples/codex/agents').toBe(false);
    expect(validateTarget(config.bundle, REPO).problems).toEqual([]);
  });

  it('every alias of the example config and of examples/tasks.json points at a converted agent', () => {
    const { config } = loadConfig(REPO);
    const index = JSON.parse(readFileSync(path.join(REPO, config.bundle, 'index.json'), 'utf8')) as { agents: { id: string }[] };
    const ids = new Set(index.agents.map((agent) => agent.id));
    expect(config.aliases.reviewer?.id).toBe('code-reviewer');
    expect(config.aliases.reviewer2?.id).toBe('code-reviewer');
    expect(config.aliases.architect?.id).toBe('architect');
    for (const [alias, target] of Object.entries(config.aliases)) expect(ids.has(target.id), alias).toBe(true);
    const tasks = JSON.parse(readFileSync(path.join(REPO, 'examples', 'tasks.json'), 'utf8')) as Record<string, string[]>;
    for (const alias of Object.keys(tasks)) expect(config.aliases[alias] ?? ids.has(alias), alias).toBeTruthy();
  });
});
