import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReloadingRegistry } from '../../src/agents/reloading-registry.js';
import { loadRegistry } from '../../src/agents/registry.js';
import { createReloadingRouter } from '../../src/routing/reloading-router.js';
import { createRouter } from '../../src/routing/router.js';
import { defaultRoutingOptions } from '../../src/routing/routing-options.js';
import { readBriefs } from '../../src/routing/read-briefs.js';
import { makeTempDir, runCliCaptured, SHARED_DIR } from '../../test-support/cli-harness.js';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '..', '..');
const COMPAT_ROOT = path.join(SHARED_DIR, 'compat', 'codex-flow-v0');
const TASKS = [
  { text: 'review the payment service code for quality issues' },
  { text: 'set up a github actions pipeline for deployment', files: ['.github/workflows/ci.yml'] },
  { text: 'train a neural network to classify support tickets' },
  { text: 'design the system architecture for a scalable chat backend', files: ['src/server.ts', 'docs/architecture/overview.md'] },
  { text: 'what is a good recipe for banana bread' },
  { text: 'Straße ＡＰＩ café k8s tf pg' },
];

describe('determinism', () => {
  const temp = makeTempDir('router-determinism-');
  const batchFile = path.join(temp.dir, 'tasks.jsonl');
  beforeAll(() => writeFileSync(batchFile, `${TASKS.map((t) => JSON.stringify(t)).join('\n')}\n`));
  afterAll(() => temp.cleanup());

  const routeAll = (): string => {
    const registry = loadRegistry({ root: COMPAT_ROOT, dir: 'codex/agents', config: {} });
    const router = createRouter({ ...registry.routingInput(), briefs: readBriefs(registry) }, defaultRoutingOptions());
    return TASKS.map((t) => JSON.stringify(router.route(t, { top: 5 }))).join('\n');
  };

  it('gives byte-identical results across compiles of the same bundle, including explanations', () => {
    const first = routeAll();
    expect(first).toContain('"id"');
    expect(routeAll()).toBe(first);
  });

  it('does not depend on the order agents are given in', () => {
    const registry = loadRegistry({ root: COMPAT_ROOT, dir: 'codex/agents', config: {} });
    const input = registry.routingInput();
    const a = createRouter(input, defaultRoutingOptions());
    const b = createRouter({ ...input, agents: [...input.agents].reverse() }, defaultRoutingOptions());
    for (const task of TASKS) expect(JSON.stringify(b.route(task))).toBe(JSON.stringify(a.route(task)));
  });

  it('gives byte-identical batch output across separate processes', async () => {
    const args = ['--import', 'tsx', '-e', `import('${path.join(REPO, 'src/cli/main.ts')}').then(async (m) => { process.exitCode = await m.main(['node', 'codex-flow', ...process.argv.slice(1)]); })`, '--', 'route', '--batch', batchFile, '--dir', path.join(COMPAT_ROOT, 'codex/agents'), '--json'];
    const options = { cwd: REPO, maxBuffer: 16 * 1024 * 1024 };
    const [one, two] = [await run(process.execPath, args, options), await run(process.execPath, args, options)];
    expect(one.stdout.trim().split('\n')).toHaveLength(TASKS.length);
    expect(two.stdout).toBe(one.stdout);
    const inProcess = await runCliCaptured(['route', '--batch', batchFile, '--dir', path.join(COMPAT_ROOT, 'codex/agents'), '--json'], { root: temp.dir });
    expect(inProcess.stdout).toBe(one.stdout);
  }, 60_000);

  it('gives byte-identical results before and after a reload that recompiles the same agents', () => {
    // A copy whose index.json gets a new generatedAt: the registry reloads and the router really recompiles.
    const root = path.join(temp.dir, 'reload');
    cpSync(path.join(COMPAT_ROOT, 'codex/agents'), path.join(root, 'agents'), { recursive: true });
    const registry = createReloadingRegistry({ root, dir: 'agents', config: {} });
    const router = createReloadingRouter(registry, defaultRoutingOptions());
    const compiled = router.current();
    const before = TASKS.map((t) => JSON.stringify(router.route(t))).join('\n');
    const indexPath = path.join(root, 'agents', 'index.json');
    const index = JSON.parse(readFileSync(indexPath, 'utf8')) as { generatedAt: string };
    writeFileSync(indexPath, JSON.stringify({ ...index, generatedAt: '2030-01-01T00:00:00.000Z' }, null, 2));
    expect(router.reloadIfChanged().status).toBe('reloaded');
    expect(router.current()).not.toBe(compiled);
    expect(TASKS.map((t) => JSON.stringify(router.route(t))).join('\n')).toBe(before);
  });
});
