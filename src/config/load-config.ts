import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../util/errors.js';
import { configSchema, type CodexFlowConfig } from './config-schema.js';

export const CONFIG_FILE_NAMES = ['codex-flow.config.json', 'codex-flow.config.yaml', 'codex-flow.config.yml'] as const;

export interface LoadedConfig {
  config: CodexFlowConfig;
  /** Absolute path of the file read, or undefined when defaults were used. */
  file: string | undefined;
}

/** Finds the config file in `root` (first of {@link CONFIG_FILE_NAMES}). */
export function findConfigFile(root: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(root, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Reads and validates the project config; missing file → all defaults. */
export function loadConfig(root: string, explicitFile?: string): LoadedConfig {
  const file = explicitFile ? path.resolve(root, explicitFile) : findConfigFile(root);
  if (!file) return { config: configSchema.parse({}), file: undefined };
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`Cannot read config ${file}: ${(error as Error).message}. Fix the syntax or remove the file to use defaults.`, { file });
  }
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid config ${file}: ${problems}`, { file, issues: result.error.issues });
  }
  return { config: result.data, file };
}
