/**
 * Registry load time on the original Codex Flow bundle (66 entries).
 * Baseline, in the same process: a naive eager loader (read index.json, then
 * read + YAML-parse + schema-validate every agent file). Measured: loadRegistry
 * alone (index, triggers, scan, file bytes; no parsing), loadRegistry +
 * definitions() (everything parsed), and a warm get() from a loaded registry.
 * Run: npx tsx bench/registry-load.ts [bundleDir] [rounds]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';
import { agentFilePath, type IndexFile } from '../src/agents/bundle-format.js';
import { loadRegistry } from '../src/agents/registry.js';
import { withDefaults } from '../src/agents/schema.js';

const dir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../../shared/compat/codex-flow-v0/codex/agents'));
const rounds = Number(process.argv[3] ?? 40);

function naiveEager(): number {
  const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as IndexFile;
  let count = 0;
  for (const entry of index.agents) {
    withDefaults(parseYaml(readFileSync(path.join(dir, agentFilePath(entry)), 'utf8')));
    count += 1;
  }
  return count;
}

function measure(name: string, fn: () => unknown): { name: string; p50: number; p99: number; first: number } {
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  const first = times[0] ?? 0;
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { name, p50: at(0.5), p99: at(0.99), first };
}

const config = { aliases: {} };
const warm = loadRegistry({ root: dir, dir, config });
warm.definitions();
const results = [
  measure('baseline: naive eager parse of every file', naiveEager),
  measure('loadRegistry (lazy: no YAML parsed)', () => loadRegistry({ root: dir, dir, config })),
  measure('loadRegistry + definitions() (all parsed)', () => loadRegistry({ root: dir, dir, config }).definitions()),
  measure('warm get() of every id on a loaded registry', () => warm.ids().forEach((id) => warm.get(id))),
];
const baseline = results[0]!;
console.log(`bundle: ${dir} (${warm.indexCount} entries), ${rounds} rounds each`);
for (const r of results) {
  console.log(`${r.name.padEnd(48)} first ${r.first.toFixed(2)} ms  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  ratio p50 vs baseline ${(r.p50 / baseline.p50).toFixed(3)}`);
}
