import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConvertReport } from '../../../src/agents/converter/convert-types.js';
import { watchAgents } from '../../../src/agents/converter/watch-agents.js';
import { makeTempDir } from '../../../test-support/cli-harness.js';
import { convertIn, writeAgent } from './converter-test-support.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('codex-flow-watch-');
});
afterEach(() => temp.cleanup());

function waitFor<T>(list: T[], predicate: (item: T) => boolean, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const found = list.find(predicate);
      if (found) resolve(found);
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out after ${timeoutMs} ms; saw ${list.length} conversions`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

describe('convert --watch', () => {
  it('republishes when a source file changes or is added', async () => {
    const root = temp.dir;
    writeAgent(root, 'core/alpha.md', '---\nname: alpha\ndescription: First version.\n---\n');
    await convertIn(root);
    const reports: ConvertReport[] = [];
    const errors: unknown[] = [];
    let now = Date.parse('2026-03-01T00:00:00.000Z');
    const handle = watchAgents({ root, inDirs: ['src-agents'], outDir: 'out', debounceMs: 50, clock: { now: () => now }, onConvert: (report) => reports.push(report), onError: (error) => errors.push(error) });
    try {
      now += 1000;
      writeFileSync(path.join(root, 'src-agents', 'core', 'alpha.md'), '---\nname: alpha\ndescription: Second version.\n---\n');
      await waitFor(reports, (report) => report.changed, 10_000);
      await handle.idle();
      const index = JSON.parse(readFileSync(path.join(root, 'out', 'index.json'), 'utf8')) as { generatedAt: string; agents: { id: string; description: string }[] };
      expect(index.agents).toEqual([expect.objectContaining({ id: 'alpha', description: 'Second version.' })]);
      expect(index.generatedAt).toBe('2026-03-01T00:00:01.000Z');

      writeAgent(root, 'core/beta.md', '---\nname: beta\ndescription: Added later.\n---\n');
      await waitFor(reports, (report) => report.converted.some((agent) => agent.id === 'beta') && report.changed, 10_000);
      await handle.idle();
      const after = JSON.parse(readFileSync(path.join(root, 'out', 'index.json'), 'utf8')) as { agents: { id: string }[] };
      expect(after.agents.map((agent) => agent.id)).toEqual(['alpha', 'beta']);
      expect(errors).toEqual([]);
    } finally {
      handle.close();
    }
  }, 30_000);

  it('does not react to its own output inside the watched folder', async () => {
    const root = temp.dir;
    writeAgent(root, 'alpha.md', '---\nname: alpha\ndescription: One.\n---\n');
    const reports: ConvertReport[] = [];
    const handle = watchAgents({ root, inDirs: ['src-agents'], outDir: 'src-agents/bundle', debounceMs: 30, clock: { now: () => 0 }, onConvert: (report) => reports.push(report), onError: () => undefined });
    try {
      writeFileSync(path.join(root, 'src-agents', 'alpha.md'), '---\nname: alpha\ndescription: Two.\n---\n');
      await waitFor(reports, (report) => report.changed, 10_000);
      await handle.idle();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await handle.idle();
      expect(reports.length).toBe(1);
    } finally {
      handle.close();
    }
  }, 30_000);
});
