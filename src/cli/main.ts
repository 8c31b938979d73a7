import { Command, CommanderError } from 'commander';
import { CodexFlowError } from '../util/errors.js';
import { defaultContext } from '../util/runtime-context.js';
import { ExitCode, processIO, type CliIO } from './cli-io.js';
import { commands } from './commands/index.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('codex-flow')
    .description('Provider-agnostic agent kit: convert, route, run, observe.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of commands) register(program, io);
  return program;
}

/** Runs the CLI and resolves to the exit code. Never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof ExitCode) return error.code;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return error.exitCode || 1;
    }
    if (error instanceof CodexFlowError) {
      io.stderr(`codex-flow: ${error.message} [${error.code}]\n`);
      return 1;
    }
    io.stderr(`codex-flow: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

export async function main(argv: string[]): Promise<number> {
  return runCli(argv, processIO(defaultContext()));
}
