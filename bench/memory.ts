/**
 * bench/memory — run with `npm run bench:memory` (npx tsx bench/memory.ts).
 *
 * Append and read-window throughput of the memory backends, each next to a
 * baseline measured in the same process, alternating, 3 rounds (medians):
 * - file append: FileMemoryStore.append (ids checked, redaction, size check)
 *   vs a bare appendJsonLines of the same record;
 * - file window(20) over a 1,000-record file: the backwards tail read vs
 *   reading the whole file with readJsonLines and slicing;
 * - Redis append: RedisMemoryStore.append (MULTI LPUSH+LTRIM+PEXPIRE, redaction)
 *   vs a bare LPUSH of the same JSON; Redis window(20) vs a bare LRANGE.
 * Per-op p50/p99 latency, ops/s and ratios. Redis runs only if 127.0.0.1:6379 answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { FileMemoryStore, memoryFile } from '../src/memory/file-memory-store.js';
import { policyResolver } from '../src/memory/memory-policy.js';
import { completionRecord, type MemoryRecord } from '../src/memory/memory-record.js';
import { RedisMemoryStore } from '../src/memory/redis-memory-store.js';
import { appendJsonLines, readJsonLines } from '../src/util/jsonl-file.js';
import { probeRedis, TEST_REDIS_URL } from '../test-support/redis-probe.js';

const ROUNDS = 3;
const APPENDS = 1_000;
const WINDOWS = 500;
const clock = { now: () => Date.now() };
const policyFor = policyResolver(() => undefined);

interface Stats {
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
}

async function measure(ops: number, op: (i: number) => unknown): Promise<Stats> {
  const latencies = new Float64Array(ops);
  const started = performance.now();
  for (let i = 0; i < ops; i += 1) {
    const t = performance.now();
    await op(i);
    latencies[i] = performance.now() - t;
  }
  const total = performance.now() - started;
  latencies.sort();
  return { opsPerSec: ops / (total / 1000), p50Us: latencies[Math.floor(ops * 0.5)]! * 1000, p99Us: latencies[Math.min(ops - 1, Math.floor(ops * 0.99))]! * 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function summarize(samples: Stats[]): Stats {
  return { opsPerSec: median(samples.map((s) => s.opsPerSec)), p50Us: median(samples.map((s) => s.p50Us)), p99Us: median(samples.map((s) => s.p99Us)) };
}

const rows: string[][] = [];
function report(name: string, subject: Stats, baselineName: string, baseline: Stats): void {
  rows.push([
    name,
    subject.opsPerSec.toFixed(0),
    subject.p50Us.toFixed(1),
    subject.p99Us.toFixed(1),
    baselineName,
    baseline.opsPerSec.toFixed(0),
    baseline.p50Us.toFixed(1),
    baseline.p99Us.toFixed(1),
    (baseline.opsPerSec / subject.opsPerSec).toFixed(2),
  ]);
}

function sampleRecord(i: number, alias: string): MemoryRecord {
  return completionRecord(
    { alias, agentId: 'bench-agent', taskId: `t-${i}`, task: `Review module ${i} for regressions and summarise the findings`, ok: true, output: 'o'.repeat(400 + (i % 200)), ms: 100 + (i % 50), tokensIn: 120, tokensOut: 80 },
    clock,
  );
}

async function benchFile(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'codex-flow-bench-memory-'));
  try {
    const store = new FileMemoryStore({ root, clock, policyFor, maxFileBytes: 1024 * 1024 * 1024 });
    const appendSamples: Stats[] = [];
    const rawSamples: Stats[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      appendSamples.push(await measure(APPENDS, (i) => store.append(sampleRecord(i, `append-${round}`))));
      const rawFile = path.join(root, `raw-${round}.jsonl`);
      rawSamples.push(await measure(APPENDS, (i) => appendJsonLines(rawFile, [sampleRecord(i, 'raw')])));
    }
    report('file append (FileMemoryStore)', summarize(appendSamples), 'bare appendJsonLines', summarize(rawSamples));

    const windowAlias = 'append-0'; // 2,000 records
    const file = memoryFile(root, windowAlias);
    const tailSamples: Stats[] = [];
    const fullSamples: Stats[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      tailSamples.push(await measure(WINDOWS, () => store.window(windowAlias, 20)));
      fullSamples.push(await measure(WINDOWS / 25, () => readJsonLines(file).records.slice(-20)));
    }
    report(`file window(20) of ${APPENDS} (tail read)`, summarize(tailSamples), 'readJsonLines whole file', summarize(fullSamples));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchRedis(): Promise<void> {
  if (!(await probeRedis())) {
    console.log('Redis not reachable at 127.0.0.1:6379: Redis rows skipped.');
    return;
  }
  const prefix = `cf-bench-${process.pid}:`;
  const settings = { url: TEST_REDIS_URL, prefix, maxWindow: 100 };
  const client = new Redis(TEST_REDIS_URL);
  const store = new RedisMemoryStore({ client, settings, clock, policyFor });
  try {
    const appendSamples: Stats[] = [];
    const rawSamples: Stats[] = [];
    const windowSamples: Stats[] = [];
    const rangeSamples: Stats[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      appendSamples.push(await measure(APPENDS, (i) => store.append(sampleRecord(i, 'redis-bench'))));
      rawSamples.push(await measure(APPENDS, (i) => client.lpush(`${prefix}raw`, JSON.stringify(sampleRecord(i, 'raw')))));
      windowSamples.push(await measure(WINDOWS, () => store.window('redis-bench', 20)));
      rangeSamples.push(await measure(WINDOWS, () => client.lrange(`${prefix}raw`, 0, 19)));
    }
    report('redis append (RedisMemoryStore)', summarize(appendSamples), 'bare LPUSH', summarize(rawSamples));
    report('redis window(20)', summarize(windowSamples), 'bare LRANGE 0 19', summarize(rangeSamples));
  } finally {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
  }
}

await benchFile();
await benchRedis();
const header = ['subject', 'ops/s', 'p50 µs', 'p99 µs', 'baseline', 'ops/s', 'p50 µs', 'p99 µs', 'time ratio (subject/baseline)'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
console.log(`memory bench: ${ROUNDS} rounds (medians), ${APPENDS} appends, ${WINDOWS} window reads per round; node ${process.version}`);
for (const row of [header, ...rows]) console.log(row.map((cell, column) => (column === 0 || column === 4 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
