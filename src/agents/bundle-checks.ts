import { isSafeId } from '../util/safe-id.js';
import { AGENT_FILE_SUFFIX, BRIEF_FILE_SUFFIX, INDEX_FILE, TRIGGERS_FILE } from './bundle-format.js';
import type { BundleSnapshot } from './bundle-snapshot.js';
import type { NormalizedTriggers } from './normalize-triggers.js';
import { problem, type RegistryProblem } from './registry-problems.js';

/* Bundle-level checks the registry runs at load; none of them parses agent YAML. */

/** index.json's version gate and format version. */
export function metadataProblems(indexRaw: Record<string, unknown>): RegistryProblem[] {
  const out: RegistryProblem[] = [];
  if (typeof indexRaw.generatedAt !== 'string') out.push(problem('index_metadata', 'index.json has no "generatedAt"; hot reload cannot tell versions apart. Re-run `codex-flow convert`.', { file: INDEX_FILE }));
  if (indexRaw.version !== 1) out.push(problem('index_metadata', `index.json "version" is ${JSON.stringify(indexRaw.version)}; this codex-flow reads version 1.`, { file: INDEX_FILE }));
  return out;
}

/** Agent YAML on disk that the index does not list (stale index), and files that are not part of the bundle format. */
export function fileProblems(snapshot: Pick<BundleSnapshot, 'files' | 'scanTruncated'>, indexedFiles: ReadonlySet<string>): RegistryProblem[] {
  const out: RegistryProblem[] = [];
  const present = new Set(snapshot.files);
  for (const file of snapshot.files) {
    if (file === INDEX_FILE || file === TRIGGERS_FILE) continue;
    if (file.endsWith(AGENT_FILE_SUFFIX)) {
      if (!indexedFiles.has(file)) out.push(problem('stale_index', `${file} is an agent file that index.json does not list; the index is stale. Re-run \`codex-flow convert\`.`, { file }));
      continue;
    }
    if (file.endsWith(BRIEF_FILE_SUFFIX) && present.has(file.slice(0, -BRIEF_FILE_SUFFIX.length) + AGENT_FILE_SUFFIX)) continue;
    out.push(problem('stray_file', `${file} is not part of the bundle format (not an indexed *.codex.yaml or its brief); it is ignored.`, { file }));
  }
  if (snapshot.scanTruncated) out.push(problem('stray_file', 'The bundle folder has too many files; the stale-index check looked at the first 20000 only.'));
  return out;
}

export function unknownTriggerAgents(triggers: NormalizedTriggers, ids: ReadonlySet<string>): RegistryProblem[] {
  const counts = new Map<string, Map<string, number>>();
  const note = (table: string, id: string): void => {
    if (ids.has(id)) return;
    const perTable = counts.get(id) ?? new Map<string, number>();
    perTable.set(table, (perTable.get(table) ?? 0) + 1);
    counts.set(id, perTable);
  };
  for (const agents of Object.values(triggers.keywords)) for (const id of agents) note('keywords', id);
  for (const row of triggers.regex) for (const id of row.agents) note('regex', id);
  for (const agents of Object.values(triggers.file_patterns)) for (const id of agents) note('file_patterns', id);
  for (const [id, edges] of Object.entries(triggers.delegations ?? {})) {
    note('delegations', id);
    for (const other of [...edges.prefers, ...edges.complements]) note('delegations', other);
  }
  for (const example of triggers.examples ?? []) note('examples', example.agent);
  return [...counts].map(([id, perTable]) =>
    problem('unknown_trigger_agent', `${TRIGGERS_FILE} routes to "${id.slice(0, 80)}", which index.json does not have (${[...perTable].map(([t, n]) => `${t}: ${n}`).join(', ')}). Re-run \`codex-flow convert\`.`, {
      file: TRIGGERS_FILE,
      ...(isSafeId(id) ? { id } : {}),
    }),
  );
}
