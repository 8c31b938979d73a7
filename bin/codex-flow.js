#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli/main.js (built by `npm run build`, run by `npm ci` via `prepare`).
// Node's on-disk compile cache (NODE_COMPILE_CACHE, default: the OS temp dir) spares
// every later start the parsing and compiling of the CLI's modules.
import module from 'node:module';

module.enableCompileCache?.();
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
