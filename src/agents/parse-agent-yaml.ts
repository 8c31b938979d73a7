import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ValidationIssue } from '../util/errors.js';
import { readEmittedYaml } from './converter/read-emitted-yaml.js';
import { agentSchema, findUnknownKeys, type AgentDefinition } from './schema.js';

/** Agent YAML files larger than this are refused (a definition is a few KB). */
export const MAX_AGENT_FILE_BYTES = 1024 * 1024;

export type ParsedAgent =
  | { ok: true; definition: AgentDefinition; unknownKeys: string[] }
  | { ok: false; issues: ValidationIssue[] };

/**
 * Parses one `*.codex.yaml` and fills defaults through the one schema.
 * Never throws: syntax errors come back with their line, schema errors with
 * the path inside the document.
 */
export function parseAgentYaml(text: string, file: string): ParsedAgent {
  if (Buffer.byteLength(text, 'utf8') > MAX_AGENT_FILE_BYTES) {
    return { ok: false, issues: [{ file, path: '(file)', message: `larger than ${MAX_AGENT_FILE_BYTES} bytes; an agent definition should be a few KB` }] };
  }
  let raw: unknown;
  try {
    // Fast path for the subset the converter emits; anything else goes through the full YAML parser.
    raw = readEmittedYaml(text) ?? parseYaml(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      return { ok: false, issues: [{ file, path: '(yaml)', message: firstLine(error.message), ...(line ? { line } : {}) }] };
    }
    return { ok: false, issues: [{ file, path: '(yaml)', message: firstLine(String((error as Error).message ?? error)) }] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, issues: [{ file, path: '(root)', message: 'expected a YAML mapping with at least `agent: {id, name}`' }] };
  }
  const result = agentSchema.safeParse(raw);
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((issue) => ({ file, path: issue.path.map(String).join('.') || '(root)', message: issue.message })),
    };
  }
  return { ok: true, definition: result.data, unknownKeys: findUnknownKeys(raw) };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
