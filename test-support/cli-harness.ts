import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/cli-io.js';
import type { Env } from '../src/util/runtime-context.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, a chosen root and env. */
export async function runCliCaptured(args: string[], options: { root: string; env?: Env; stdin?: string; now?: () => number }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => options.stdin ?? '',
    stdinIsTTY: false,
    stdoutIsTTY: false,
    noColor: true,
    ctx: { root: options.root, env: options.env ?? {}, clock: { now: options.now ?? (() => Date.now()) } },
  };
  const code = await runCli(['node', 'codex-flow', ...args], io);
  return { code, stdout, stderr };
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function makeTempDir(prefix = 'codex-flow-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Absolute path of the shared material (`../shared` next to the repo). */
export const SHARED_DIR = path.resolve(import.meta.dirname, '..', '..', 'shared');
