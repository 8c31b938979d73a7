#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli/main.js (built by `npm run build`, run by `npm ci` via `prepare`).
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';

// Node's on-disk compile cache spares every later start the parsing and compiling of the CLI's modules. It lives in
// the user's own cache folder, not the shared temp folder (where another user could plant entries first).
// NODE_COMPILE_CACHE (which Node reads itself) chooses another folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
if (!process.env.NODE_COMPILE_CACHE && !process.env.NODE_DISABLE_COMPILE_CACHE && module.enableCompileCache) {
  try {
    module.enableCompileCache(path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'codex-flow', 'node-compile-cache'));
  } catch {
    // no cache: only a slower start
  }
}
const { main } = await import('../dist/cli/main.js');

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
