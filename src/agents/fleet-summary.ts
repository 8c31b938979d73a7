import type { AliasInfo, Registry } from './registry.js';
import type { RegistryProblem } from './registry-problems.js';
import { compareStrings } from '../util/compare-strings.js';

/** What `codex-flow load` (and init/quickstart) report about a bundle. */
export interface FleetSummary {
  dir: string;
  generatedAt: string | null;
  sourceHash: string | null;
  /** Entries in index.json, valid or not (the original bundle has 66). */
  entries: number;
  /** Distinct usable agent ids. */
  agents: number;
  /** Those ids, in index order. */
  ids: string[];
  /** Agents whose definition parsed and validated (after `validateAll`). */
  loadable: number;
  /** Index entries per domain / tier (duplicates counted per entry), keys sorted. */
  byDomain: Record<string, number>;
  byTier: Record<string, number>;
  duplicates: { id: string; files: string[]; used: string }[];
  /** Why the index is stale: agent files on disk it does not list, or `out of date with <source>`. */
  staleIndex: string[];
  invalidFiles: { id?: string; file?: string; reason: string }[];
  missingFiles: { id?: string; file?: string }[];
  aliases: AliasInfo[];
  errors: number;
  warnings: number;
  /** Every problem, errors first, then in discovery order. */
  problems: RegistryProblem[];
}

/** Parses every agent (validateAll) and summarises the fleet; `extraProblems` (e.g. a stale-vs-source check) are counted in. */
export function summarizeFleet(registry: Registry, extraProblems: readonly RegistryProblem[] = []): FleetSummary {
  const problems = [...extraProblems, ...registry.validateAll()].sort((a, b) => severityRank(a) - severityRank(b));
  const byDomain: Record<string, number> = {};
  const byTier: Record<string, number> = {};
  for (const entry of registry.list()) {
    byDomain[entry.domain] = (byDomain[entry.domain] ?? 0) + 1;
    byTier[entry.tier] = (byTier[entry.tier] ?? 0) + 1;
  }
  const duplicates = registry
    .ids()
    .filter((id) => registry.entriesOf(id).length > 1)
    .map((id) => {
      const files = registry.entriesOf(id).map((entry) => entry.file);
      return { id, files, used: files[0] as string };
    });
  return {
    dir: registry.dir,
    generatedAt: registry.version.generatedAt ?? null,
    sourceHash: registry.version.sourceHash ?? null,
    entries: registry.indexCount,
    agents: registry.ids().length,
    ids: [...registry.ids()],
    loadable: registry.ids().filter((id) => registry.tryGet(id) !== undefined).length,
    byDomain: sortKeys(byDomain),
    byTier: sortKeys(byTier),
    duplicates,
    staleIndex: problems.filter((p) => p.kind === 'stale_index').map((p) => p.file ?? p.message),
    invalidFiles: problems
      .filter((p) => p.kind === 'invalid_file' || p.kind === 'id_mismatch' || p.kind === 'unsafe_entry' || p.kind === 'invalid_index_entry')
      .map((p) => ({ ...(p.id ? { id: p.id } : {}), ...(p.file ? { file: p.file } : {}), reason: p.message })),
    missingFiles: problems.filter((p) => p.kind === 'missing_file').map((p) => ({ ...(p.id ? { id: p.id } : {}), ...(p.file ? { file: p.file } : {}) })),
    aliases: [...registry.aliases()],
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    problems,
  };
}

/** Human-readable fleet report (counts, aliases, problems). */
export function formatFleetSummary(summary: FleetSummary, options: { maxProblems?: number } = {}): string {
  const lines: string[] = [];
  lines.push(`Bundle: ${summary.dir}`);
  lines.push(`Version: generatedAt ${summary.generatedAt ?? '(none)'}, sourceHash ${summary.sourceHash ?? '(none)'}`);
  lines.push(`Agents: ${summary.entries} index entries, ${summary.agents} distinct ids, ${summary.loadable} load cleanly`);
  lines.push(`By domain: ${formatCounts(summary.byDomain)}`);
  lines.push(`By tier: ${formatCounts(summary.byTier)}`);
  if (summary.aliases.length > 0) lines.push(`Aliases: ${formatAliases(summary.aliases)}`);
  lines.push(`Duplicate ids: ${summary.duplicates.length === 0 ? 'none' : summary.duplicates.map((d) => `${d.id} (${d.files.join(', ')}; using ${d.used})`).join('; ')}`);
  lines.push(`Stale index: ${summary.staleIndex.length === 0 ? 'no' : `yes — ${summary.staleIndex.join('; ')}`}`);
  lines.push(`Invalid files: ${summary.invalidFiles.length}; missing files: ${summary.missingFiles.length}`);
  const max = options.maxProblems ?? 50;
  if (summary.problems.length > 0) {
    lines.push(`Problems: ${summary.errors} error(s), ${summary.warnings} warning(s)`);
    for (const item of summary.problems.slice(0, max)) lines.push(`  ${item.severity === 'error' ? 'ERROR' : 'warn '} [${item.kind}] ${item.message}`);
    if (summary.problems.length > max) lines.push(`  … ${summary.problems.length - max} more (use --json for all)`);
  } else {
    lines.push('Problems: none');
  }
  return lines.join('\n') + '\n';
}

/** Aliases that rename or override are listed; plain `id → id` ones are only counted. */
function formatAliases(aliases: readonly AliasInfo[]): string {
  const named = aliases.filter((a) => a.alias !== a.agentId || a.hasOverrides);
  const plain = aliases.length - named.length;
  const listed = named.map((a) => `${a.alias} → ${a.agentId}${a.hasOverrides ? ' (overrides)' : ''}`);
  return [...listed, ...(plain > 0 ? [`${plain} more naming their agent's own id`] : [])].join(', ');
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? '(none)' : entries.map(([key, count]) => `${key} ${count}`).join(', ');
}

function sortKeys(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareStrings(a, b)));
}

function severityRank(item: RegistryProblem): number {
  return item.severity === 'error' ? 0 : 1;
}
