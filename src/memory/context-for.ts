import type { MemoryPolicyResolver } from './memory-policy.js';
import { sharingAllows } from './memory-policy.js';
import type { MemoryRecord } from './memory-record.js';
import type { MemoryStore } from './memory-store.js';

export interface PriorContextRequest {
  /** The alias about to run a task. */
  alias: string;
  agentId: string;
  /** Records per alias to hand over (`memory.window` in the config). */
  window: number;
  /** `--share-context`: also look at other aliases whose policy shares with this one. */
  shareContext: boolean;
  /** Other aliases to consider (e.g. the aliases of the current run). */
  otherAliases?: readonly string[];
}

export interface PriorContext {
  /** Oldest first; own alias and shared aliases merged by time. */
  records: MemoryRecord[];
  /** Aliases the records came from. */
  fromAliases: string[];
}

/**
 * The prior context a later task may receive: its own alias's window always;
 * other aliases' windows only with `shareContext` AND when their
 * `sharing_policy.share_with` lists this alias or agent id (or `*`).
 */
export async function contextFor(store: MemoryStore, policyFor: MemoryPolicyResolver, request: PriorContextRequest): Promise<PriorContext> {
  const sources = [request.alias];
  if (request.shareContext) {
    for (const other of request.otherAliases ?? []) {
      if (other === request.alias || sources.includes(other)) continue;
      if (sharingAllows(other, policyFor(other), request.alias, request.agentId)) sources.push(other);
    }
  }
  const windows = await Promise.all(sources.map((alias) => store.window(alias, request.window)));
  const records = windows.flat().sort((a, b) => a.ts.localeCompare(b.ts));
  const fromAliases = sources.filter((_alias, index) => (windows[index]?.length ?? 0) > 0);
  return { records, fromAliases };
}

/** Longest prior-context text handed to a prompt. */
export const PRIOR_CONTEXT_CHAR_LIMIT = 8_000;

/**
 * Renders prior context for a prompt (`buildMessages({ context })`): newest
 * records kept first when over the limit; '' when there is nothing.
 */
export function formatPriorContext(context: PriorContext, limit = PRIOR_CONTEXT_CHAR_LIMIT): string {
  if (context.records.length === 0) return '';
  const lines: string[] = [];
  let used = 0;
  for (const record of [...context.records].reverse()) {
    const outcome = record.ok ? (record.output ?? '') : `failed: ${record.error?.message ?? 'unknown error'}`;
    const line = `- [${record.alias} ${record.taskId}] ${oneLine(record.task, 300)} → ${oneLine(outcome, 600)}`;
    if (used + line.length > limit) break;
    lines.unshift(line);
    used += line.length + 1;
  }
  return lines.length === 0 ? '' : `Prior context (earlier tasks, oldest first):\n${lines.join('\n')}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
