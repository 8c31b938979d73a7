import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendJsonLines, readJsonLines } from '../../src/util/jsonl-file.js';
import { makeTempDir } from '../../test-support/cli-harness.js';

const WORKER = path.join(import.meta.dirname, 'fixtures', 'append-worker.ts');
const REPO = path.resolve(import.meta.dirname, '..', '..');

function startWorker(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('JSONL files under concurrent writer processes', () => {
  it('8 processes appending to the same memory and event files at once: every line parses, none lost', async () => {
    const temp = makeTempDir('codex-flow-concurrent-');
    try {
      const workers = 8;
      const perWorker = 250;
      const results = await Promise.all(
        Array.from({ length: workers }, (_, worker) => exited(startWorker([temp.dir, String(worker), String(perWorker), String(workers)]))),
      );
      for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
      // The writers really overlapped in time (they start behind a barrier): the last one started before the first one finished.
      const spans = results.map((result) => JSON.parse(result.stdout) as { firstWrite: number; lastWrite: number });
      expect(Math.max(...spans.map((s) => s.firstWrite))).toBeLessThan(Math.min(...spans.map((s) => s.lastWrite)));

      const memoryLines = ['shared-a', 'shared-b'].flatMap((alias) => readFileSync(path.join(temp.dir, 'data', 'memory', `${alias}.jsonl`), 'utf8').split('\n').filter(Boolean));
      const eventLines = readFileSync(path.join(temp.dir, 'data', 'logs', 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
      // Every line parses (JSON.parse throws otherwise).
      const memory = memoryLines.map((line) => JSON.parse(line) as { taskId: string; output: string });
      const events = eventLines.map((line) => JSON.parse(line) as { kind: string; worker: string; seq: number });
      // None lost, none duplicated.
      expect(memory.length).toBe(workers * perWorker);
      expect(new Set(memory.map((r) => r.taskId)).size).toBe(workers * perWorker);
      expect(events.length).toBe(workers * perWorker * 2);
      // A batch stays together: each chunk line is directly followed by its task_complete.
      for (let index = 0; index < events.length; index += 2) {
        expect(events[index]).toMatchObject({ kind: 'chunk' });
        expect(events[index + 1]).toMatchObject({ kind: 'task_complete', worker: events[index]!.worker, seq: events[index]!.seq });
      }
      // The big (15 KB) records arrived whole.
      expect(memory.filter((r) => r.output.length === 15_000).length).toBe(workers * Math.ceil(perWorker / 7));
    } finally {
      temp.cleanup();
    }
  }, 60_000);

  it('a writer killed with SIGKILL mid-write leaves earlier records intact and the file readable and appendable', async () => {
    const temp = makeTempDir('codex-flow-crash-');
    try {
      const file = path.join(temp.dir, 'crash.jsonl');
      const child = startWorker([temp.dir, 'crasher', 'forever', String(512 * 1024)]);
      const done = exited(child);
      // Let it write a good number of 512 KB records, then kill it while it is writing.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (!existsSync(file) || readFileSync(file).length < 40 * 512 * 1024)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');

      const { records, badLines } = readJsonLines<{ worker: string; seq: number }>(file);
      expect(records.length).toBeGreaterThanOrEqual(40);
      expect(badLines).toBeLessThanOrEqual(1); // at most the line being written when the kill landed
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: records.length }, (_, i) => i)); // no gap, no damage

      // The next writer is not swallowed by a torn tail.
      appendJsonLines(file, [{ worker: 'after', seq: -1 }]);
      const after = readJsonLines<{ worker: string; seq: number }>(file);
      expect(after.records.length).toBe(records.length + 1);
      expect(after.records.at(-1)).toEqual({ worker: 'after', seq: -1 });
    } finally {
      temp.cleanup();
    }
  }, 60_000);

  it('a torn last line (simulated crash) is skipped and the next append starts on a fresh line', () => {
    const temp = makeTempDir('codex-flow-torn-');
    try {
      const file = path.join(temp.dir, 'torn.jsonl');
      appendJsonLines(file, [{ n: 1 }, { n: 2 }]);
      appendFileSync(file, '{"n": 3, "cut');
      expect(readJsonLines(file)).toEqual({ records: [{ n: 1 }, { n: 2 }], badLines: 1 });
      appendJsonLines(file, [{ n: 4 }]);
      expect(readJsonLines(file)).toEqual({ records: [{ n: 1 }, { n: 2 }, { n: 4 }], badLines: 1 });
    } finally {
      temp.cleanup();
    }
  });
});
