import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { AGENT_FILE_SUFFIX, BRIEF_FILE_SUFFIX } from '../agents/bundle-format.js';
import type { Registry } from '../agents/registry.js';

/** At most this much of each brief is read for routing (the start of a brief says what the agent is for). */
export const MAX_BRIEF_BYTES = 6 * 1024;

/**
 * Reads each agent's brief (`<id>.md` next to its YAML) for the semantic
 * stage: its headings and opening text. Missing or unreadable briefs are
 * simply absent — routing still works from the definition alone.
 */
export function readBriefs(registry: Registry): Map<string, string> {
  const briefs = new Map<string, string>();
  for (const id of registry.ids()) {
    const entry = registry.entry(id);
    if (!entry || !entry.file.endsWith(AGENT_FILE_SUFFIX)) continue;
    const relative = `${entry.file.slice(0, -AGENT_FILE_SUFFIX.length)}${BRIEF_FILE_SUFFIX}`;
    // Most agents of a large fleet have no brief: the load's scan already knows, no failed open per agent.
    if (!registry.mayHaveFile(relative)) continue;
    const text = readPrefix(path.join(registry.dir, relative), MAX_BRIEF_BYTES);
    if (text !== undefined) briefs.set(id, text);
  }
  return briefs;
}

function readPrefix(file: string, limit: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(limit);
    const size = readSync(fd, buffer, 0, limit, 0);
    // Drop a possibly cut multi-byte character at the end.
    return buffer.subarray(0, size).toString('utf8').replace(/\uFFFD+$/, '');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
