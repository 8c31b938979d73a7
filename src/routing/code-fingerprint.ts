import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStrings } from '../util/compare-strings.js';

/** Libraries whose behaviour shapes a compiled router: YAML parsing and schema defaults of the definitions, which globs and regexes compile. */
const LIBRARIES = ['yaml', 'zod', 'picomatch', 're2js'];
/** The package's own module tree: this file's folder's parent (src/ or dist/). */
const MODULE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Computed once per process (the installed code does not change under a running process). */
let memo: { value: string | undefined } | undefined;

/**
 * A digest of everything that builds a router: every module file of the
 * package (the whole tree: the router, the tokenizer's lexicons, the YAML
 * reader, the schema's defaults…), the versions of the libraries above and
 * Node's version and Unicode data (case folding and normalisation). A stored
 * router is reused only by the same code, so an upgrade, or an edit while
 * developing, never routes with a router compiled by other code. Undefined
 * when the module tree cannot be read: then nothing is cached.
 */
export function routerCodeFingerprint(): string | undefined {
  memo ??= { value: codeFingerprint(MODULE_ROOT) };
  return memo.value;
}

/** The digest of the module tree under `root` (see routerCodeFingerprint), or undefined when it holds no module file. */
export function codeFingerprint(root: string): string | undefined {
  const hash = createHash('sha256');
  let files = 0;
  const walk = (relative: string): void => {
    const entries = readdirSync(path.join(root, relative), { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else if (/\.(js|mjs|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        hash.update(`${name}\0`);
        hash.update(readFileSync(path.join(root, name)));
        hash.update('\0');
        files += 1;
      }
    }
  };
  try {
    walk('');
  } catch {
    return undefined;
  }
  if (files === 0) return undefined;
  for (const library of LIBRARIES) hash.update(`${library}@${libraryVersion(library)}\0`);
  hash.update(`node ${process.version} unicode ${process.versions.unicode ?? '?'} icu ${process.versions.icu ?? '?'}\0`);
  return hash.digest('hex');
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
