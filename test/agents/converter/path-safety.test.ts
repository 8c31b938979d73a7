import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeJoin } from '../../../src/agents/converter/bundle-paths.js';
import { convertAgents } from '../../../src/agents/converter/convert-agents.js';
import { publishBundle } from '../../../src/agents/converter/publish-bundle.js';
import { InvalidInputError } from '../../../src/util/errors.js';
import { makeTempDir } from '../../../test-support/cli-harness.js';
import { convertIn, writeAgent } from './converter-test-support.js';

let temp: { dir: string; cleanup: () => void };
let root: string;
beforeEach(() => {
  temp = makeTempDir('codex-flow-safety-');
  root = path.join(temp.dir, 'project');
  mkdirSync(root);
});
afterEach(() => temp.cleanup());

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('converter path safety', () => {
  it('an agent named ../../x is written inside the output folder', async () => {
    writeAgent(root, 'evil.md', '---\nname: ../../x\ndescription: escape attempt\n---\n');
    writeAgent(root, 'evil2.md', '---\nname: "/etc/passwd"\ndescription: absolute path attempt\n---\n');
    writeAgent(root, 'evil3.md', '---\nname: ..\ndescription: dots only\n---\n');
    const report = await convertIn(root);
    expect(report.converted.map((item) => item.id).sort()).toEqual(['etc-passwd', 'evil3', 'x']);
    expect(allFiles(temp.dir).filter((file) => !file.startsWith('project'))).toEqual([]);
    expect(allFiles(path.join(root, 'out'))).toContain('uncategorized/x.codex.yaml');
  });

  it('refuses an output folder outside the root, the root itself, or a symlink leading out', async () => {
    writeAgent(root, 'ok.md', '---\nname: ok\ndescription: fine\n---\n');
    await expect(convertIn(root, { outDir: '../outside' })).rejects.toThrow(InvalidInputError);
    await expect(convertIn(root, { outDir: path.join(temp.dir, 'abs-outside') })).rejects.toThrow(/outside the project root/);
    await expect(convertIn(root, { outDir: '.' })).rejects.toThrow(/outside the project root/);
    mkdirSync(path.join(temp.dir, 'target'));
    symlinkSync(path.join(temp.dir, 'target'), path.join(root, 'link'));
    await expect(convertIn(root, { outDir: 'link/agents' })).rejects.toThrow(/outside the project root/);
    expect(existsSync(path.join(temp.dir, 'outside'))).toBe(false);
    expect(readdirSync(path.join(temp.dir, 'target'))).toEqual([]);
  });

  it('safeJoin refuses relative paths that leave the folder', () => {
    expect(() => safeJoin('/tmp/bundle', '../x.yaml')).toThrow(InvalidInputError);
    expect(() => safeJoin('/tmp/bundle', '/etc/passwd')).toThrow(InvalidInputError);
    expect(safeJoin('/tmp/bundle', 'core/a.codex.yaml')).toBe('/tmp/bundle/core/a.codex.yaml');
  });

  it('publishBundle refuses a file map entry that escapes, leaving the old bundle in place', async () => {
    writeAgent(root, 'ok.md', '---\nname: ok\ndescription: fine\n---\n');
    const report = await convertIn(root);
    expect(() => publishBundle(report.outDir, new Map([['index.json', '{}'], ['../../escaped.txt', 'x']]))).toThrow(InvalidInputError);
    expect(existsSync(path.join(temp.dir, 'escaped.txt'))).toBe(false);
    expect(allFiles(report.outDir)).toContain('uncategorized/ok.codex.yaml');
    expect(readdirSync(root).filter((name) => name.startsWith('.out.'))).toEqual([]);
  });

  it('never replaces an existing folder that is not a bundle', async () => {
    writeAgent(root, 'ok.md', '---\nname: ok\ndescription: fine\n---\n');
    mkdirSync(path.join(root, 'docs'));
    writeFileSync(path.join(root, 'docs', 'notes.txt'), 'keep me');
    await expect(convertAgents({ root, inDirs: ['src-agents'], outDir: 'docs' })).rejects.toThrow(/not a codex-flow bundle/);
    expect(allFiles(path.join(root, 'docs'))).toEqual(['notes.txt']);
  });

  it('a missing input folder is a clear error', async () => {
    await expect(convertAgents({ root, inDirs: ['nope'], outDir: 'out' })).rejects.toThrow(/does not exist.*--in/);
  });
});
