import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE } from '../agents/bundle-format.js';
import { convertAgents } from '../agents/converter/convert-agents.js';
import type { ConvertReport } from '../agents/converter/convert-types.js';
import { summarizeFleet, type FleetSummary } from '../agents/fleet-summary.js';
import { loadRegistry } from '../agents/registry.js';
import type { CodexFlowConfig } from '../config/config-schema.js';
import { BundleError } from '../util/errors.js';
import type { Clock } from '../util/runtime-context.js';
import type { AgentSource } from './resolve-agent-source.js';

/**
 * What happened to the bundle folder:
 * - `created`: there was none, it was written;
 * - `updated`: a bundle made by `codex-flow convert` was stale and was regenerated;
 * - `unchanged`: it already matched a fresh conversion byte for byte;
 * - `kept`: a bundle NOT made by codex-flow (no sourceHash, e.g. the original Codex Flow's) differs and was left alone (use --force).
 */
export type BundleAction = 'created' | 'updated' | 'unchanged' | 'kept';

export interface PreparedFleet {
  source: AgentSource;
  /** Absolute bundle folder. */
  bundleDir: string;
  action: BundleAction;
  /** The conversion (a dry run when action is `kept`). */
  convert: ConvertReport;
  /** The bundle as loaded back from disk and validated; undefined when it could not be loaded (see loadError). */
  fleet: FleetSummary | undefined;
  loadError?: string;
}

export interface PrepareFleetOptions {
  root: string;
  source: AgentSource;
  /** Bundle folder relative to root. */
  bundle: string;
  /** Replace a bundle that codex-flow did not generate. */
  force?: boolean;
  /** Aliases to apply when validating. */
  config: Pick<CodexFlowConfig, 'aliases'>;
  clock?: Clock;
}

/** Converts the source into the bundle (never clobbering a foreign bundle without force), then loads and validates it. */
export async function prepareFleet(options: PrepareFleetOptions): Promise<PreparedFleet> {
  const { root, source, bundle } = options;
  const clock = options.clock ? { clock: options.clock } : {};
  const existing = readExistingIndex(path.resolve(root, bundle));
  const dryRun = await convertAgents({ root, inDirs: [source.dir], outDir: bundle, check: true, ...clock });
  let action: BundleAction;
  let report = dryRun;
  if (!dryRun.changed) action = 'unchanged';
  else if (existing.exists && !existing.generatedByCodexFlow && !options.force) action = 'kept';
  else {
    report = await convertAgents({ root, inDirs: [source.dir], outDir: bundle, ...clock });
    action = existing.exists ? 'updated' : 'created';
  }
  try {
    const registry = loadRegistry({ root, dir: report.outDir, config: options.config });
    return { source, bundleDir: report.outDir, action, convert: report, fleet: summarizeFleet(registry) };
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    return { source, bundleDir: report.outDir, action, convert: report, fleet: undefined, loadError: error.message };
  }
}

function readExistingIndex(bundleDir: string): { exists: boolean; generatedByCodexFlow: boolean } {
  let text: string;
  try {
    text = readFileSync(path.join(bundleDir, INDEX_FILE), 'utf8');
  } catch {
    // No index.json: a folder with other files in it is still somebody's, not ours to replace.
    return { exists: listDir(bundleDir).length > 0, generatedByCodexFlow: false };
  }
  try {
    const index = JSON.parse(text) as { sourceHash?: unknown };
    return { exists: true, generatedByCodexFlow: typeof index.sourceHash === 'string' && index.sourceHash.length > 0 };
  } catch {
    return { exists: true, generatedByCodexFlow: false };
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
