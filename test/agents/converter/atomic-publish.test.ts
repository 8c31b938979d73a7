import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convertAgents } from '../../../src/agents/converter/convert-agents.js';
import { makeTempDir } from '../../../test-support/cli-harness.js';
import { writeAgent } from './converter-test-support.js';

/**
 * A reader in another process polls the bundle while we publish many
 * versions. Each version has a distinct `generatedAt` and every agent's
 * description carries the version number. Whenever the reader sees the same
 * index.json before and after reading all agent files (no swap in between),
 * every listed file must exist and carry that same version: a half-written
 * or mixed bundle would break this.
 */
const READER = `
import { readFileSync } from 'node:fs';
import path from 'node:path';
const [dir, stopFile] = process.argv.slice(2);
const result = { consistent: 0, inconsistent: 0, absent: 0, swapped: 0, problems: [] };
const read = (file) => readFileSync(path.join(dir, file), 'utf8');
const stopAt = Date.now() + 20000;
while (Date.now() < stopAt) {
  try { readFileSync(stopFile); break; } catch {}
  let before;
  try { before = read('index.json'); } catch { result.absent += 1; continue; }
  const index = JSON.parse(before);
  const version = index.generatedAt;
  const seen = [];
  let missing = [];
  for (const entry of index.agents) {
    const rel = [entry.domain, entry.subdomain, entry.id + '.codex.yaml'].filter(Boolean).join('/');
    try { seen.push([rel, read(rel)]); } catch { missing.push(rel); }
    try { read(rel.replace(/\\.codex\\.yaml$/, '.md')); } catch { missing.push(rel + ' (brief)'); }
  }
  let after;
  try { after = read('index.json'); } catch { result.swapped += 1; continue; }
  if (after !== before) { result.swapped += 1; continue; }
  const marker = 'version-' + Date.parse(version);
  const wrong = seen.filter(([, text]) => !text.includes(marker)).map(([rel]) => rel);
  if (missing.length === 0 && wrong.length === 0 && seen.length === index.agents.length) result.consistent += 1;
  else { result.inconsistent += 1; if (result.problems.length < 5) result.problems.push({ version, missing, wrong }); }
}
process.stdout.write(JSON.stringify(result));
`;

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('codex-flow-atomic-');
});
afterEach(() => temp.cleanup());

function writeFleet(root: string, version: number): void {
  for (let index = 0; index < 12; index += 1) {
    writeAgent(root, `team-${index % 3}/agent-${index}.md`, `---\nname: agent-${index}\ndescription: Agent ${index} at version-${version}.\n---\nBrief of agent ${index}, version-${version}.\n`);
  }
}

describe('atomic publish', () => {
  it('a concurrent reader never sees index.json without its agent files or a mix of versions', async () => {
    const root = temp.dir;
    const out = path.join(root, 'out');
    let version = 1_000_000;
    writeFleet(root, version);
    await convertAgents({ root, inDirs: ['src-agents'], outDir: 'out', clock: { now: () => version } });

    const readerFile = path.join(root, 'reader.mjs');
    const stopFile = path.join(root, 'stop');
    writeFileSync(readerFile, READER);
    const child = spawn(process.execPath, [readerFile, out, stopFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    let published = 0;
    const until = Date.now() + 2500;
    while (Date.now() < until || published < 10) {
      version += 1_000;
      writeFleet(root, version);
      const report = await convertAgents({ root, inDirs: ['src-agents'], outDir: 'out', clock: { now: () => version } });
      if (report.changed) published += 1;
    }
    writeFileSync(stopFile, 'stop');
    expect(await exited).toBe(0);
    const result = JSON.parse(output) as { consistent: number; inconsistent: number; problems: unknown[] };
    expect(result.problems).toEqual([]);
    expect(result.inconsistent).toBe(0);
    expect(result.consistent).toBeGreaterThan(0);
    expect(published).toBeGreaterThanOrEqual(10);
  }, 60_000);
});
