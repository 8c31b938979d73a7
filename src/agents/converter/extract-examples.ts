import type { AgentExample } from '../schema.js';

export interface DescriptionParts {
  /** Description prose without the `<example>` blocks, whitespace tidied. */
  text: string;
  examples: AgentExample[];
}

const EXAMPLE_BLOCK = /<example>([\s\S]*?)(?:<\/example>|$)/gi;
const COMMENTARY = /<commentary>([\s\S]*?)(?:<\/commentary>|$)/i;
const MARKER = /(^|[\s>])(context|user|assistant)\s*:/gi;

/** Turns literal `\n` sequences (common in one-line YAML descriptions) into newlines. */
export function unescapeLiteralNewlines(text: string): string {
  return text.replace(/\\r\\n|\\n/g, '\n').replace(/\\t/g, ' ');
}

/**
 * Splits a Claude Code description into prose and `<example>` dialogues
 * (`Context: … user: "…" assistant: "…" <commentary>…</commentary>`).
 */
export function extractExamples(description: string): DescriptionParts {
  const source = unescapeLiteralNewlines(description);
  const examples: AgentExample[] = [];
  for (const match of source.matchAll(EXAMPLE_BLOCK)) {
    const example = parseExampleBlock(match[1] ?? '');
    if (example) examples.push(example);
  }
  const prose = source
    .replace(EXAMPLE_BLOCK, ' ')
    .replace(/\b(?:for )?examples?\s*:?\s*$/i, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
  return { text: prose.replace(/\n/g, ' ').replace(/\s{2,}/g, ' ').replace(/\s*(?:Examples?|For example)\s*:?\s*$/i, '').trim(), examples };
}

function parseExampleBlock(block: string): AgentExample | undefined {
  let commentary: string | undefined;
  const commentaryMatch = COMMENTARY.exec(block);
  if (commentaryMatch) commentary = tidy(commentaryMatch[1] ?? '');
  const rest = block.replace(COMMENTARY, ' ');
  const fields: Record<string, string> = {};
  const markers = [...rest.matchAll(MARKER)].map((match) => ({
    key: (match[2] ?? '').toLowerCase(),
    start: (match.index ?? 0) + (match[1] ?? '').length,
    valueStart: (match.index ?? 0) + match[0].length,
  }));
  markers.forEach((marker, index) => {
    const end = index + 1 < markers.length ? (markers[index + 1]?.start ?? rest.length) : rest.length;
    if (fields[marker.key] === undefined) fields[marker.key] = tidy(rest.slice(marker.valueStart, end));
  });
  const user = fields.user;
  if (!user) return undefined;
  const example: AgentExample = { user };
  if (fields.context) example.context = fields.context;
  if (fields.assistant) example.assistant = fields.assistant;
  if (commentary) example.commentary = commentary;
  return orderExample(example);
}

/** Stable key order: context, user, assistant, commentary. */
export function orderExample(example: AgentExample): AgentExample {
  const ordered: AgentExample = { user: example.user };
  const result: Record<string, string> = {};
  if (example.context !== undefined) result.context = example.context;
  result.user = ordered.user;
  if (example.assistant !== undefined) result.assistant = example.assistant;
  if (example.commentary !== undefined) result.commentary = example.commentary;
  return result as AgentExample;
}

function tidy(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return stripQuotes(trimmed);
}

function stripQuotes(value: string): string {
  const pairs: [string, string][] = [['"', '"'], ["'", "'"], ['“', '”'], ['‘', '’']];
  for (const [open, close] of pairs) {
    if (value.length >= 2 && value.startsWith(open) && value.endsWith(close)) return value.slice(open.length, -close.length).trim();
  }
  return value;
}
