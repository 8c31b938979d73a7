import { spawn } from 'node:child_process';

/** Bytes of combined stdout+stderr kept per hook run; the rest is dropped and marked. */
export const HOOK_OUTPUT_LIMIT = 8 * 1024;

export type HookPhase = 'pre_task' | 'post_task' | 'failure';

export interface HookRunOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  outputLimit?: number;
}

export interface HookRunResult {
  ok: boolean;
  exitCode: number | null;
  /** Combined stdout and stderr, bounded. */
  output: string;
  ms: number;
  timedOut: boolean;
}

/**
 * Runs one hook command with `bash -c` in its own process group, in the task's
 * workspace, with the given (already scrubbed) environment. On timeout the
 * whole group is killed. Never throws: failures are in the result.
 */
export function runHookCommand(command: string, options: HookRunOptions): Promise<HookRunResult> {
  const limit = options.outputLimit ?? HOOK_OUTPUT_LIMIT;
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    let timedOut = false;
    const child = spawn('bash', ['-c', command], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const collect = (chunk: Buffer): void => {
      if (kept >= limit) {
        truncated = true;
        return;
      }
      const part = chunk.subarray(0, limit - kept);
      if (part.length < chunk.length) truncated = true;
      chunks.push(part);
      kept += part.length;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const finish = (exitCode: number | null, extra = ''): void => {
      clearTimeout(timer);
      let output = Buffer.concat(chunks).toString('utf8');
      if (truncated) output += `\n[output truncated at ${limit} bytes]`;
      if (timedOut) output += `\n[hook killed after ${options.timeoutMs} ms]`;
      if (extra) output += extra;
      resolve({ ok: exitCode === 0 && !timedOut, exitCode, output, ms: Math.round(performance.now() - started), timedOut });
    };
    child.on('error', (error) => finish(null, `\n[hook could not start: ${error.message}]`));
    child.on('close', (code) => finish(code));
  });
}
