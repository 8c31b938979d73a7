import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../util/errors.js';
import { packagedExampleAgentsDir } from './example-fleet.js';

export type AgentSourceKind = 'from-flag' | 'configured' | 'project' | 'packaged-examples';

export interface AgentSource {
  /** Absolute folder of Claude Code agents to convert. */
  dir: string;
  kind: AgentSourceKind;
  /** One line saying why this folder was chosen. */
  reason: string;
}

/**
 * Which agents init/quickstart convert: `--from` if given; else the config's
 * `source` (or `.claude/agents`) when it exists in the project; else the
 * example fleet packaged with codex-flow.
 */
export function resolveAgentSource(options: { root: string; from?: string; configuredSource?: string; configFile?: string; examplesDir?: string }): AgentSource {
  const { root } = options;
  if (options.from !== undefined) {
    const dir = path.resolve(root, options.from);
    if (!isDir(dir)) throw new InvalidInputError(`--from ${JSON.stringify(options.from)}: ${dir} is not a folder. Point it at a folder of Claude Code agents (*.md).`, { from: options.from });
    return { dir, kind: 'from-flag', reason: `--from ${options.from}` };
  }
  const source = options.configuredSource ?? '.claude/agents';
  const configured = path.resolve(root, source);
  if (isDir(configured)) {
    return options.configFile
      ? { dir: configured, kind: 'configured', reason: `"source" in ${path.basename(options.configFile)}` }
      : { dir: configured, kind: 'project', reason: `the project's ${source}` };
  }
  const examples = options.examplesDir ?? packagedExampleAgentsDir();
  if (!isDir(examples)) {
    throw new InvalidInputError(`No agents to convert: ${configured} does not exist and the packaged example fleet (${examples}) is missing. Put Claude Code agents in ${source} or pass --from <dir>.`);
  }
  return { dir: examples, kind: 'packaged-examples', reason: `no ${source} in this project, so the example fleet packaged with codex-flow` };
}

function isDir(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}
