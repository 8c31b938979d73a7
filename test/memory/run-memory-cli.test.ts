import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonLines } from '../../src/util/jsonl-file.js';
import type { MemoryRecord } from '../../src/memory/memory-record.js';
import { makeTempDir, runCliCaptured } from '../../test-support/cli-harness.js';
import { writeBundle } from '../agents/bundle-fixture.js';

const OPENAI_KEY = 'sk-proj-AbCdEf0123456789GhIjKlMnOpQr';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function project(): string {
  const temp = makeTempDir('codex-flow-run-memory-');
  cleanups.push(temp.cleanup);
  writeBundle(path.join(temp.dir, 'codex', 'agents'), [{ id: 'architect' }]);
  writeFileSync(path.join(temp.dir, 'tasks.json'), JSON.stringify({ architect: [`Deploy the cache with OPENAI_API_KEY=${OPENAI_KEY} and ${AWS_KEY}`, 'Design the queue'] }));
  return temp.dir;
}

describe('codex-flow run: memory and metrics', () => {
  it('writes one redacted memory record per task and recomputes data/metrics/agents.json; --no-memory writes none', async () => {
    const root = project();
    const first = await runCliCaptured(['run', '-f', 'tasks.json'], { root });
    expect(first.code, first.stderr).toBe(0);
    const file = path.join(root, 'data', 'memory', 'architect.jsonl');
    const { records } = readJsonLines<MemoryRecord>(file);
    expect(records.map((r) => r.ok)).toEqual([true, true]);
    expect(records.every((r) => r.alias === 'architect' && r.agentId === 'architect' && typeof r.output === 'string')).toBe(true);
    // The offline provider echoes the task's words lower-cased: compare case-insensitively.
    const stored = readFileSync(file, 'utf8').toLowerCase();
    expect(stored).toContain('[redacted]');
    for (const secret of [OPENAI_KEY, AWS_KEY]) expect(stored).not.toContain(secret.toLowerCase());
    const metrics = JSON.parse(readFileSync(path.join(root, 'data', 'metrics', 'agents.json'), 'utf8')) as { agents: Array<{ agentId: string; tasks: number; ok: number }> };
    expect(metrics.agents).toMatchObject([{ agentId: 'architect', tasks: 2, ok: 2 }]);

    const second = await runCliCaptured(['run', '-f', 'tasks.json', '--no-memory'], { root });
    expect(second.code, second.stderr).toBe(0);
    expect(readJsonLines(file).records).toHaveLength(2);
    const after = await runCliCaptured(['metrics', '--json'], { root });
    expect(JSON.parse(after.stdout).agents[0]).toMatchObject({ agentId: 'architect', tasks: 4 }); // recomputed after the second run too
  });

  it('MEM_REDIS_URL pointing at a dead Redis is a clear error before any task runs, not a silent switch to files', async () => {
    const root = project();
    const result = await runCliCaptured(['run', '-f', 'tasks.json'], { root, env: { MEM_REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Redis memory backend at redis:\/\/127\.0\.0\.1:1 is unavailable: connect ECONNREFUSED.*\[E_MEMORY_BACKEND\]/);
    expect(existsSync(path.join(root, 'data', 'memory'))).toBe(false);
    expect(existsSync(path.join(root, '.runs'))).toBe(false);
  });
});
