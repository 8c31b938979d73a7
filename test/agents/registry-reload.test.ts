import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReloadingRegistry } from '../../src/agents/reloading-registry.js';
import type { Registry } from '../../src/agents/registry.js';
import { useTempDirs } from '../../test-support/temp-dirs.js';
import { writeBundle } from './bundle-fixture.js';

describe('hot reload behind the version gate (generatedAt + sourceHash)', () => {
  const temp = useTempDirs();
  function setup() {
    const root = temp();
    const bundle = path.join(root, 'codex/agents');
    writeBundle(bundle, [{ id: 'a' }, { id: 'b' }], { sourceHash: 'hash-1' });
    const reloads: { next: Registry; previous: Registry }[] = [];
    const errors: unknown[] = [];
    const reloading = createReloadingRegistry({
      root,
      config: { aliases: {} },
      onReload: (next, previous) => reloads.push({ next, previous }),
      onError: (error) => errors.push(error),
    });
    return { root, bundle, reloading, reloads, errors };
  }
  const rewriteIndex = (bundle: string, change: (index: Record<string, unknown>) => void, indent = 2) => {
    const file = path.join(bundle, 'index.json');
    const index = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    change(index);
    writeFileSync(file, JSON.stringify(index, null, indent));
  };

  it('does nothing while index.json is untouched', () => {
    const { reloading, reloads } = setup();
    const first = reloading.current();
    expect(reloading.reloadIfChanged()).toEqual({ status: 'unchanged' });
    expect(reloading.current()).toBe(first);
    expect(reloads).toHaveLength(0);
  });

  it('keeps the registry when index.json is rewritten with the same generatedAt and sourceHash', () => {
    const { bundle, reloading, reloads } = setup();
    const first = reloading.current();
    rewriteIndex(bundle, () => {}, 4);
    expect(reloading.reloadIfChanged().status).toBe('same-version');
    expect(reloading.reloadIfChanged().status).toBe('unchanged');
    expect(reloading.current()).toBe(first);
    expect(reloads).toHaveLength(0);
  });

  it('swaps in a new frozen registry when sourceHash changes; holders of the old one keep its view', () => {
    const { bundle, reloading, reloads } = setup();
    const old = reloading.current();
    old.get('a');
    // Republish: b's definition changes (b was never read through the old registry).
    writeFileSync(path.join(bundle, 'core', 'b.codex.yaml'), 'version: 1\nagent: {id: b, name: Agent B v2}\n');
    rewriteIndex(bundle, (index) => {
      index.sourceHash = 'hash-2';
    });
    const outcome = reloading.reloadIfChanged();
    expect(outcome).toMatchObject({ status: 'reloaded', previous: { sourceHash: 'hash-1' }, version: { sourceHash: 'hash-2' } });
    expect(reloads).toHaveLength(1);
    expect(reloads[0]?.previous).toBe(old);
    expect(reloads[0]?.next).toBe(reloading.current());
    // Unchanged files are not parsed again after a reload (shared, frozen parse cache); changed ones are.
    const next = reloading.current();
    expect(next.get('a')).toBe(old.get('a'));
    expect(next.parseCount).toBe(0);
    expect(next.get('b').agent.name).toBe('Agent B v2');
    expect(next.parseCount).toBe(1);
    // The old registry is consistent with its own version, even for a definition it had not parsed yet.
    expect(old.get('b').agent.name).toBe('Agent b');
    expect(old.isCurrent()).toBe(false);
    expect(Object.isFrozen(reloading.current())).toBe(true);
  });

  it('reloads on a new generatedAt (the original bundle has no sourceHash) and on a whole-folder swap', () => {
    const { root, bundle, reloading, reloads } = setup();
    rewriteIndex(bundle, (index) => {
      index.generatedAt = '2026-02-02T00:00:00.000Z';
    });
    expect(reloading.reloadIfChanged().status).toBe('reloaded');
    // Atomic publish by renaming a freshly written folder over the old one.
    const staging = path.join(root, 'codex/.agents-staging');
    writeBundle(staging, [{ id: 'a' }, { id: 'b' }, { id: 'c' }], { sourceHash: 'hash-3' });
    rmSync(bundle, { recursive: true });
    renameSync(staging, bundle);
    expect(reloading.reloadIfChanged().status).toBe('reloaded');
    expect(reloading.current().ids()).toEqual(['a', 'b', 'c']);
    expect(reloads).toHaveLength(2);
  });

  it('keeps serving the loaded registry when the new index.json is missing or broken', () => {
    const { bundle, reloading, reloads, errors } = setup();
    const first = reloading.current();
    writeFileSync(path.join(bundle, 'index.json'), '{"version": 1, "agents": [');
    expect(reloading.reloadIfChanged().status).toBe('failed');
    rmSync(path.join(bundle, 'index.json'));
    expect(reloading.reloadIfChanged().status).toBe('failed');
    expect(reloading.current()).toBe(first);
    expect(first.get('b').agent.id).toBe('b');
    expect(reloads).toHaveLength(0);
    expect(errors).toHaveLength(2);
  });

  it('watch() polls and swaps on its own; stop() ends it', async () => {
    const { bundle, reloading, reloads } = setup();
    const stop = reloading.watch(50);
    try {
      rewriteIndex(bundle, (index) => {
        index.sourceHash = 'hash-watched';
      });
      const deadline = Date.now() + 5_000;
      while (reloads.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(reloads).toHaveLength(1);
      expect(reloading.current().version.sourceHash).toBe('hash-watched');
    } finally {
      stop();
    }
    rewriteIndex(bundle, (index) => {
      index.sourceHash = 'hash-after-stop';
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reloads).toHaveLength(1);
  });
});
