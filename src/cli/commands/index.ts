import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';

/** Each command module exports `register(program, io)`. */
export type RegisterCommand = (program: Command, io: CliIO) => void;

export interface CommandEntry {
  name: string;
  /** Loaded only when needed, so `codex-flow route …` does not pay for the provider or memory modules. */
  load: () => Promise<{ register: RegisterCommand }>;
}

/** Every command, in the order `--help` lists them. Add yours here. */
export const commands: readonly CommandEntry[] = [
  { name: 'quickstart', load: () => import('./quickstart.js') },
  { name: 'init', load: () => import('./init.js') },
  { name: 'convert', load: () => import('./convert.js') },
  { name: 'validate', load: () => import('./validate.js') },
  { name: 'schema', load: () => import('./schema.js') },
  { name: 'load', load: () => import('./load.js') },
  { name: 'route', load: () => import('./route.js') },
  { name: 'run', load: () => import('./run.js') },
  { name: 'ask', load: () => import('./ask.js') },
  { name: 'metrics', load: () => import('./metrics.js') },
  { name: 'cleanup', load: () => import('./cleanup.js') },
];

/**
 * The commands to register for this argv: only the invoked one when the first
 * argument names a command, none for a bare `--version`, all otherwise (help,
 * typos: commander then lists or suggests them).
 */
export function commandsFor(args: readonly string[]): readonly CommandEntry[] {
  const first = args.find((arg) => !arg.startsWith('-'));
  if (first !== undefined) {
    const match = commands.find((entry) => entry.name === first);
    return match ? [match] : commands;
  }
  if (args.length > 0 && args.every((arg) => arg === '--version' || arg === '-V')) return [];
  return commands;
}
