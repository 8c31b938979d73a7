import { readFileSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../../util/runtime-context.js';
import { INDEX_FILE, type IndexFile } from '../bundle-format.js';
import { withDefaults, type AgentDefinition } from '../schema.js';
import { buildAgentDefinition, type AgentDraft } from './build-agent-definition.js';
import { resolveOutDir } from './bundle-paths.js';
import { compareStrings } from '../../util/compare-strings.js';
import type { ConvertedAgent, ConvertOptions, ConvertProblem, ConvertReport } from './convert-types.js';
import { parseFrontMatter } from './parse-front-matter.js';
import { publishBundle, readTree, sameTree } from './publish-bundle.js';
import { readSourceFile } from './read-source-file.js';
import { agentOutputPath, renderBundle, type RenderedAgent } from './render-bundle.js';
import { resolveDuplicates } from './resolve-duplicates.js';
import { scanSources } from './scan-sources.js';
import { computeSourceHash, sha256Hex } from './source-hash.js';
import { splitFrontMatter } from './split-front-matter.js';

const MAX_MENTIONED = 8;
const BOILERPLATE_MIN_AGENTS = 8;
const BOILERPLATE_SHARE = 0.04;
/** Only the start of a long brief is searched for other agents' ids. */
const MENTION_SCAN_CHARS = 32_768;

function isIdChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45;
}

/** Hyphenated ids (`test-automator`) mentioned in a text, in order of appearance (scans from each '-', no regex). */
function mentionedIds(text: string, ids: ReadonlySet<string>): string[] {
  const found: string[] = [];
  let dash = text.indexOf('-');
  while (dash !== -1) {
    let start = dash;
    while (start > 0 && isIdChar(text.charCodeAt(start - 1))) start -= 1;
    let end = dash;
    while (end < text.length && isIdChar(text.charCodeAt(end))) end += 1;
    const token = text.slice(start, end);
    if (ids.has(token) && !found.includes(token)) found.push(token);
    dash = text.indexOf('-', end);
  }
  return found;
}

function byFile(a: { file: string }, b: { file: string }): number {
  return compareStrings(a.file, b.file);
}

function zodReason(error: unknown): string {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (Array.isArray(issues)) return issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/**
 * Prose-derived keywords shared by many agents of the fleet are template
 * boilerplate ("behavioral traits", "knowledge base"), not signal: they are
 * dropped where they came from prose (names, technologies and explicit
 * triggers keep them).
 */
function boilerplateKeywords(drafts: readonly AgentDraft[]): Set<string> {
  const limit = Math.max(BOILERPLATE_MIN_AGENTS, Math.ceil(drafts.length * BOILERPLATE_SHARE));
  const counts = new Map<string, number>();
  for (const draft of drafts) for (const keyword of new Set(draft.proseKeywords)) counts.set(keyword, (counts.get(keyword) ?? 0) + 1);
  return new Set([...counts].filter(([, count]) => count > limit).map(([keyword]) => keyword));
}

/** Reads `generatedAt` of the bundle on disk if its sourceHash matches. */
function keptGeneratedAt(outDir: string, sourceHash: string): string | undefined {
  try {
    const index = JSON.parse(readFileSync(path.join(outDir, INDEX_FILE), 'utf8')) as Partial<IndexFile>;
    return index.sourceHash === sourceHash && typeof index.generatedAt === 'string' ? index.generatedAt : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Converts Claude Code agents (`*.md` with YAML front-matter) into a codex-flow
 * bundle. Never throws on a bad source file: each one is converted, skipped
 * (not an agent) or listed as an error with path, line and reason. Throws only
 * for unusable options (missing input folder, output outside the root).
 */
export async function convertAgents(options: ConvertOptions): Promise<ConvertReport> {
  const clock = options.clock ?? systemClock;
  const outDir = resolveOutDir(options.root, options.outDir);
  const scan = scanSources(options.root, options.inDirs);
  const skipped: ConvertProblem[] = scan.ignored.map((item) => ({ file: item.file, reason: item.reason }));
  const errors: ConvertProblem[] = [];
  const drafts: AgentDraft[] = [];
  const hashInputs: { file: string; bytes: Buffer }[] = [];

  for (const source of scan.files) {
    const read = readSourceFile(source.absolute);
    if (read.bytes) hashInputs.push({ file: source.file, bytes: read.bytes });
    if (!read.ok) {
      errors.push({ file: source.file, reason: read.reason });
      continue;
    }
    try {
      const split = splitFrontMatter(read.text);
      if (split.kind === 'none') {
        skipped.push({ file: source.file, reason: 'no YAML front-matter: not an agent definition' });
        continue;
      }
      if (split.kind === 'unclosed') {
        errors.push({ file: source.file, line: split.openLine, reason: `front-matter opened at line ${split.openLine} is never closed: add a '---' line after it` });
        continue;
      }
      const parsed = parseFrontMatter(split.yaml, split.yamlStartLine);
      if (!parsed.ok) {
        errors.push({ file: source.file, ...(parsed.line === undefined ? {} : { line: parsed.line }), reason: parsed.reason });
        continue;
      }
      const lenientWarning = parsed.lenient
        ? `front-matter is not valid YAML${parsed.strictError?.line ? ` (line ${parsed.strictError.line}: ${parsed.strictError.reason})` : ''}; read with the lenient line parser`
        : undefined;
      const result = buildAgentDefinition({
        file: source.file,
        relativeToInDir: source.relativeToInDir,
        frontMatter: parsed.data,
        frontMatterLine: split.yamlStartLine,
        body: split.body,
        sha256: sha256Hex(read.bytes),
        ...(lenientWarning ? { lenientWarning } : {}),
      });
      if (result.kind === 'skipped') skipped.push({ file: source.file, reason: result.reason });
      else if (result.kind === 'error') errors.push({ file: source.file, ...(result.line === undefined ? {} : { line: result.line }), reason: result.reason });
      else drafts.push(result.draft);
    } catch (error) {
      errors.push({ file: source.file, reason: `could not convert: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  drafts.sort(byFile);
  const boilerplate = boilerplateKeywords(drafts);
  const { resolved, duplicates } = resolveDuplicates(drafts);
  const ids = new Set(resolved.map((item) => item.id));
  const rendered: RenderedAgent[] = [];
  const converted: ConvertedAgent[] = [];
  for (const { draft, id } of resolved) {
    const warnings = [...draft.warnings];
    const prefers = draft.prefers.filter((target) => target !== id && ids.has(target));
    const missing = draft.prefers.concat(draft.complements).filter((target) => !ids.has(target));
    if (missing.length > 0) warnings.push(`delegation targets not in this fleet, dropped: ${[...new Set(missing)].sort().join(', ')}`);
    const mentioned = new Set(draft.complements.filter((target) => target !== id && ids.has(target)));
    const text = `${draft.definition.agent.description ?? ''}\n${draft.brief.slice(0, MENTION_SCAN_CHARS)}`;
    for (const other of mentionedIds(text, ids)) {
      if (mentioned.size >= MAX_MENTIONED) break;
      if (other !== id && other !== draft.baseId && !prefers.includes(other)) mentioned.add(other);
    }
    const keywords = (draft.definition.triggers?.keywords ?? []).filter((keyword) => !(boilerplate.has(keyword) && draft.proseKeywords.includes(keyword)));
    const input = {
      ...draft.definition,
      agent: { ...draft.definition.agent, id },
      triggers: { ...draft.definition.triggers, keywords, delegations: { prefers: [...prefers].sort(compareStrings), complements: [...mentioned].sort(compareStrings) } },
    };
    let definition: AgentDefinition;
    try {
      definition = withDefaults(input);
    } catch (error) {
      errors.push({ file: draft.file, reason: `converted definition does not fit the schema: ${zodReason(error)}` });
      continue;
    }
    rendered.push({ definition, brief: draft.brief });
    converted.push({
      id,
      file: draft.file,
      output: agentOutputPath(definition),
      domain: draft.domain,
      ...(draft.subdomain ? { subdomain: draft.subdomain } : {}),
      ...(id !== draft.baseId ? { renamedFrom: draft.baseId } : {}),
      unknownKeys: draft.unknownKeys,
      unknownTools: draft.unknownTools,
      warnings,
    });
  }

  const sourceHash = computeSourceHash(hashInputs);
  const generatedAt = keptGeneratedAt(outDir, sourceHash) ?? new Date(clock.now()).toISOString();
  const files = renderBundle(rendered, { generatedAt, sourceHash });
  const changed = !sameTree(files, readTree(outDir));
  if (changed && !options.check) publishBundle(outDir, files);

  return {
    outDir,
    sourceHash,
    generatedAt,
    converted: converted.sort(byFile),
    skipped: skipped.sort(byFile),
    errors: errors.sort(byFile),
    duplicates,
    changed,
  };
}
