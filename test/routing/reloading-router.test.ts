import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReloadingRegistry } from '../../src/agents/reloading-registry.js';
import { createReloadingRouter } from '../../src/routing/reloading-router.js';
import { defaultRoutingOptions } from '../../src/routing/routing-options.js';
import { makeTempDir } from '../../test-support/cli-harness.js';
import { writeBundle } from '../agents/bundle-fixture.js';

describe('createReloadingRouter', () => {
  const temp = makeTempDir('router-reload-');
  afterEach(() => undefined);

  it('swaps in a router compiled from the new bundle version, and keeps serving the old one meanwhile', () => {
    const dir = path.join(temp.dir, 'bundle');
    writeBundle(dir, [{ id: 'alpha' }, { id: 'beta' }], { sourceHash: 'v1', triggers: { keywords: { widgets: ['alpha'] }, regex: [], file_patterns: {} } });
    const registry = createReloadingRegistry({ root: temp.dir, dir: 'bundle', config: {} });
    const router = createReloadingRouter(registry, defaultRoutingOptions());
    expect(router.route({ text: 'polish the widgets' }).agents[0]?.id).toBe('alpha');
    const compiled = router.current();

    writeBundle(dir, [{ id: 'alpha' }, { id: 'beta' }], { sourceHash: 'v2', generatedAt: '2026-02-01T00:00:00.000Z', triggers: { keywords: { widgets: ['beta'] }, regex: [], file_patterns: {} } });
    // The compiled router a caller already holds is immutable: it still routes as before.
    expect(compiled.route({ text: 'polish the widgets' }).agents[0]?.id).toBe('alpha');
    expect(router.reloadIfChanged().status).toBe('reloaded');
    expect(router.current()).not.toBe(compiled);
    expect(router.route({ text: 'polish the widgets' }).agents[0]?.id).toBe('beta');
    expect(compiled.route({ text: 'polish the widgets' }).agents[0]?.id).toBe('alpha');
    temp.cleanup();
  });
});
