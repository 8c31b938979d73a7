/** Claude Code's built-in tool names (anything else, except MCP tools, is flagged). */
export const KNOWN_CLAUDE_TOOLS: readonly string[] = [
  'Agent', 'Bash', 'BashOutput', 'Edit', 'ExitPlanMode', 'Glob', 'Grep', 'KillBash', 'KillShell', 'LS', 'MultiEdit',
  'NotebookEdit', 'NotebookRead', 'Read', 'Skill', 'SlashCommand', 'Task', 'TodoRead', 'TodoWrite', 'WebFetch', 'WebSearch', 'Write',
];

const KNOWN = new Set(KNOWN_CLAUDE_TOOLS);
const MCP_TOOL = /^mcp__[A-Za-z0-9_.-]+(?:__[A-Za-z0-9_.*-]+)?$/;

export interface NormalizedTools {
  /** `['*']` when the source did not restrict tools; otherwise the listed names, sorted and de-duplicated. */
  allowed: string[];
  /** Names that are neither Claude Code built-ins, MCP tools nor `*`. */
  unknown: string[];
  warnings: string[];
}

/**
 * `tools` as a comma string, a YAML list, `[]` or absent (absent = every tool,
 * written as `['*']` so the policy is visible). Tool patterns such as
 * `Bash(git:*)` are kept and checked by their base name.
 */
export function normalizeTools(value: unknown): NormalizedTools {
  const warnings: string[] = [];
  if (value === undefined || value === null) return { allowed: ['*'], unknown: [], warnings };
  let names: string[];
  if (Array.isArray(value)) names = value.flatMap((item) => (typeof item === 'string' ? splitToolString(item) : item === null || item === undefined ? [] : [String(item)]));
  else if (typeof value === 'string') names = splitToolString(value);
  else {
    warnings.push(`tools has an unexpected ${typeof value} value; treated as no tools`);
    names = [];
  }
  const allowed = [...new Set(names)].sort();
  const unknown = allowed.filter((name) => !isKnownTool(name));
  return { allowed, unknown, warnings };
}

function splitToolString(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '[]') return [];
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  // Split on commas outside parentheses so `Bash(git add, git commit)` stays whole.
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of inner) {
    if (char === '(') depth += 1;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim().replace(/^["']|["']$/g, '').trim()).filter((part) => part.length > 0);
}

export function isKnownTool(name: string): boolean {
  if (name === '*') return true;
  if (MCP_TOOL.test(name)) return true;
  const base = name.replace(/\(.*\)$/s, '');
  return KNOWN.has(base);
}
