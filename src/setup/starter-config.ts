import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema, type CodexFlowConfigInput } from '../config/config-schema.js';
import { findConfigFile } from '../config/load-config.js';
import { isSafeId } from '../util/safe-id.js';
import { compareStrings } from '../util/compare-strings.js';

export const STARTER_CONFIG_FILE = 'codex-flow.config.json';
/** At most this many per-agent aliases are written (a huge fleet gets a readable config). */
const MAX_STARTER_ALIASES = 100;

/**
 * The starter config `init` writes: where the agents and the bundle are, one
 * alias per agent (edit its `overrides` to tune an instance), the original
 * Codex Flow's conventional aliases (`reviewer`, `reviewer2`, `architect`)
 * when a matching agent exists, and the provider defaults made explicit.
 */
export function starterConfig(options: { source: string; bundle: string; agentIds: readonly string[] }): CodexFlowConfigInput {
  const ids = [...new Set(options.agentIds)].filter(isSafeId).sort();
  const aliases: Record<string, { id: string }> = {};
  const idSet = new Set(ids);
  const reviewer = pick(ids, 'reviewer', ['code-reviewer', 'reviewer']);
  const architect = pick(ids, 'architect', ['architect', 'system-architect', 'software-architect']);
  // A conventional alias never hides an agent that already has that id.
  if (reviewer && !idSet.has('reviewer')) aliases.reviewer = { id: reviewer };
  if (reviewer && !idSet.has('reviewer2')) aliases.reviewer2 = { id: reviewer };
  if (architect && !idSet.has('architect')) aliases.architect = { id: architect };
  for (const id of ids.slice(0, MAX_STARTER_ALIASES)) if (!Object.hasOwn(aliases, id)) aliases[id] = { id };
  const providers = configSchema.parse({}).providers;
  return {
    version: 1,
    source: options.source,
    bundle: options.bundle,
    aliases: Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => compareStrings(a, b))),
    providers,
  };
}

export type ConfigWriteAction = 'created' | 'replaced' | 'unchanged' | 'kept';

/**
 * Writes the starter config unless one exists (any of codex-flow.config.json/yaml/yml):
 * an existing file is kept unless `force`, and never rewritten when identical.
 * Written atomically (temp file + rename).
 */
export function writeStarterConfig(root: string, config: CodexFlowConfigInput, force: boolean): { action: ConfigWriteAction; file: string } {
  const existing = findConfigFile(root);
  const target = path.join(root, STARTER_CONFIG_FILE);
  configSchema.parse(config); // the starter must itself be a valid config
  const text = `${JSON.stringify(config, null, 2)}\n`;
  if (existing && !force) return { action: readIfExists(existing) === text ? 'unchanged' : 'kept', file: existing };
  if (existsSync(target) && readIfExists(target) === text) return { action: 'unchanged', file: target };
  const temp = `${target}.tmp-${process.pid}`;
  writeFileSync(temp, text, 'utf8');
  renameSync(temp, target);
  return { action: existing ? 'replaced' : 'created', file: target };
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** First of the preferred ids present, else the first id ending in `-<word>`, else the first containing it. */
function pick(ids: readonly string[], word: string, preferred: readonly string[]): string | undefined {
  return preferred.find((id) => ids.includes(id)) ?? ids.find((id) => id.endsWith(`-${word}`)) ?? ids.find((id) => id.includes(word));
}
