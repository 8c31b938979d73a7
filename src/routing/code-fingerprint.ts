import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The module folders a compiled router depends on: the router, the tokenizer's lexicons, the agent schema's defaults, the config's defaults. */
const FOLDERS = ['routing', 'agents', 'util', 'config'];
/** Libraries that decide which globs and regexes a compiled router keeps. */
const LIBRARIES = ['picomatch', 're2js'];

let memo: string | undefined;

/**
 * A digest of the code that builds a router (the module files of those
 * folders, as installed, and the versions of the glob and regex libraries):
 * a stored router is reused only by the same code, so an upgrade, or an
 * edit while developing, never routes with a router compiled by other code.
 */
export function routerCodeFingerprint(): string {
  if (memo !== undefined) return memo;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256');
  for (const folder of FOLDERS) {
    const dir = path.join(root, folder);
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => /\.(js|ts|mjs)$/.test(name) && !name.endsWith('.d.ts')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      hash.update(`${folder}/${name}\0`);
      hash.update(readFileSync(path.join(dir, name)));
      hash.update('\0');
    }
  }
  for (const library of LIBRARIES) hash.update(`${library}@${libraryVersion(library)}\0`);
  memo = hash.digest('hex');
  return memo;
}

/** The installed version of a library: the `version` of the package.json above its entry file. */
function libraryVersion(name: string): string {
  let dir: string;
  try {
    dir = path.dirname(fileURLToPath(import.meta.resolve(name)));
  } catch {
    return 'not found';
  }
  for (let depth = 0; depth < 6; depth += 1) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === name) return String(manifest.version);
    } catch {
      // no package.json here: look further up
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return 'unknown';
}
