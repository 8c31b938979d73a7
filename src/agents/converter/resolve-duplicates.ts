import type { AgentDraft } from './build-agent-definition.js';

export interface ResolvedDraft {
  draft: AgentDraft;
  id: string;
}

export interface DuplicateGroup {
  id: string;
  files: string[];
  resolvedAs: string[];
}

/**
 * Gives every draft a unique id. Drafts must come sorted by source path: the
 * first keeps the id, later ones get `-2`, `-3`… (skipping ids already taken
 * by other agents), so the result is stable and reported.
 */
export function resolveDuplicates(drafts: readonly AgentDraft[]): { resolved: ResolvedDraft[]; duplicates: DuplicateGroup[] } {
  const taken = new Set(drafts.map((draft) => draft.baseId));
  const assigned = new Set<string>();
  const groups = new Map<string, DuplicateGroup>();
  const resolved: ResolvedDraft[] = [];
  for (const draft of drafts) {
    let id = draft.baseId;
    if (assigned.has(id)) {
      let suffix = 2;
      while (taken.has(`${draft.baseId}-${suffix}`) || assigned.has(`${draft.baseId}-${suffix}`)) suffix += 1;
      id = `${draft.baseId}-${suffix}`;
      const group = groups.get(draft.baseId) ?? { id: draft.baseId, files: [], resolvedAs: [] };
      if (group.files.length === 0) {
        const first = resolved.find((item) => item.id === draft.baseId);
        if (first) {
          group.files.push(first.draft.file);
          group.resolvedAs.push(first.id);
        }
      }
      group.files.push(draft.file);
      group.resolvedAs.push(id);
      groups.set(draft.baseId, group);
    }
    assigned.add(id);
    resolved.push({ draft, id });
  }
  return { resolved, duplicates: [...groups.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}
