import { slugify } from '../../util/safe-id.js';
import type { AgentDefinitionInput, AgentExample } from '../schema.js';
import { analyzeBody } from './analyze-body.js';
import { classifyPath } from './classify-path.js';
import { deriveTriggers } from './derive-triggers.js';
import { extractExamples, orderExample } from './extract-examples.js';
import { inferTier } from './infer-tier.js';
import { normalizeTools } from './normalize-tools.js';
import type { FrontMatter } from './parse-front-matter.js';

/** One source file turned into an agent draft (before duplicate ids are resolved). */
export interface AgentDraft {
  /** Id before collision handling. */
  baseId: string;
  file: string;
  domain: string;
  subdomain?: string;
  definition: AgentDefinitionInput & { agent: { id: string; name: string } };
  brief: string;
  unknownKeys: string[];
  unknownTools: string[];
  warnings: string[];
  /** Keywords derived from description/heading prose only (filtered fleet-wide when they are boilerplate). */
  proseKeywords: string[];
  /** Ids named as delegation targets in the source (slugified), resolved later. */
  prefers: string[];
  complements: string[];
}

export type BuildResult = { kind: 'agent'; draft: AgentDraft } | { kind: 'skipped'; reason: string } | { kind: 'error'; reason: string; line?: number };

export interface BuildInput {
  /** Display path of the source (relative to root when inside it). */
  file: string;
  /** Path relative to its input folder (POSIX separators), for domain/subdomain. */
  relativeToInDir: string;
  frontMatter: FrontMatter;
  frontMatterLine: number;
  body: string;
  sha256: string;
  lenientWarning?: string;
}

const DOCUMENT_TYPES = new Set(['documentation', 'docs', 'doc', 'readme', 'guide', 'reference']);
const DOCUMENT_FILE = /^(?:readme|changelog)(?:\.[a-z-]+)?\.md$/i;
const ALL_CAPS_FILE = /^[A-Z0-9_]+\.md$/;
const MAX_LONG_DESCRIPTION = 1000;
const MAX_DESCRIPTION = 4000;

/** Front-matter keys the converter maps completely into the schema. */
const MAPPED_KEYS = new Set(['name', 'description', 'tools', 'model', 'color', 'colour', 'examples', 'languages', 'frameworks', 'disallowedTools', 'disallowed_tools']);

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function asTextList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(asText).filter((item): item is string => item !== undefined && item.trim() !== '').map((item) => item.trim());
  const text = asText(value);
  return text ? text.split(',').map((item) => item.trim()).filter(Boolean) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits a mapping into the sub-keys we consumed and the rest (kept as extra). */
function remainder(value: Record<string, unknown>, consumed: readonly string[]): Record<string, unknown> | undefined {
  const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !consumed.includes(key)));
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function hookList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.replace(/\n+$/, '')] : [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item) => item.replace(/\n+$/, ''));
  return [];
}

function exampleFromFrontMatter(value: unknown): AgentExample | undefined {
  if (typeof value === 'string' && value.trim()) return { user: value.trim() };
  if (!isRecord(value)) return undefined;
  const user = asText(value.user ?? value.trigger ?? value.input ?? value.request ?? value.prompt);
  if (!user?.trim()) return undefined;
  const example: AgentExample = { user: user.trim() };
  const context = asText(value.context);
  const assistant = asText(value.assistant ?? value.response ?? value.output);
  const commentary = asText(value.commentary);
  if (context?.trim()) example.context = context.trim();
  if (assistant?.trim()) example.assistant = assistant.trim();
  if (commentary?.trim()) example.commentary = commentary.trim();
  return orderExample(example);
}

export function buildAgentDefinition(input: BuildInput): BuildResult {
  const fm = input.frontMatter;
  const warnings: string[] = input.lenientWarning ? [input.lenientWarning] : [];
  const unknownKeys: string[] = [];
  const extra: Record<string, unknown> = {};
  /** Keeps what was not mapped under `extra[section]` and reports it: each key of a leftover mapping, or the whole section when its shape was unexpected. */
  const keepUnmapped = (section: string, leftover: unknown): void => {
    if (leftover === undefined) return;
    extra[section] = leftover;
    if (isRecord(leftover)) unknownKeys.push(...Object.keys(leftover).map((key) => `${section}.${key}`));
    else unknownKeys.push(section);
  };

  const rawName = fm.name;
  if (rawName !== undefined && rawName !== null && asText(rawName) === undefined) {
    return { kind: 'error', line: input.frontMatterLine, reason: `'name' must be text, found a ${Array.isArray(rawName) ? 'list' : 'mapping'}` };
  }
  const metadata = isRecord(fm.metadata) ? fm.metadata : undefined;
  const name = asText(rawName)?.trim() ?? '';
  const rawDescription = asText(fm.description) ?? asText(metadata?.description) ?? '';
  if (!name && !rawDescription.trim()) return { kind: 'skipped', reason: 'front-matter has neither name nor description: not an agent definition' };
  const type = asText(fm.type)?.trim().toLowerCase();
  const baseName = input.relativeToInDir.split('/').pop() ?? '';
  if (DOCUMENT_FILE.test(baseName) || /^(?:LICENSE|CONTRIBUTING|CODE_OF_CONDUCT|SECURITY)\.md$/.test(baseName)) return { kind: 'skipped', reason: `${baseName} is a documentation file (README-style name), not an agent` };
  if (type && DOCUMENT_TYPES.has(type) && ALL_CAPS_FILE.test(baseName)) {
    return { kind: 'skipped', reason: `${baseName} declares type: ${type} and has a document-style (all-caps) name: documentation, not an agent` };
  }

  const outline = analyzeBody(input.body);
  const { text: descriptionText, examples: inlineExamples } = extractExamples(rawDescription);
  let description = descriptionText;
  if (description.length > MAX_DESCRIPTION) {
    description = `${description.slice(0, MAX_DESCRIPTION - 1)}…`;
    warnings.push(`description longer than ${MAX_DESCRIPTION} characters: truncated (the full text stays in the source)`);
  }
  if (!asText(fm.description) && asText(metadata?.description)) warnings.push('description taken from metadata.description');
  if (!description) {
    description = outline.firstParagraph ?? '';
    warnings.push(description ? 'no description: used the first paragraph of the body' : 'no description');
  }
  const fileStem = baseName.replace(/\.md$/i, '');
  let baseId = slugify(name);
  if (!baseId) {
    baseId = slugify(fileStem) || 'agent';
    warnings.push(name ? `name ${JSON.stringify(name)} has no usable characters: id taken from the file name` : 'no name: id taken from the file name');
  } else if (baseId !== name) warnings.push(`name ${JSON.stringify(name)} slugified to ${baseId}`);
  const displayName = name || outline.title || fileStem;

  const tools = normalizeTools(fm.tools);
  warnings.push(...tools.warnings);
  let allowedTools = tools.allowed;
  const restrictedTools = asTextList(fm.disallowedTools ?? fm.disallowed_tools);
  let unknownTools = tools.unknown;

  const classification = classifyPath(input.relativeToInDir);
  const tier = inferTier(name || fileStem, type, description);

  // capabilities: a list of capability names, or an object with tool lists.
  let core: string[] = [];
  if (Array.isArray(fm.capabilities)) core = asTextList(fm.capabilities);
  else if (isRecord(fm.capabilities)) {
    const allowed = asTextList(fm.capabilities.allowed_tools);
    if (fm.tools === undefined && allowed.length > 0) {
      const fromCapabilities = normalizeTools(allowed);
      allowedTools = fromCapabilities.allowed;
      unknownTools = fromCapabilities.unknown;
    }
    restrictedTools.push(...asTextList(fm.capabilities.restricted_tools));
    keepUnmapped('capabilities', remainder(fm.capabilities, ['allowed_tools', 'restricted_tools']));
  } else if (fm.capabilities !== undefined) {
    core = asTextList(fm.capabilities);
  }

  // triggers from the source.
  const triggers = isRecord(fm.triggers) ? fm.triggers : undefined;
  if (!triggers) keepUnmapped('triggers', fm.triggers);
  const explicitKeywords = asTextList(triggers?.keywords);
  const explicitFilePatterns = asTextList(triggers?.file_patterns);
  const explicitTaskPatterns = asTextList(triggers?.task_patterns);
  const declaredDomains = asTextList(triggers?.domains);
  if (triggers) keepUnmapped('triggers', remainder(triggers, ['keywords', 'file_patterns', 'task_patterns', 'domains']));

  // hooks: pre/post/error scripts.
  const hooks = { pre_task: [] as string[], post_task: [] as string[], failure: [] as string[] };
  if (isRecord(fm.hooks)) {
    const consumed: string[] = [];
    const map: Record<string, keyof typeof hooks> = { pre: 'pre_task', pre_task: 'pre_task', pre_execution: 'pre_task', post: 'post_task', post_task: 'post_task', post_execution: 'post_task', on_error: 'failure', failure: 'failure', error: 'failure' };
    for (const [key, target] of Object.entries(map)) {
      const list = hookList(fm.hooks[key]);
      if (list.length > 0) {
        hooks[target].push(...list);
        consumed.push(key);
      }
    }
    keepUnmapped('hooks', remainder(fm.hooks, consumed));
  } else {
    keepUnmapped('hooks', fm.hooks);
  }

  // delegation edges.
  const prefers: string[] = [];
  const complements: string[] = [];
  if (isRecord(fm.integration)) {
    prefers.push(...asTextList(fm.integration.can_delegate_to).map(slugify).filter(Boolean));
    complements.push(...asTextList(fm.integration.shares_context_with).map(slugify).filter(Boolean));
    keepUnmapped('integration', remainder(fm.integration, ['can_delegate_to', 'shares_context_with']));
  } else {
    keepUnmapped('integration', fm.integration);
  }

  keepUnmapped('metadata', metadata ? remainder(metadata, asText(fm.description) ? [] : ['description']) : fm.metadata);

  for (const [key, value] of Object.entries(fm)) {
    if (MAPPED_KEYS.has(key) || ['capabilities', 'triggers', 'hooks', 'integration', 'metadata'].includes(key)) continue;
    extra[key] = value;
    unknownKeys.push(key);
  }

  const examples: AgentExample[] = [...inlineExamples];
  if (Array.isArray(fm.examples)) {
    for (const item of fm.examples) {
      const example = exampleFromFrontMatter(item);
      if (example) examples.push(example);
    }
  } else if (fm.examples !== undefined) {
    const example = exampleFromFrontMatter(fm.examples);
    if (example) examples.push(example);
  }

  const declared = [...asTextList(fm.languages), ...asTextList(fm.frameworks), ...declaredDomains, ...core];
  const derived = deriveTriggers({
    id: baseId,
    name: displayName,
    description,
    examples,
    headings: outline.headings,
    explicitKeywords,
    explicitFilePatterns,
    explicitTaskPatterns,
    declared,
    idPrefixes: [
      ...(classification.subdomain ? [`${classification.domain}-${classification.subdomain}`, classification.subdomain] : []),
      classification.domain,
    ],
  });
  warnings.push(...derived.warnings);
  if (unknownTools.length > 0) warnings.push(`unknown tools: ${unknownTools.join(', ')}`);

  const longDescription = outline.firstParagraph
    ? outline.firstParagraph.length > MAX_LONG_DESCRIPTION
      ? `${outline.firstParagraph.slice(0, MAX_LONG_DESCRIPTION - 1)}…`
      : outline.firstParagraph
    : undefined;
  const modelHint = asText(fm.model)?.trim();
  const color = asText(fm.color ?? fm.colour)?.trim();

  const agent: AgentDraft['definition']['agent'] = {
    id: baseId,
    name: displayName,
    classification: { domain: classification.domain, ...(classification.subdomain ? { subdomain: classification.subdomain } : {}), tier },
    description,
    ...(longDescription ? { long_description: longDescription } : {}),
    ...(modelHint ? { model_hint: modelHint } : {}),
    ...(color ? { color } : {}),
    ...(Object.keys(extra).length > 0 ? { extra: sortKeysDeep(extra) as Record<string, unknown> } : {}),
  };
  const definition: AgentDraft['definition'] = {
    version: 1,
    agent,
    capabilities: {
      core: [...new Set(core)].sort(),
      detail: {
        languages: derived.languages,
        frameworks: derived.frameworks,
        domains: [...new Set([...declaredDomains.map((domain) => domain.toLowerCase()), ...derived.technologies])].sort(),
        tools: { allowed: allowedTools, restricted: [...new Set(restrictedTools)].sort() },
      },
    },
    responsibilities: { primary: outline.responsibilities, secondary: [] },
    triggers: {
      keywords: derived.keywords,
      regex: derived.regex,
      file_patterns: derived.file_patterns,
      delegations: { prefers: [], complements: [] },
      examples,
    },
    hooks,
    source: {
      path: input.file,
      sha256: input.sha256,
      ...(unknownKeys.length > 0 ? { unknown_keys: [...unknownKeys].sort() } : {}),
      ...(unknownTools.length > 0 ? { unknown_tools: unknownTools } : {}),
    },
  };
  const draft: AgentDraft = {
    baseId,
    file: input.file,
    domain: classification.domain,
    definition,
    brief: input.body,
    unknownKeys: [...unknownKeys].sort(),
    unknownTools,
    warnings,
    proseKeywords: derived.proseKeywords,
    prefers: [...new Set(prefers)].sort(),
    complements: [...new Set(complements)].sort(),
  };
  if (classification.subdomain) draft.subdomain = classification.subdomain;
  return { kind: 'agent', draft };
}

/** Deep copy with object keys sorted, so extras serialise the same way every run. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeysDeep(value[key])]),
    );
  }
  return value;
}

