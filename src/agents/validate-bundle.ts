import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { RE2JS } from 're2js';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { ValidationIssue } from '../util/errors.js';
import { isSafeId } from '../util/safe-id.js';
import { AGENT_FILE_SUFFIX, INDEX_FILE, TRIGGERS_FILE, agentFilePath, type IndexFile, type TriggersFile } from './bundle-format.js';
import { scanBundle, SCAN_MAX_DEPTH, SCAN_MAX_FILES } from './scan-bundle.js';
import { agentSchema, findUnknownKeys, PRIORITY_WORDS } from './schema.js';

/** Result of validating a file or a folder: problems fail validation, warnings do not. */
export interface ValidationReport {
  target: string;
  filesChecked: number;
  problems: ValidationIssue[];
  warnings: ValidationIssue[];
}

interface Collector {
  problems: ValidationIssue[];
  warnings: ValidationIssue[];
}

function lineOf(doc: Document, counter: LineCounter, pathParts: readonly (string | number)[]): number | undefined {
  for (let length = pathParts.length; length >= 0; length -= 1) {
    const node: unknown = length === 0 ? doc.contents : doc.getIn(pathParts.slice(0, length), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

function dotted(pathParts: readonly PropertyKey[]): string {
  return pathParts.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[') || '(root)';
}

function re2Problem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Validates one agent document's text; `file` is used in messages. Returns the parsed value when it parsed. */
export function validateAgentText(file: string, text: string, into: Collector): Record<string, unknown> | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      into.problems.push({ file, path: '(document)', message: `invalid YAML: ${error.message.split('\n')[0] ?? ''}`, ...(error.linePos ? { line: error.linePos[0].line } : {}) });
    }
    return undefined;
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  for (const unknown of findUnknownKeys(value)) {
    const parts = unknown.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const line = lineOf(doc, counter, parts);
    into.warnings.push({ file, path: unknown, message: 'unknown key (kept, not used by codex-flow)', ...(line === undefined ? {} : { line }) });
  }
  const result = agentSchema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const parts = issue.path.filter((part): part is string | number => typeof part === 'string' || typeof part === 'number');
      const line = lineOf(doc, counter, parts);
      into.problems.push({ file, path: dotted(issue.path), message: issue.message, ...(line === undefined ? {} : { line }) });
    }
    return undefined;
  }
  const definition = result.data;
  if (!isSafeId(definition.agent.id)) {
    const line = lineOf(doc, counter, ['agent', 'id']);
    into.problems.push({ file, path: 'agent.id', message: `unsafe id ${JSON.stringify(definition.agent.id)}: use [a-z0-9][a-z0-9._-]*, no '..'`, ...(line === undefined ? {} : { line }) });
  }
  definition.triggers.regex.forEach((trigger, index) => {
    const problem = re2Problem(trigger.pattern);
    if (problem) {
      const line = lineOf(doc, counter, ['triggers', 'regex', index, 'pattern']);
      into.problems.push({ file, path: `triggers.regex[${index}].pattern`, message: `not an RE2 (linear-time) regex: ${problem}`, ...(line === undefined ? {} : { line }) });
    }
  });
  return value as Record<string, unknown>;
}

/** Agent files under `dir` (absolute paths, sorted), with scanBundle's depth and count bounds; hitting them is a problem, not a silent cut. */
function listAgentFiles(dir: string, into: Collector): string[] {
  const scan = scanBundle(dir);
  if (scan.truncated) {
    into.problems.push({ file: '.', path: '(folder)', message: `stopped after ${SCAN_MAX_FILES} files: point validate at the bundle folder itself (codex/agents), not a parent folder` });
  }
  for (const folder of scan.tooDeep.slice(0, 5)) {
    into.problems.push({ file: folder, path: '(folder)', message: `deeper than ${SCAN_MAX_DEPTH} folder levels: not checked (a bundle is <domain>[/<subdomain>]/<id>.codex.yaml)` });
  }
  for (const folder of scan.unreadable.slice(0, 5)) {
    into.problems.push({ file: folder || '.', path: '(folder)', message: 'cannot be read: check its permissions' });
  }
  return scan.files.filter((file) => file.endsWith(AGENT_FILE_SUFFIX)).map((file) => path.join(dir, ...file.split('/')));
}

function readJson(file: string, display: string, into: Collector): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    into.problems.push({ file: display, path: '(document)', message: `cannot read JSON: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateTriggers(triggers: unknown, ids: ReadonlySet<string>, into: Collector): void {
  const file = TRIGGERS_FILE;
  if (!isRecord(triggers)) {
    into.problems.push({ file, path: '(root)', message: 'triggers.json must be an object with keywords, regex and file_patterns' });
    return;
  }
  const t = triggers as Partial<TriggersFile>;
  const checkIds = (where: string, agents: unknown): void => {
    if (!Array.isArray(agents) || agents.some((id) => typeof id !== 'string')) {
      into.problems.push({ file, path: where, message: 'must be a list of agent ids' });
      return;
    }
    for (const id of agents as string[]) if (!ids.has(id)) into.problems.push({ file, path: where, message: `agent ${JSON.stringify(id)} is not in index.json` });
  };
  for (const section of ['keywords', 'file_patterns'] as const) {
    const table = t[section];
    if (!isRecord(table)) {
      into.problems.push({ file, path: section, message: 'must be an object {phrase: [agent ids]}' });
      continue;
    }
    for (const [phrase, agents] of Object.entries(table)) checkIds(`${section}.${JSON.stringify(phrase)}`, agents);
  }
  if (!Array.isArray(t.regex)) into.problems.push({ file, path: 'regex', message: 'must be a list of {pattern, priority, agents}' });
  else {
    t.regex.forEach((entry, index) => {
      const where = `regex[${index}]`;
      if (!isRecord(entry) || typeof entry.pattern !== 'string') {
        into.problems.push({ file, path: where, message: 'must be {pattern, priority, agents}' });
        return;
      }
      const problem = re2Problem(entry.pattern);
      if (problem) into.problems.push({ file, path: `${where}.pattern`, message: `not an RE2 (linear-time) regex: ${problem}` });
      const priority: unknown = entry.priority;
      const priorityOk = (typeof priority === 'number' && priority >= 0 && priority <= 100) || (typeof priority === 'string' && (PRIORITY_WORDS as readonly string[]).includes(priority));
      if (!priorityOk) into.problems.push({ file, path: `${where}.priority`, message: 'must be a number 0–100 or low/medium/high' });
      checkIds(`${where}.agents`, entry.agents);
    });
  }
  if (t.delegations !== undefined) {
    if (!isRecord(t.delegations)) into.problems.push({ file, path: 'delegations', message: 'must be an object {agent: {prefers, complements}}' });
    else for (const [id, edges] of Object.entries(t.delegations)) {
      if (!ids.has(id)) into.problems.push({ file, path: `delegations.${id}`, message: `agent ${JSON.stringify(id)} is not in index.json` });
      if (isRecord(edges)) {
        checkIds(`delegations.${id}.prefers`, edges.prefers ?? []);
        checkIds(`delegations.${id}.complements`, edges.complements ?? []);
      }
    }
  }
  if (t.examples !== undefined) {
    if (!Array.isArray(t.examples)) into.problems.push({ file, path: 'examples', message: 'must be a list of {agent, user, context?}' });
    else t.examples.forEach((example, index) => {
      if (!isRecord(example) || typeof example.user !== 'string' || typeof example.agent !== 'string') into.problems.push({ file, path: `examples[${index}]`, message: 'must be {agent, user, context?}' });
      else if (!ids.has(example.agent)) into.problems.push({ file, path: `examples[${index}].agent`, message: `agent ${JSON.stringify(example.agent)} is not in index.json` });
    });
  }
}

function validateBundleDir(dir: string, into: Collector): number {
  let checked = 0;
  const index = readJson(path.join(dir, INDEX_FILE), INDEX_FILE, into) as Partial<IndexFile> | undefined;
  const ids = new Set<string>();
  const indexed = new Set<string>();
  if (index !== undefined) {
    if (!isRecord(index) || !Array.isArray(index.agents)) into.problems.push({ file: INDEX_FILE, path: 'agents', message: 'index.json must have an agents list' });
    else {
      if (typeof index.generatedAt !== 'string') into.problems.push({ file: INDEX_FILE, path: 'generatedAt', message: 'must be an ISO date string' });
      index.agents.forEach((entry, position) => {
        const where = `agents[${position}]`;
        if (!isRecord(entry) || typeof entry.id !== 'string' || typeof entry.domain !== 'string') {
          into.problems.push({ file: INDEX_FILE, path: where, message: 'entry needs at least id and domain' });
          return;
        }
        if (!isSafeId(entry.id)) into.problems.push({ file: INDEX_FILE, path: `${where}.id`, message: `unsafe id ${JSON.stringify(entry.id)}` });
        if (ids.has(entry.id)) into.problems.push({ file: INDEX_FILE, path: `${where}.id`, message: `duplicate id ${JSON.stringify(entry.id)}` });
        ids.add(entry.id);
        const relative = agentFilePath(entry);
        indexed.add(relative);
        const absolute = path.join(dir, relative);
        if (!existsSync(absolute)) {
          into.problems.push({ file: INDEX_FILE, path: `${where}`, message: `agent file ${relative} is missing` });
          return;
        }
        checked += 1;
        const value = validateAgentText(relative, readFileSync(absolute, 'utf8'), into);
        const agent = value && isRecord(value.agent) ? value.agent : undefined;
        if (agent) {
          const classification = isRecord(agent.classification) ? agent.classification : {};
          if (agent.id !== entry.id) into.problems.push({ file: relative, path: 'agent.id', message: `is ${JSON.stringify(agent.id)} but index.json says ${JSON.stringify(entry.id)}` });
          if (classification.domain !== entry.domain) into.problems.push({ file: relative, path: 'agent.classification.domain', message: `differs from index.json (${JSON.stringify(entry.domain)})` });
          if ((classification.subdomain ?? undefined) !== (entry.subdomain ?? undefined)) into.problems.push({ file: relative, path: 'agent.classification.subdomain', message: `differs from index.json (${JSON.stringify(entry.subdomain)})` });
        }
      });
    }
  }
  for (const absolute of listAgentFiles(dir, into)) {
    const relative = path.relative(dir, absolute).split(path.sep).join('/');
    if (!indexed.has(relative)) into.warnings.push({ file: relative, path: '(document)', message: 'agent file is not listed in index.json (ignored by the registry)' });
  }
  const triggersFile = path.join(dir, TRIGGERS_FILE);
  if (existsSync(triggersFile)) validateTriggers(readJson(triggersFile, TRIGGERS_FILE, into), ids, into);
  else into.problems.push({ file: TRIGGERS_FILE, path: '(document)', message: 'triggers.json is missing' });
  return checked;
}

/**
 * Validates an agent `.codex.yaml` file, a bundle folder (index.json,
 * triggers.json and every agent, cross-checked), or any folder of
 * `.codex.yaml` files. Every problem carries file, path inside the document,
 * reason and (when known) line.
 */
export function validateTarget(target: string, root: string): ValidationReport {
  const absolute = path.resolve(root, target);
  const into: Collector = { problems: [], warnings: [] };
  let filesChecked = 0;
  if (!existsSync(absolute)) {
    into.problems.push({ file: target, path: '(file)', message: 'no such file or folder' });
  } else if (statSync(absolute).isDirectory()) {
    if (existsSync(path.join(absolute, INDEX_FILE))) filesChecked = validateBundleDir(absolute, into);
    else {
      for (const file of listAgentFiles(absolute, into)) {
        filesChecked += 1;
        validateAgentText(path.relative(absolute, file).split(path.sep).join('/'), readFileSync(file, 'utf8'), into);
      }
      if (filesChecked === 0) into.problems.push({ file: target, path: '(folder)', message: `no ${INDEX_FILE} and no *${AGENT_FILE_SUFFIX} files found` });
    }
  } else {
    filesChecked = 1;
    validateAgentText(path.basename(absolute), readFileSync(absolute, 'utf8'), into);
  }
  const order = (a: ValidationIssue, b: ValidationIssue): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0));
  return { target, filesChecked, problems: into.problems.sort(order), warnings: into.warnings.sort(order) };
}
