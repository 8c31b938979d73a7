import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/agents/registry.js';
import { routerCacheFor } from '../../src/cli/router-cache-dir.js';
import { readBriefs } from '../../src/routing/read-briefs.js';
import { createRegistryRouter, routerCacheKey } from '../../src/routing/registry-router.js';
import { fileRouterCache, type RouterCache } from '../../src/routing/router-cache.js';
import { codeFingerprint } from '../../src/routing/code-fingerprint.js';
import { compileRouterBlueprint, createRouter, routerFromBlueprint, type Router, type RouterBlueprint } from '../../src/routing/router.js';
import { decodeRouterSnapshot, encodeRouterSnapshot, RouterSnapshotError } from '../../src/routing/router-snapshot.js';
import { defaultRoutingOptions } from '../../src/routing/routing-options.js';
import { makeTempDir, runCliCaptured, SHARED_DIR } from '../../test-support/cli-harness.js';
import { agent, emptyTriggers } from './routing-fixture.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const EVAL_TEXTS = readFileSync(path.join(REPO, 'bench', 'router-eval', 'requests.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text);
const TASKS = [
  ...EVAL_TEXTS.map((text) => ({ text })),
  { text: 'set up a github actions pipeline for deployment', files: ['.github/workflows/ci.yml', 'infra/main.tf'] },
  { text: 'Straße ＡＰＩ café k8s tf pg', files: ['src/app.py'] },
];

const temp = makeTempDir('router-cache-');
afterAll(() => temp.cleanup());
const bundle = path.join(temp.dir, 'bundle');
cpSync(path.join(SHARED_DIR, 'compat', 'codex-flow-v0', 'codex', 'agents'), bundle, { recursive: true });
const load = () => loadRegistry({ root: temp.dir, dir: bundle, config: {} });
const routeAll = (router: Router): string => TASKS.map((task) => JSON.stringify(router.route(task, { top: 5 }))).join('\n');
/** A cache that records what it was asked, over a real folder. */
function spiedCache(dir: string): RouterCache & { loads: number; stores: number } {
  const inner = fileRouterCache(dir);
  const spy = {
    loads: 0,
    stores: 0,
    load: (key: string) => {
      spy.loads += 1;
      return inner.load(key);
    },
    store: (key: string, bytes: Uint8Array) => {
      spy.stores += 1;
      inner.store(key, bytes);
    },
  };
  return spy;
}
const snapshotFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.router')) : []);

describe('compiled-router cache', () => {
  const options = defaultRoutingOptions();
  const uncached = (): string => {
    const registry = load();
    return routeAll(createRouter({ ...registry.routingInput(), briefs: readBriefs(registry) }, options));
  };
  const expected = uncached();

  it('stores the compiled router once, then loads it without parsing a single agent file, and routes byte-identically', () => {
    const dir = path.join(temp.dir, 'cache-a');
    const cache = spiedCache(dir);
    const first = load();
    expect(routeAll(createRegistryRouter(first, options, { cache }))).toBe(expected);
    expect(first.parseCount).toBeGreaterThan(0);
    expect(cache.stores).toBe(1);
    expect(snapshotFiles(dir)).toHaveLength(1);

    const second = load();
    expect(routeAll(createRegistryRouter(second, options, { cache }))).toBe(expected);
    expect(second.parseCount).toBe(0);
    expect(cache.stores).toBe(1);
    expect(expected).toContain('"reasons"');
  });

  it('keys the snapshot on every input: an agent file, a brief, triggers.json, the options', () => {
    const dir = path.join(temp.dir, 'cache-b');
    const copy = path.join(temp.dir, 'bundle-b');
    cpSync(bundle, copy, { recursive: true });
    const registryOf = () => loadRegistry({ root: temp.dir, dir: copy, config: {} });
    const keyOf = (opts = options) => {
      const registry = registryOf();
      return routerCacheKey(registry, readBriefs(registry), opts);
    };
    const base = keyOf();
    expect(keyOf()).toBe(base);
    // Options the blueprint reads change the key; options read only when routing do not (one snapshot serves them all).
    expect(keyOf({ ...options, k1: options.k1 + 0.5 })).not.toBe(base);
    expect(keyOf({ ...options, maxUnfilteredRegexes: 3 })).not.toBe(base);
    expect(keyOf({ ...options, threshold: options.threshold + 0.01, weights: { ...options.weights, alpha: 2 } })).toBe(base);
    expect(keyOf({ ...options, maxRegexes: Number.POSITIVE_INFINITY })).not.toBe(keyOf({ ...options, maxRegexes: Number.NEGATIVE_INFINITY }));

    const registry = registryOf();
    const entry = registry.list()[0];
    if (!entry) throw new Error('empty bundle');
    appendFileSync(path.join(copy, entry.file), '\n# a comment changes the bytes, not the meaning\n');
    const afterYaml = keyOf();
    expect(afterYaml).not.toBe(base);

    writeFileSync(path.join(copy, entry.file.replace(/\.codex\.yaml$/, '.md')), '# Zeppelin hangar telemetry\n');
    const afterBrief = keyOf();
    expect(afterBrief).not.toBe(afterYaml);

    const triggersFile = path.join(copy, 'triggers.json');
    const triggers = JSON.parse(readFileSync(triggersFile, 'utf8')) as { keywords?: Record<string, string[]> };
    writeFileSync(triggersFile, JSON.stringify({ ...triggers, keywords: { ...(triggers.keywords ?? {}), zeppelin: [entry.id] } }));
    const afterTriggers = keyOf();
    expect(afterTriggers).not.toBe(afterBrief);

    // The changed bundle is compiled afresh (not served the old snapshot) and routes by its new brief and keyword.
    const cache = spiedCache(dir);
    const router = createRegistryRouter(registryOf(), options, { cache });
    expect(router.route({ text: 'zeppelin hangar telemetry' }).agents[0]?.id).toBe(entry.id);
    expect(cache.stores).toBe(1);
  });

  it('the source digest does not depend on whether the definitions were parsed first', () => {
    const untouched = load().sourceDigest();
    const parsed = load();
    parsed.routingInput();
    expect(parsed.parseCount).toBeGreaterThan(0);
    expect(parsed.sourceDigest()).toBe(untouched);
  });

  it('replaces a damaged, truncated or misplaced snapshot with a fresh compile, with the same answers', () => {
    const dir = path.join(temp.dir, 'cache-c');
    createRegistryRouter(load(), options, { cache: fileRouterCache(dir) });
    const [name] = snapshotFiles(dir);
    if (!name) throw new Error('no snapshot written');
    const file = path.join(dir, name);
    const good = readFileSync(file);

    const damaged = Buffer.from(good);
    damaged[damaged.length - 10] = (damaged[damaged.length - 10] as number) ^ 0xff;
    for (const bytes of [damaged, good.subarray(0, good.length >> 1), Buffer.from('not a snapshot')]) {
      writeFileSync(file, bytes);
      const registry = load();
      expect(routeAll(createRegistryRouter(registry, options, { cache: fileRouterCache(dir) }))).toBe(expected);
      expect(registry.parseCount).toBeGreaterThan(0);
      // …and the good snapshot is back in place.
      expect(readFileSync(file).equals(good)).toBe(true);
    }

    // A snapshot stored under another key (another bundle's) is refused, not used.
    const key = name.replace(/\.router$/, '');
    expect(() => decodeRouterSnapshot(good, 'f'.repeat(64))).toThrow(RouterSnapshotError);
    expect(decodeRouterSnapshot(good, key).ids.length).toBeGreaterThan(0);
  });

  it('refuses a blueprint that would index out of bounds, even with a valid checksum', () => {
    const registry = load();
    const blueprint = compileRouterBlueprint({ ...registry.routingInput(), briefs: readBriefs(registry) }, options);
    const key = 'a'.repeat(64);
    expect(decodeRouterSnapshot(encodeRouterSnapshot(key, blueprint), key).semantic.terms).toEqual(blueprint.semantic.terms);
    const docs = blueprint.semantic.docs.slice();
    docs[0] = blueprint.ids.length;
    expect(() => decodeRouterSnapshot(encodeRouterSnapshot(key, { ...blueprint, semantic: { ...blueprint.semantic, docs } }), key)).toThrow(/semantic\.docs/);
    expect(() => decodeRouterSnapshot(encodeRouterSnapshot(key, { ...blueprint, family: blueprint.family.subarray(1) }), key)).toThrow(/family/);
    const edgeTarget = blueprint.scanner.edgeTarget.slice();
    edgeTarget[0] = blueprint.scanner.fail.length + 5;
    expect(() => decodeRouterSnapshot(encodeRouterSnapshot(key, { ...blueprint, scanner: { ...blueprint.scanner, edgeTarget } }), key)).toThrow(/scanner/);
  });

  it('rebuilds a stored automaton whose pattern count does not add up, with the same answers', () => {
    const registry = load();
    const source = { ...registry.routingInput(), briefs: readBriefs(registry) };
    const blueprint = compileRouterBlueprint(source, options);
    const short = compileRouterBlueprint({ ...source, triggers: { ...source.triggers, keywords: {} } }, options);
    expect(short.scanner.patternLength.length).not.toBe(blueprint.scanner.patternLength.length);
    const router = routerFromBlueprint({ ...blueprint, scanner: short.scanner }, options);
    const fresh = createRouter(source, options);
    for (const task of TASKS.slice(0, 40)) expect(JSON.stringify(router.route(task, { top: 5 }))).toBe(JSON.stringify(fresh.route(task, { top: 5 })));
  });
});

describe('a router loaded from a snapshot', () => {
  it('keeps only the rules that compiled, and reports the same problems and gives the same answers as a fresh router', () => {
    const options = { ...defaultRoutingOptions(), maxUnfilteredRegexes: 1 };
    const fleet = [
      agent({ id: 'a-backref', description: 'Greps logs.', regex: [{ pattern: '(ab)\\1' }, { pattern: 'stack ?trace' }] }),
      agent({ id: 'b-unfiltered', description: 'Matches anything.', regex: [{ pattern: '.+x' }, { pattern: '.+y' }] }),
      agent({ id: 'c-globs', description: 'Terraform.', globs: ['**/*.tf', 'infra/**', '**/Dockerfile'] }),
    ];
    const source = { agents: fleet, triggers: { ...emptyTriggers(), regex: [{ pattern: 'orphan', priority: 'medium' as const, agents: ['nobody'] }] } };
    const key = 'b'.repeat(64);
    const blueprint = compileRouterBlueprint(source, options);
    // Only what compiled (within the caps) is kept for the router.
    expect(blueprint.regexRules.map((r) => r.pattern).sort()).toEqual(['.+x', 'stack ?trace']);
    const fresh = createRouter(source, options);
    const loaded = routerFromBlueprint(decodeRouterSnapshot(encodeRouterSnapshot(key, blueprint), key), options);
    expect(loaded.problems).toEqual(fresh.problems);
    expect(fresh.problems.map((p) => p.pattern).sort()).toEqual(['(ab)\\1', '.+y', 'orphan']);
    const requests = [{ text: 'a stack trace in the logs' }, { text: 'abab xx' }, { text: '', files: ['infra/main.tf', 'app/Dockerfile'] }, { text: 'nothing here' }];
    for (const request of requests) expect(JSON.stringify(loaded.route(request))).toBe(JSON.stringify(fresh.route(request)));
    expect(loaded.route({ text: 'a stack trace' }).agents[0]?.id).toBe('a-backref');
  });
});

describe('fileRouterCache', () => {
  it('takes only hex keys: a path-traversal key is an error, not a file outside the folder', () => {
    const cache = fileRouterCache(path.join(temp.dir, 'cache-d'));
    expect(() => cache.store('../../etc/passwd', new Uint8Array([1]))).toThrow(/64 hex digits/);
    expect(() => cache.load('../x')).toThrow(/64 hex digits/);
  });

  it('keeps the newest maxEntries snapshots', () => {
    const dir = path.join(temp.dir, 'cache-e');
    const cache = fileRouterCache(dir, { maxEntries: 2 });
    for (const digit of ['1', '2', '3']) cache.store(digit.repeat(64), new Uint8Array([Number(digit)]));
    expect(snapshotFiles(dir)).toHaveLength(2);
    expect(cache.load('3'.repeat(64))).toEqual(Buffer.from([3]));
  });

  it('a folder it cannot write to costs a rebuild, not an error', () => {
    const blocker = path.join(temp.dir, 'blocker');
    writeFileSync(blocker, 'a file where the cache folder should be');
    const cache = fileRouterCache(path.join(blocker, 'routers'));
    expect(() => cache.store('4'.repeat(64), new Uint8Array([4]))).not.toThrow();
    expect(cache.load('4'.repeat(64))).toBeUndefined();
  });
});

describe('routerCacheFor (CLI environment)', () => {
  it('uses CODEX_FLOW_CACHE_DIR, else XDG_CACHE_HOME, else HOME; off when asked or when there is no absolute home', () => {
    const dirOf = (env: Record<string, string>): string | undefined => {
      const cache = routerCacheFor(env, temp.dir);
      if (!cache) return undefined;
      cache.store('5'.repeat(64), new Uint8Array([5]));
      return ['c', 'x', 'h'].find((tag) => existsSync(path.join(temp.dir, `env-${tag}`))) ?? 'elsewhere';
    };
    expect(dirOf({ CODEX_FLOW_CACHE_DIR: path.join(temp.dir, 'env-c'), XDG_CACHE_HOME: path.join(temp.dir, 'env-x') })).toBe('c');
    expect(existsSync(path.join(temp.dir, 'env-c', 'routers', `${'5'.repeat(64)}.router`))).toBe(true);
    expect(routerCacheFor({ CODEX_FLOW_CACHE_DIR: path.join(temp.dir, 'env-c'), CODEX_FLOW_ROUTER_CACHE: 'off' }, temp.dir)).toBeUndefined();
    expect(routerCacheFor({ CODEX_FLOW_ROUTER_CACHE: '0', HOME: temp.dir }, temp.dir)).toBeUndefined();
    expect(routerCacheFor({}, temp.dir)).toBeUndefined();
    expect(routerCacheFor({ HOME: 'relative/home' }, temp.dir)).toBeUndefined();
    // A relative CODEX_FLOW_CACHE_DIR is taken from the project root.
    routerCacheFor({ CODEX_FLOW_CACHE_DIR: 'env-r' }, temp.dir)?.store('8'.repeat(64), new Uint8Array([8]));
    expect(existsSync(path.join(temp.dir, 'env-r', 'routers', `${'8'.repeat(64)}.router`))).toBe(true);
    const xdg = routerCacheFor({ XDG_CACHE_HOME: path.join(temp.dir, 'env-x') }, temp.dir);
    xdg?.store('6'.repeat(64), new Uint8Array([6]));
    expect(existsSync(path.join(temp.dir, 'env-x', 'codex-flow', 'routers', `${'6'.repeat(64)}.router`))).toBe(true);
    const home = routerCacheFor({ HOME: path.join(temp.dir, 'env-h') }, temp.dir);
    home?.store('7'.repeat(64), new Uint8Array([7]));
    expect(existsSync(path.join(temp.dir, 'env-h', '.cache', 'codex-flow', 'routers', `${'7'.repeat(64)}.router`))).toBe(true);
  });

  it('`route` answers the same from a cold and a warm cache', async () => {
    const env = { CODEX_FLOW_CACHE_DIR: path.join(temp.dir, 'cli-cache') };
    const args = ['route', 'review the payment service code for quality issues', '--dir', bundle, '--json', '--explain'];
    const cold = await runCliCaptured(args, { root: temp.dir, env });
    const warm = await runCliCaptured(args, { root: temp.dir, env });
    expect(cold.code).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    expect(snapshotFiles(path.join(temp.dir, 'cli-cache', 'routers'))).toHaveLength(1);
    const off = await runCliCaptured(args, { root: temp.dir, env: { ...env, CODEX_FLOW_ROUTER_CACHE: 'off' } });
    expect(off.stdout).toBe(cold.stdout);
  });
});

describe('a hostile or buggy snapshot (valid checksum, right key)', () => {
  const options = defaultRoutingOptions();
  const registry = load();
  const source = { ...registry.routingInput(), briefs: readBriefs(registry) };
  const blueprint = compileRouterBlueprint(source, options);
  const key = 'c'.repeat(64);
  const refused = (tampered: RouterBlueprint, what: RegExp): void => {
    expect(() => decodeRouterSnapshot(encodeRouterSnapshot(key, tampered), key)).toThrow(what);
  };
  const scanner = (change: (s: RouterBlueprint['scanner']) => void): RouterBlueprint => {
    const copy = structuredClone(blueprint.scanner);
    change(copy);
    return { ...blueprint, scanner: copy };
  };
  const firstInner = blueprint.scanner.edgeTarget[0] as number;

  it('is refused when its automaton could loop (a failure or output link that does not lead closer to the root)', () => {
    refused(scanner((s) => void (s.fail[firstInner] = firstInner)), /scanner/);
    refused(scanner((s) => void (s.dictLink[firstInner] = firstInner)), /scanner/);
    refused(scanner((s) => void (s.edgeTarget[1] = s.edgeTarget[0] as number)), /scanner/);
  });

  it('is refused when a rule names an unknown agent, a number is not finite or a problem is malformed', () => {
    const [first] = blueprint.keywords;
    if (!first) throw new Error('no keywords');
    refused({ ...blueprint, keywords: [{ ...first, agents: ['no-such-agent'] }] }, /keywords/);
    refused({ ...blueprint, keywords: [{ ...first, weight: Number.NaN }] }, /keywords/);
    refused({ ...blueprint, reliability: blueprint.reliability.map((r, i) => (i === 0 ? Number.POSITIVE_INFINITY : r)) }, /reliability/);
    refused({ ...blueprint, ruleProblems: [null as unknown as RouterBlueprint['ruleProblems'][number]] }, /ruleProblems/);
    refused({ ...blueprint, regexRules: [{ pattern: 'x', priority: 'urgent' as 'high', agents: [blueprint.ids[0] as string] }] }, /regexRules/);
    refused({ ...blueprint, ids: [...blueprint.ids.slice(1), blueprint.ids[1] as string] }, /ids/);
  });

  it('a stored regex that no longer compiles matches nothing instead of failing the request', () => {
    const id = blueprint.ids[0] as string;
    const tampered = { ...blueprint, regexRules: [...blueprint.regexRules, { pattern: '(ab)\\1 zeppelin', priority: 'high' as const, agents: [id], literals: ['zeppelin'] }] };
    const router = routerFromBlueprint(decodeRouterSnapshot(encodeRouterSnapshot(key, tampered), key), options);
    expect(() => router.route({ text: 'abab zeppelin' })).not.toThrow();
    expect(router.route({ text: 'abab zeppelin' }).agents.every((a) => !a.reasons.some((r) => r.stage === 'regex' && r.match.includes('zeppelin')))).toBe(true);
  });

  it('a cache that throws, or hands back garbage, costs a compile, never the answer', () => {
    const expected = JSON.stringify(createRouter(source, options).route({ text: 'review the payment service code' }));
    const throwing: RouterCache = {
      load: () => {
        throw new Error('disk on fire');
      },
      store: () => {
        throw new Error('disk on fire');
      },
    };
    const garbage: RouterCache = { load: () => new Uint8Array([1, 2, 3]), store: () => undefined };
    for (const cache of [throwing, garbage]) expect(JSON.stringify(createRegistryRouter(load(), options, { cache }).route({ text: 'review the payment service code' }))).toBe(expected);
  });
});

describe('fileRouterCache folder safety', () => {
  it('reads only regular files of its own: a link or a FIFO at a snapshot name is a miss, and does not block', () => {
    const dir = path.join(temp.dir, 'cache-f');
    const cache = fileRouterCache(dir);
    cache.store('1'.repeat(64), new Uint8Array([1]));
    const outside = path.join(temp.dir, 'outside-secret');
    writeFileSync(outside, 'secret');
    symlinkSync(outside, path.join(dir, `${'2'.repeat(64)}.router`));
    expect(cache.load('2'.repeat(64))).toBeUndefined();
    execFileSync('mkfifo', [path.join(dir, `${'3'.repeat(64)}.router`)]);
    expect(cache.load('3'.repeat(64))).toBeUndefined();
    expect(cache.load('1'.repeat(64))).toEqual(Buffer.from([1]));
  });

  it('does not use a folder others can write to', () => {
    const dir = path.join(temp.dir, 'cache-g');
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o777);
    const cache = fileRouterCache(dir);
    cache.store('4'.repeat(64), new Uint8Array([4]));
    expect(snapshotFiles(dir)).toEqual([]);
    chmodSync(dir, 0o700);
    cache.store('4'.repeat(64), new Uint8Array([4]));
    expect(cache.load('4'.repeat(64))).toEqual(Buffer.from([4]));
  });

  it('prunes only its own files, and keeps the newest snapshot within the byte budget', () => {
    const dir = path.join(temp.dir, 'cache-h');
    mkdirSync(dir, { mode: 0o700 });
    const foreign = path.join(dir, 'someone-elses-upload.tmp');
    writeFileSync(foreign, 'keep me');
    utimesSync(foreign, new Date(0), new Date(0));
    const cache = fileRouterCache(dir, { maxBytes: 150 });
    cache.store('5'.repeat(64), new Uint8Array(100));
    cache.store('6'.repeat(64), new Uint8Array(100));
    expect(existsSync(foreign)).toBe(true);
    expect(snapshotFiles(dir)).toEqual([`${'6'.repeat(64)}.router`]);
  });
});

describe('codeFingerprint', () => {
  it('changes with any module file of the tree, nested ones included, and is undefined for a tree with none', () => {
    const root = path.join(temp.dir, 'code');
    mkdirSync(path.join(root, 'agents', 'converter'), { recursive: true });
    writeFileSync(path.join(root, 'agents', 'converter', 'read.js'), 'export const a = 1;');
    writeFileSync(path.join(root, 'agents', 'types.d.ts'), 'export type A = 1;');
    const before = codeFingerprint(root);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(path.join(root, 'agents', 'types.d.ts'), 'export type A = 2;');
    expect(codeFingerprint(root)).toBe(before);
    writeFileSync(path.join(root, 'agents', 'converter', 'read.js'), 'export const a = 2;');
    expect(codeFingerprint(root)).not.toBe(before);
    mkdirSync(path.join(root, 'empty'));
    expect(codeFingerprint(path.join(root, 'empty'))).toBeUndefined();
    expect(codeFingerprint(path.join(root, 'missing'))).toBeUndefined();
  });
});
