import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The module folders a compiled router depends on: the router, the tokenizer's lexicons, the agent schema's defaults, the config's defaults. */
const FOLDERS = ['routing', 'agents', 'util', 'config'];

let memo: string | undefined;

/**
 * A digest of the code that builds a router (the module files of those
 * folders, as installed): a stored router is reused only by the same code,
 * so an upgrade, or an edit while developing, never routes with a router
 * compiled by other code.
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
  memo = hash.digest('hex');
  return memo;
}
