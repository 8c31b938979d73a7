import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanBundle } from '../../src/agents/scan-bundle.js';

const work = mkdtempSync(path.join(tmpdir(), 'scan-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function put(rel: string): void {
  const file = path.join(work, 'b', rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'x');
}

describe('scanBundle', () => {
  put('index.json');
  put('core/a.codex.yaml');
  put('core/.a.codex.yaml.swp');
  put('.tmp-convert/b.codex.yaml');
  put('deep/1/2/3/d.codex.yaml');
  mkdirSync(path.join(work, 'outside'), { recursive: true });
  writeFileSync(path.join(work, 'outside', 'o.codex.yaml'), 'x');
  symlinkSync(path.join(work, 'outside'), path.join(work, 'b', 'linked'));

  it('lists regular files sorted, skipping dot-entries and not following symlinked folders (listed as other entries)', () => {
    expect(scanBundle(path.join(work, 'b'))).toEqual({ files: ['core/a.codex.yaml', 'deep/1/2/3/d.codex.yaml', 'index.json'], truncated: false, tooDeep: [], unreadable: [], others: ['linked'] });
  });

  it('stops at the depth and file-count bounds and says when it cut the list', () => {
    const shallow = scanBundle(path.join(work, 'b'), { maxDepth: 2, maxFiles: 100 });
    expect(shallow.files).toEqual(['core/a.codex.yaml', 'index.json']);
    expect(shallow.tooDeep).toEqual(['deep/1/2']);
    expect(scanBundle(path.join(work, 'b'), { maxDepth: 6, maxFiles: 2 })).toEqual({ files: ['core/a.codex.yaml', 'deep/1/2/3/d.codex.yaml'], truncated: true, tooDeep: [], unreadable: [], others: [] });
  });

  it('returns nothing for a folder that does not exist, and says it could not read it', () => {
    expect(scanBundle(path.join(work, 'missing'))).toEqual({ files: [], truncated: false, tooDeep: [], unreadable: [''], others: [] });
  });
});
