import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import { register as registerRoute } from './route.js';
import { register as registerLoad } from './load.js';
import { register as registerInit } from './init.js';
import { register as registerQuickstart } from './quickstart.js';
import { register as registerMetrics } from './metrics.js';
import { register as registerRun } from './run.js';
import { register as registerCleanup } from './cleanup.js';
import { register as registerConvert } from './convert.js';
import { register as registerValidate } from './validate.js';
import { register as registerSchema } from './schema.js';
import { register as registerAsk } from './ask.js';

/** Each command module exports `register(program, io)`; add yours to this list. */
export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [registerRoute, registerLoad, registerInit, registerQuickstart, registerMetrics, registerRun, registerCleanup, registerConvert, registerValidate, registerSchema, registerAsk];
