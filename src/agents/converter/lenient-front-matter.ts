import { parse as parseYaml } from 'yaml';

/**
 * Keys that start a new entry in lenient mode even in the middle of prose.
 * Other `word:` prefixes at column 0 (e.g. `Context:`, `user:` inside an
 * `<example>` dialogue) are continuation text of the previous value.
 */
const KNOWN_KEYS = new Set([
  'name', 'description', 'tools', 'model', 'color', 'colour', 'type', 'version', 'priority', 'capabilities', 'hooks',
  'triggers', 'metadata', 'category', 'examples', 'author', 'created', 'updated', 'tags', 'permissionMode', 'skills',
  'disallowedTools', 'disallowed_tools', 'mcpServers', 'emoji', 'icon', 'id', 'languages', 'frameworks', 'domain',
]);
const DIALOGUE_WORDS = new Set(['context', 'user', 'assistant', 'commentary', 'example', 'note', 'human', 'claude', 'response', 'output', 'input']);
const KEY_LINE = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*))?$/;

/**
 * Line-based fallback for front-matter that is not valid YAML. Each top-level
 * `key:` line starts an entry; following lines (indented, or prose) belong to
 * it. Each entry is parsed as YAML on its own and, if that fails too, kept as
 * plain text (quotes stripped, lines joined).
 */
export function parseFrontMatterLeniently(yaml: string): Record<string, unknown> {
  const entries: { key: string; lines: string[] }[] = [];
  for (const line of yaml.split('\n')) {
    const match = KEY_LINE.exec(line);
    const key = match?.[1];
    const startsEntry = key !== undefined && (KNOWN_KEYS.has(key) || (entries.length === 0 ? true : isPlausibleKey(key, entries)));
    if (startsEntry && key !== undefined) entries.push({ key, lines: [line] });
    else if (entries.length > 0) entries[entries.length - 1]?.lines.push(line);
  }
  const result: Record<string, unknown> = {};
  for (const entry of entries) {
    if (entry.key in result) continue; // first occurrence wins, as in most YAML readers
    result[entry.key] = parseEntry(entry.key, entry.lines);
  }
  return result;
}

function isPlausibleKey(key: string, entries: { key: string }[]): boolean {
  if (DIALOGUE_WORDS.has(key.toLowerCase())) return false;
  // Inside a description, a capitalised word followed by ':' is prose.
  const previous = entries[entries.length - 1]?.key;
  if (previous === 'description' && /^[A-Z]/.test(key)) return false;
  return /^[a-z_][a-z0-9_-]*$/i.test(key);
}

function parseEntry(key: string, lines: string[]): unknown {
  const text = lines.join('\n');
  try {
    const parsed: unknown = parseYaml(text, { uniqueKeys: false });
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && key in parsed) {
      return (parsed as Record<string, unknown>)[key];
    }
  } catch {
    // fall through to plain text
  }
  const first = (lines[0] ?? '').slice(key.length + 1).trim();
  const rest = lines.slice(1).map((line) => line.trim());
  const joined = [first, ...rest].filter((part) => part.length > 0).join('\n');
  return stripQuotes(joined);
}

function stripQuotes(value: string): string {
  if (value.length >= 2) {
    const head = value[0];
    const tail = value[value.length - 1];
    if ((head === '"' && tail === '"') || (head === "'" && tail === "'")) return value.slice(1, -1);
  }
  return value;
}
