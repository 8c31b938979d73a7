import type { ValidationIssue } from '../util/errors.js';

/**
 * What can be wrong with a bundle, as the registry sees it. Errors make
 * `codex-flow load` exit 2; warnings are shown but do not fail.
 */
export type RegistryProblemKind =
  /** The same agent id appears more than once in index.json (the first wins for `get`). */
  | 'duplicate_id'
  /** An index entry lacks a usable id/domain or is not an object. */
  | 'invalid_index_entry'
  /** An index entry's id/domain/subdomain would lead outside the bundle (e.g. `../..`). */
  | 'unsafe_entry'
  /** The YAML an index entry points at does not exist. */
  | 'missing_file'
  /** The YAML exists but does not parse or does not fit the agent schema. */
  | 'invalid_file'
  /** The YAML's `agent.id` differs from the id index.json lists for it. */
  | 'id_mismatch'
  /** An agent YAML (`*.codex.yaml`) on disk that index.json does not list: the index is stale. */
  | 'stale_index'
  /** A file in the bundle that is neither an indexed agent, its brief, nor index/triggers. */
  | 'stray_file'
  /** triggers.json names an agent id that index.json does not have. */
  | 'unknown_trigger_agent'
  /** triggers.json is missing, malformed, or has entries of the wrong shape. */
  | 'invalid_triggers'
  /** index.json metadata is missing or odd (no generatedAt, unknown version). */
  | 'index_metadata'
  /** Unknown keys in an agent YAML: kept, reported. */
  | 'unknown_keys'
  /** A config alias with an unsafe name or id. */
  | 'unsafe_alias'
  /** A config alias pointing at an agent the bundle does not have. */
  | 'alias_unknown_agent'
  /** A config alias whose overrides do not fit the agent schema. */
  | 'invalid_alias_overrides'
  /** A config alias named like an existing agent id but pointing elsewhere (the alias wins). */
  | 'alias_shadows_agent';

export type ProblemSeverity = 'error' | 'warning';

export interface RegistryProblem {
  kind: RegistryProblemKind;
  severity: ProblemSeverity;
  message: string;
  /** Agent id (or alias, for alias problems) concerned. */
  id?: string;
  /** Bundle-relative file concerned. */
  file?: string;
  /** 0-based position in index.json's `agents`, when about an entry. */
  position?: number;
  /** Detailed issues (path inside the document, line) for invalid files. */
  issues?: ValidationIssue[];
}

export const ERROR_KINDS: ReadonlySet<RegistryProblemKind> = new Set<RegistryProblemKind>([
  'duplicate_id',
  'invalid_index_entry',
  'unsafe_entry',
  'missing_file',
  'invalid_file',
  'id_mismatch',
  'stale_index',
  'unknown_trigger_agent',
  'invalid_triggers',
  'unsafe_alias',
  'alias_unknown_agent',
  'invalid_alias_overrides',
]);

export function problem(kind: RegistryProblemKind, message: string, extra: Omit<RegistryProblem, 'kind' | 'severity' | 'message'> = {}): RegistryProblem {
  return { kind, severity: ERROR_KINDS.has(kind) ? 'error' : 'warning', message, ...extra };
}

export function hasErrors(problems: readonly RegistryProblem[]): boolean {
  return problems.some((item) => item.severity === 'error');
}
