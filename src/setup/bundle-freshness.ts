import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { convertAgents } from '../agents/converter/convert-agents.js';
import { problem, type RegistryProblem } from '../agents/registry-problems.js';
import { errorMessage } from '../util/errors.js';

export interface FreshnessCheck {
  /** Absolute source folder compared against. */
  source: string;
  /** True when a fresh conversion of the source would change the bundle. */
  stale: boolean;
  /** Set when the comparison itself failed (reported, never treated as fresh). */
  error?: string;
}

/**
 * Compares the bundle with a dry-run conversion of its configured source
 * (`convert --check`, nothing written). Undefined when the source folder does
 * not exist (e.g. a bundle converted from the packaged examples).
 */
export async function checkBundleFreshness(options: { root: string; source: string; bundle: string }): Promise<FreshnessCheck | undefined> {
  const source = path.resolve(options.root, options.source);
  if (!existsSync(source) || !statSync(source).isDirectory()) return undefined;
  try {
    const report = await convertAgents({ root: options.root, inDirs: [source], outDir: options.bundle, check: true });
    return { source, stale: report.changed };
  } catch (error) {
    return { source, stale: false, error: errorMessage(error) };
  }
}

/** The problem `load` reports for a stale (or uncheckable) bundle. */
export function freshnessProblem(check: FreshnessCheck, root: string): RegistryProblem | undefined {
  const shown = path.relative(root, check.source) || check.source;
  if (check.error) return problem('stale_index', `Could not compare the bundle with its source ${shown}: ${check.error}`);
  if (check.stale) return problem('stale_index', `The bundle is out of date with its source ${shown} (a fresh conversion differs). Run \`codex-flow convert\`.`);
  return undefined;
}
