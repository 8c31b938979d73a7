import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';

/** Each command module exports `register(program, io)`; add yours to this list. */
export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [];
