import { PRIORITY_WORDS, type Priority } from './schema.js';
import type { RegexTableEntry, TriggerExample, TriggersFile } from './bundle-format.js';
import { priorityValue } from './trigger-priority.js';

/** A regex row with its priority as written (number or word) and a numeric view. */
export interface NormalizedRegexEntry extends RegexTableEntry {
  priorityValue: number;
}

/** triggers.json after normalisation: always the three tables, maps for keywords and file patterns. */
export interface NormalizedTriggers extends TriggersFile {
  regex: NormalizedRegexEntry[];
}

export interface TriggersNormalizeResult {
  triggers: NormalizedTriggers;
  /** Human-readable reasons for rows that were dropped or repaired. */
  issues: string[];
}

export function emptyTriggers(): NormalizedTriggers {
  return { keywords: {}, regex: [], file_patterns: {} };
}

/**
 * Accepts triggers.json as the original Codex Flow wrote it (keyword and file
 * pattern maps, regex rows with word priorities) and the codex-flow additions
 * (numeric priorities, delegations, examples). Rows of the wrong shape are
 * dropped with an issue; nothing throws.
 */
export function normalizeTriggers(raw: unknown): TriggersNormalizeResult {
  const issues: string[] = [];
  const triggers = emptyTriggers();
  if (!isRecord(raw)) {
    issues.push('triggers.json is not a JSON object');
    return { triggers, issues };
  }
  triggers.keywords = normalizeTable(raw.keywords, 'keywords', 'keyword', issues);
  triggers.file_patterns = normalizeTable(raw.file_patterns, 'file_patterns', 'glob', issues);
  triggers.regex = normalizeRegex(raw.regex, issues);
  if (raw.delegations !== undefined) {
    const delegations = normalizeDelegations(raw.delegations, issues);
    if (delegations) triggers.delegations = delegations;
  }
  if (raw.examples !== undefined) triggers.examples = normalizeExamples(raw.examples, issues);
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) (triggers as unknown as Record<string, unknown>)[key] = raw[key];
  }
  return { triggers, issues };
}

const KNOWN_KEYS = new Set(['keywords', 'regex', 'file_patterns', 'delegations', 'examples']);

/** `{phrase: [ids]}` (original) or `[{<keyName>|pattern, agents}]` → a map. */
function normalizeTable(value: unknown, table: string, keyName: string, issues: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (value === undefined) return out;
  const add = (key: unknown, agents: unknown, where: string): void => {
    if (typeof key !== 'string' || key.length === 0 || key === '__proto__') {
      issues.push(`${where}: the ${keyName} must be a non-empty string (and not __proto__)`);
      return;
    }
    const ids = idList(agents);
    if (!ids) {
      issues.push(`${where}: agents must be a string or a list of strings`);
      return;
    }
    out[key] = Object.hasOwn(out, key) ? [...new Set([...(out[key] ?? []), ...ids])] : ids;
  };
  if (Array.isArray(value)) {
    value.forEach((row, index) => {
      if (!isRecord(row)) issues.push(`${table}[${index}]: expected an object`);
      else add(row[keyName] ?? row.pattern ?? row.keyword, row.agents, `${table}[${index}]`);
    });
  } else if (isRecord(value)) {
    for (const [key, agents] of Object.entries(value)) add(key, agents, `${table}.${key}`);
  } else {
    issues.push(`${table}: expected a map of ${keyName} → agent ids`);
  }
  return out;
}

function normalizeRegex(value: unknown, issues: string[]): NormalizedRegexEntry[] {
  if (value === undefined) return [];
  const rows: unknown[] = Array.isArray(value)
    ? value
    : isRecord(value)
      ? Object.entries(value).map(([pattern, agents]) => ({ pattern, agents }))
      : [];
  if (!Array.isArray(value) && !isRecord(value)) issues.push('regex: expected a list of {pattern, priority, agents}');
  const out: NormalizedRegexEntry[] = [];
  rows.forEach((row, index) => {
    const where = `regex[${index}]`;
    if (!isRecord(row) || typeof row.pattern !== 'string' || row.pattern.length === 0) {
      issues.push(`${where}: expected {pattern: string, agents: [...]}`);
      return;
    }
    const agents = idList(row.agents);
    if (!agents) {
      issues.push(`${where}: agents must be a string or a list of strings`);
      return;
    }
    let priority: Priority = 'medium';
    if (row.priority !== undefined) {
      if (isPriority(row.priority)) priority = row.priority;
      else issues.push(`${where}: priority ${JSON.stringify(row.priority)} is not 0–100 or low/medium/high; using medium`);
    }
    out.push({ pattern: row.pattern, priority, agents, priorityValue: priorityValue(priority) });
  });
  return out;
}

function normalizeDelegations(value: unknown, issues: string[]): TriggersFile['delegations'] {
  if (!isRecord(value)) {
    issues.push('delegations: expected a map of agent id → {prefers, complements}');
    return undefined;
  }
  const out: NonNullable<TriggersFile['delegations']> = {};
  for (const [id, edges] of Object.entries(value)) {
    if (id === '__proto__') continue;
    const prefers = isRecord(edges) ? idList(edges.prefers ?? []) : undefined;
    const complements = isRecord(edges) ? idList(edges.complements ?? []) : undefined;
    if (!prefers || !complements) issues.push(`delegations.${id}: expected {prefers: [...], complements: [...]}`);
    else out[id] = { prefers, complements };
  }
  return out;
}

function normalizeExamples(value: unknown, issues: string[]): TriggerExample[] {
  if (!Array.isArray(value)) {
    issues.push('examples: expected a list of {agent, user}');
    return [];
  }
  const out: TriggerExample[] = [];
  value.forEach((row, index) => {
    if (isRecord(row) && typeof row.agent === 'string' && typeof row.user === 'string') {
      out.push({ agent: row.agent, user: row.user, ...(typeof row.context === 'string' ? { context: row.context } : {}) });
    } else {
      issues.push(`examples[${index}]: expected {agent: string, user: string}`);
    }
  });
  return out;
}

function isPriority(value: unknown): value is Priority {
  return (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100) || (PRIORITY_WORDS as readonly unknown[]).includes(value);
}

function idList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...(value as string[])];
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
