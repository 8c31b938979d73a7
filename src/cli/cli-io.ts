import type { RuntimeContext } from '../util/runtime-context.js';

/** What a command needs from the outside world; injected so commands are testable in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `-f -`, `route` from stdin, batch mode). */
  readStdin: () => Promise<string>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  /** True when NO_COLOR is set or stdout is not a TTY. */
  noColor: boolean;
  ctx: RuntimeContext;
}

/** Thrown by commands to end with a given exit code after printing their own output. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitCode';
  }
}

export function processIO(ctx: RuntimeContext): CliIO {
  // A closed pipe (`codex-flow run --json | head`) ends the process quietly instead of crashing.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    noColor: Boolean(ctx.env.NO_COLOR) || !process.stdout.isTTY,
    ctx,
  };
}
