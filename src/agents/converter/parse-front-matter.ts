import { parse as parseYaml, YAMLParseError } from 'yaml';
import { parseFrontMatterLeniently } from './lenient-front-matter.js';
import { readEmittedYaml } from './read-emitted-yaml.js';
import { readSimpleFrontMatter } from './read-simple-front-matter.js';

export type FrontMatter = Record<string, unknown>;

export type FrontMatterParse =
  | { ok: true; data: FrontMatter; lenient: boolean; strictError?: { line?: number; reason: string } }
  | { ok: false; line?: number; reason: string };

/**
 * Parses front-matter YAML strictly; when that fails (unquoted `key: value`
 * inside descriptions, inline `<example>` dialogues...), falls back to a
 * line-based lenient parse. `startLine` maps YAML lines to file lines.
 */
export function parseFrontMatter(yaml: string, startLine: number): FrontMatterParse {
  // Most front-matter is flat `key: string` or a tidy block subset; those are read without the full parser (same result).
  const simple = readSimpleFrontMatter(yaml) ?? readTidyBlocks(yaml);
  if (simple) return { ok: true, data: simple, lenient: false };
  let strictError: { line?: number; reason: string } | undefined;
  try {
    const data: unknown = parseYaml(yaml, { maxAliasCount: 100, uniqueKeys: false });
    if (data === null || data === undefined) return { ok: true, data: {}, lenient: false };
    if (typeof data !== 'object' || Array.isArray(data)) {
      return { ok: false, line: startLine, reason: `front-matter is a ${Array.isArray(data) ? 'list' : typeof data}, not a mapping of keys` };
    }
    if (isCyclic(data)) return { ok: false, line: startLine, reason: 'front-matter contains a YAML alias that refers to itself (a cycle): remove the anchor/alias' };
    return { ok: true, data: data as FrontMatter, lenient: false };
  } catch (error) {
    const line = error instanceof YAMLParseError && error.linePos ? error.linePos[0].line + startLine - 1 : undefined;
    const reason = ((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'invalid YAML').replace(/ at line \d+, column \d+:?$/, '');
    strictError = line === undefined ? { reason } : { line, reason };
  }
  const lenient = parseFrontMatterLeniently(yaml);
  if (Object.keys(lenient).length === 0) {
    return { ok: false, ...(strictError.line === undefined ? {} : { line: strictError.line }), reason: `invalid YAML front-matter (${strictError.reason}) and no 'key: value' lines found` };
  }
  return { ok: true, data: lenient, lenient: true, strictError };
}

/** Nested front-matter in the block subset {@link readEmittedYaml} reads exactly (2-space nesting, simple scalars). */
function readTidyBlocks(yaml: string): FrontMatter | undefined {
  const value = yaml.trim() === '' ? undefined : readEmittedYaml(`${yaml}\n`);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as FrontMatter) : undefined;
}

/** True when a parsed value contains itself (possible with YAML anchors and aliases). */
function isCyclic(value: unknown, ancestors: Set<unknown> = new Set()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  const cyclic = children.some((child) => isCyclic(child, ancestors));
  ancestors.delete(value);
  return cyclic;
}
