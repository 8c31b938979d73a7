/**
 * Converter and bundle-load timings on every corpus of ../shared/corpora
 * converted together (≈460 agents).
 *
 * - convert (publish): full conversion into a fresh bundle folder, written atomically.
 * - convert (unchanged): re-run on an up-to-date bundle (compare only, writes nothing).
 * - baseline, same process: read every source file and YAML-parse its front-matter,
 *   the least any converter must do; reported as a ratio.
 * - load cold: a fresh child process loads the bundle (loadRegistry + every
 *   definition parsed and validated); timed inside the child, module import excluded.
 * - load warm: the same in this process after warm-up; plus a naive eager loader
 *   (index.json + yaml.parse + withDefaults per file) as the baseline.
 *
 * Targets: convert < 1 s, load < 100 ms.
 * Run: npx tsx bench/convert.ts [rounds]   (npm run bench:convert)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';
import { agentFilePath, type IndexFile } from '../src/agents/bundle-format.js';
import { convertAgents } from '../src/agents/converter/convert-agents.js';
import { readEmittedYaml } from '../src/agents/converter/read-emitted-yaml.js';
import { splitFrontMatter } from '../src/agents/converter/split-front-matter.js';
import { loadRegistry } from '../src/agents/registry.js';
import { withDefaults } from '../src/agents/schema.js';

const CORPORA = path.resolve(import.meta.dirname, '../../shared/corpora');

/** Loads the bundle; returns [ms for loadRegistry (index, triggers, file bytes; lazy parse), ms for parsing every definition]. */
function loadOnce(dir: string): [number, number] {
  const start = performance.now();
  const registry = loadRegistry({ root: path.dirname(dir), dir, config: { aliases: {} } });
  const loaded = performance.now();
  registry.definitions();
  return [loaded - start, performance.now() - loaded];
}

if (process.argv[2] === '--child-load') {
  const cpu = process.cpuUsage();
  const [lazy, parse] = loadOnce(process.argv[3] ?? '');
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ lazy, parse, cpu: (used.user + used.system) / 1000 }));
  process.exit(0);
}

const rounds = Number(process.argv[2] ?? 5);
const corpusDirs = readdirSync(CORPORA, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => path.join(CORPORA, entry.name))
  .sort();
const root = mkdtempSync(path.join(tmpdir(), 'codex-flow-bench-convert-'));

interface Stats {
  name: string;
  p50: number;
  p99: number;
  min: number;
  runs: number;
}

function stats(name: string, times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { name, p50: at(0.5), p99: at(0.99), min: sorted[0] ?? 0, runs: times.length };
}

/** CPU milliseconds used by this process during each timed call (the machine may be shared: wall time includes waiting). */
const cpuTimes = new Map<string, number[]>();

async function timeAsync(fn: () => Promise<unknown>, label?: string): Promise<number> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  if (label) {
    const used = process.cpuUsage(cpu);
    cpuTimes.set(label, [...(cpuTimes.get(label) ?? []), (used.user + used.system) / 1000]);
  }
  return wall;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(dir, name));
}

function baselineParse(files: readonly string[]): number {
  let parsed = 0;
  for (const file of files) {
    const split = splitFrontMatter(readFileSync(file, 'utf8'));
    if (split.kind !== 'found') continue;
    try {
      parseYaml(split.yaml);
      parsed += 1;
    } catch {
      // the baseline ignores what it cannot parse
    }
  }
  return parsed;
}

/** Same as the naive loader, but reading converter output with the fast subset reader first. */
function subsetEagerLoad(dir: string): number {
  const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as IndexFile;
  for (const entry of index.agents) {
    const text = readFileSync(path.join(dir, agentFilePath(entry)), 'utf8');
    withDefaults(readEmittedYaml(text) ?? parseYaml(text));
  }
  return index.agents.length;
}

function naiveEagerLoad(dir: string): number {
  const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as IndexFile;
  for (const entry of index.agents) withDefaults(parseYaml(readFileSync(path.join(dir, agentFilePath(entry)), 'utf8')));
  return index.agents.length;
}

try {
  const files = corpusDirs.flatMap(markdownFiles);
  const clock = { now: () => Date.parse('2026-01-01T00:00:00.000Z') };
  // Warm-up (module JIT), not counted.
  const warm = await convertAgents({ root, inDirs: corpusDirs, outDir: 'warmup', clock });

  const publish: number[] = [];
  const unchanged: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    baseline.push(time(() => baselineParse(files)));
    publish.push(await timeAsync(() => convertAgents({ root, inDirs: corpusDirs, outDir: `bundle-${round}`, clock }), 'publish'));
    unchanged.push(await timeAsync(() => convertAgents({ root, inDirs: corpusDirs, outDir: 'warmup', clock }), 'unchanged'));
  }

  const bundle = path.join(root, 'warmup');
  const coldLazy: number[] = [];
  const coldParse: number[] = [];
  const coldCpu: number[] = [];
  for (let round = 0; round < Math.min(rounds, 3); round += 1) {
    const output = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child-load', bundle], { encoding: 'utf8' });
    const child = JSON.parse(output) as { lazy: number; parse: number; cpu: number };
    coldLazy.push(child.lazy);
    coldParse.push(child.lazy + child.parse);
    coldCpu.push(child.cpu);
  }
  for (let round = 0; round < 3; round += 1) loadOnce(bundle);
  const warmLazy: number[] = [];
  const warmFull: number[] = [];
  const naive: number[] = [];
  const subset: number[] = [];
  for (let round = 0; round < rounds * 2; round += 1) {
    subset.push(time(() => subsetEagerLoad(bundle)));
    const [lazy, parse] = loadOnce(bundle);
    warmLazy.push(lazy);
    warmFull.push(lazy + parse);
    naive.push(time(() => naiveEagerLoad(bundle)));
  }

  const rows = [
    stats('baseline: read + parse front-matter', baseline),
    stats('convert (publish, fresh folder)', publish),
    stats('convert (unchanged, compare only)', unchanged),
    stats('load cold, lazy (fresh process: index + triggers + file bytes)', coldLazy),
    stats('load cold + parse every YAML (fresh process)', coldParse),
    stats('load warm, lazy', warmLazy),
    stats('load warm + parse every YAML', warmFull),
    stats('baseline: naive eager load (yaml.parse + withDefaults)', naive),
    stats('eager load with readEmittedYaml (subset reader) + withDefaults', subset),
    stats('cpu time: convert (publish)', cpuTimes.get('publish') ?? []),
    stats('cpu time: convert (unchanged)', cpuTimes.get('unchanged') ?? []),
    stats('cpu time: cold load + parse (child)', coldCpu),
  ];
  const p50 = (name: string): number => rows.find((row) => row.name === name)?.p50 ?? Number.NaN;
  console.log(`corpora: ${corpusDirs.map((dir) => path.basename(dir)).join(', ')}`);
  console.log(`inputs: ${files.length} .md files → ${warm.converted.length} agents (${warm.skipped.length} skipped, ${warm.errors.length} errors, ${warm.duplicates.length} duplicate ids)`);
  console.log('');
  console.log('| measure | runs | p50 ms | p99 ms | min ms |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.name} | ${row.runs} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.min.toFixed(1)} |`);
  console.log('');
  const convertP50 = p50('convert (publish, fresh folder)');
  const verdict = (ms: number, target: number): string => `${ms.toFixed(0)} ms ${ms < target ? 'OK' : 'OVER'} (target ${target} ms)`;
  console.log(`convert (publish) p50 wall ${verdict(convertP50, 1000)}; cpu ${p50('cpu time: convert (publish)').toFixed(0)} ms; ${(convertP50 / p50('baseline: read + parse front-matter')).toFixed(1)}× the parse-only baseline`);
  console.log(`load cold lazy ${verdict(p50('load cold, lazy (fresh process: index + triggers + file bytes)'), 100)}; warm lazy ${verdict(p50('load warm, lazy'), 100)}`);
  console.log(`load + parse every YAML: cold ${verdict(p50('load cold + parse every YAML (fresh process)'), 100)}; warm ${verdict(p50('load warm + parse every YAML'), 100)}; warm = ${(p50('load warm + parse every YAML') / p50('baseline: naive eager load (yaml.parse + withDefaults)')).toFixed(2)}× the naive eager loader`);
  console.log(`eager load with the subset reader: warm ${verdict(p50('eager load with readEmittedYaml (subset reader) + withDefaults'), 100)}; ${(p50('baseline: naive eager load (yaml.parse + withDefaults)') / p50('eager load with readEmittedYaml (subset reader) + withDefaults')).toFixed(1)}× faster than yaml.parse`);
  console.log(`load average during the run: ${loadavg().map((value) => value.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs (wall times include waiting for a CPU)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
