import path from 'node:path';
import type { AliasConfig } from '../config/config-schema.js';
import { findConfigFile, loadConfig } from '../config/load-config.js';
import type { Clock } from '../util/runtime-context.js';
import { packagedExampleAgentsDir } from './example-fleet.js';
import { DEFAULT_BUNDLE_DIR } from './init-project.js';
import { prepareFleet, type PreparedFleet } from './prepare-fleet.js';
import { resolveAgentSource } from './resolve-agent-source.js';

export interface QuickstartOptions {
  root: string;
  clock?: Clock;
  /** Override of the packaged example fleet folder (tests). */
  examplesDir?: string;
}

export interface QuickstartResult extends PreparedFleet {
  /** The config file used, if the project has one. */
  configFile: string | undefined;
  /** Where the aliases shown came from. */
  aliasesFrom: 'project-config' | 'packaged-example-config' | 'none';
  /** The config file the aliases came from (the project's, or the packaged example config). */
  aliasesConfigFile: string | undefined;
}

/**
 * `codex-flow quickstart` (first stage): convert the configured agents — or,
 * in a project without config and without `.claude/agents`, the example fleet
 * packaged with codex-flow — into the bundle, load it back, validate it and
 * summarise the fleet. Writes only the bundle folder, never the config.
 */
export async function runQuickstart(options: QuickstartOptions): Promise<QuickstartResult> {
  const root = path.resolve(options.root);
  const { config, file: configFile } = loadConfig(root);
  const examplesDir = options.examplesDir ?? packagedExampleAgentsDir();
  const source = resolveAgentSource({ root, configuredSource: config.source, ...(configFile ? { configFile } : {}), examplesDir });
  let aliases: Record<string, AliasConfig> = config.aliases;
  let aliasesFrom: QuickstartResult['aliasesFrom'] = configFile && Object.keys(aliases).length > 0 ? 'project-config' : 'none';
  let aliasesConfigFile = aliasesFrom === 'project-config' ? configFile : undefined;
  if (!configFile && source.kind === 'packaged-examples') {
    const example = packagedExampleConfig(examplesDir);
    if (example) {
      aliases = example.aliases;
      aliasesFrom = 'packaged-example-config';
      aliasesConfigFile = example.file;
    }
  }
  const prepared = await prepareFleet({
    root,
    source,
    bundle: configFile ? config.bundle : DEFAULT_BUNDLE_DIR,
    config: { aliases },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { ...prepared, configFile, aliasesFrom, aliasesConfigFile };
}

/**
 * Aliases of the example config shipped with the example fleet: `examples/codex-flow.config.*`,
 * else the package's own root config (present in a checkout of codex-flow), if any.
 */
function packagedExampleConfig(examplesAgentsDir: string): { aliases: Record<string, AliasConfig>; file: string } | undefined {
  const examplesRoot = path.resolve(examplesAgentsDir, '..', '..');
  for (const dir of [examplesRoot, path.dirname(examplesRoot)]) {
    const file = findConfigFile(dir);
    if (!file) continue;
    try {
      return { aliases: loadConfig(dir).config.aliases, file };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
