import path from 'node:path';

/**
 * The example fleet shipped inside the codex-flow package
 * (`examples/.claude/agents`), found relative to this module — from `src/setup`
 * under tsx/vitest and from `dist/setup` in the published package — never
 * relative to the current directory.
 */
export function packagedExampleAgentsDir(): string {
  return path.resolve(import.meta.dirname, '..', '..', 'examples', '.claude', 'agents');
}
