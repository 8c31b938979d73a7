import { Command, CommanderError } from 'commander';
import { CodexFlowError } from '../util/errors.js';
import { defaultContext } from '../util/runtime-context.js';
import { ExitCode, processIO, type CliIO } from './cli-io.js';
import { commandsFor } from './commands/index.js';

/** The commander program with the commands this argv needs (see {@link commandsFor}). */
export async function buildProgram(io: CliIO, args: readonly string[] = []): Promise<Command> {
  const program = new Command('codex-flow')
    .description('Provider-agnostic agent kit: convert, route, run, observe.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const entries = commandsFor(args);
  const modules = await Promise.all(entries.map((entry) => entry.load()));
  for (const module of modules) module.register(program, io);
  return program;
}

/** Runs the CLI and resolves to the exit code. Never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    const program = await buildProgram(io, argv.slice(2));
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
