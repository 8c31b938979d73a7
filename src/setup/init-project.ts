import path from 'node:path';
import { summarizeFleet } from '../agents/fleet-summary.js';
import { loadRegistry } from '../agents/registry.js';
import { findConfigFile, loadConfig } from '../config/load-config.js';
import { isInside } from '../agents/bundle-entry-path.js';
import type { Clock } from '../util/runtime-context.js';
import { prepareFleet, type PreparedFleet } from './prepare-fleet.js';
import { resolveAgentSource } from './resolve-agent-source.js';
import { starterConfig, writeStarterConfig, type ConfigWriteAction } from './starter-config.js';

export const DEFAULT_BUNDLE_DIR = 'codex/agents';
export const DEFAULT_SOURCE_DIR = '.claude/agents';

export interface InitOptions {
  root: string;
  /** Replace an existing config and a bundle codex-flow did not generate. */
  force?: boolean;
  /** Folder of Claude Code agents to convert instead of `.claude/agents`. */
  from?: string;
  clock?: Clock;
  /** Override of the packaged example fleet folder (tests). */
  examplesDir?: string;
}

export interface InitResult extends PreparedFleet {
  config: { action: ConfigWriteAction; file: string };
  /** Set when the source lives outside the project and could not be recorded in the config. */
  sourceNote?: string;
}

/**
 * `codex-flow init`: convert the project's agents (or the packaged example
 * fleet), write a starter config if there is none, load the result back and
 * validate it. Running it twice changes nothing; user files (the config, a
 * bundle codex-flow did not generate) are only replaced with `force`.
 */
export async function initProject(options: InitOptions): Promise<InitResult> {
  const root = path.resolve(options.root);
  const force = Boolean(options.force);
  const configFile = findConfigFile(root);
  // A broken config is the user's to fix, unless they asked to replace it.
  const existing = configFile ? loadExistingConfig(root, force) : undefined;
  const bundle = existing?.config.bundle ?? DEFAULT_BUNDLE_DIR;
  const source = resolveAgentSource({
    root,
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(existing ? { configuredSource: existing.config.source } : {}),
    ...(existing?.file ? { configFile: existing.file } : {}),
    ...(options.examplesDir ? { examplesDir: options.examplesDir } : {}),
  });
  const prepared = await prepareFleet({
    root,
    source,
    bundle,
    force,
    config: existing?.config ?? { aliases: {} },
    ...(options.clock ? { clock: options.clock } : {}),
  });

  const sourceInside = isInside(root, source.dir) && source.dir !== root;
  const recordedSource = sourceInside ? path.relative(root, source.dir).split(path.sep).join('/') : (existing?.config.source ?? DEFAULT_SOURCE_DIR);
  const agentIds = prepared.action === 'kept' ? (prepared.fleet?.ids ?? []) : prepared.convert.converted.map((agent) => agent.id);
  const config = writeStarterConfig(root, starterConfig({ source: recordedSource, bundle, agentIds }), force);

  // Validate again with the aliases now in force (a new or replaced config brings new aliases).
  let { fleet, loadError } = prepared;
  if (config.action === 'created' || config.action === 'replaced') {
    try {
      fleet = summarizeFleet(loadRegistry({ root, dir: prepared.bundleDir }));
      loadError = undefined;
    } catch (error) {
      loadError = (error as Error).message;
    }
  }
  return {
    ...prepared,
    fleet,
    ...(loadError ? { loadError } : {}),
    config,
    ...(sourceInside
      ? {}
      : { sourceNote: `the agents came from ${source.dir}, outside this project; the config keeps "source": "${recordedSource}" — put your own agents there and run \`codex-flow convert\`` }),
  };
}

/** The project's config, read once; a broken one is an error unless `force` (it is about to be replaced). */
function loadExistingConfig(root: string, force: boolean): ReturnType<typeof loadConfig> | undefined {
  try {
    return loadConfig(root);
  } catch (error) {
    if (force) return undefined;
    throw error;
  }
}
