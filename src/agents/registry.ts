import path from 'node:path';
import type { AliasConfig, CodexFlowConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { deepFreeze } from '../util/deep-freeze.js';
import { BundleError, ValidationError, type ValidationIssue } from '../util/errors.js';
import { assertSafeId, isSafeId } from '../util/safe-id.js';
import { buildAliasDefinition } from './apply-alias.js';
import { fileProblems, metadataProblems, unknownTriggerAgents } from './bundle-checks.js';
import { INDEX_FILE, TRIGGERS_FILE, type IndexEntry } from './bundle-format.js';
import { readConsistentSnapshot, type BundleSnapshot } from './bundle-snapshot.js';
import { sameStamp, statStamp, versionOf, type BundleVersion, type FileStamp } from './bundle-stamp.js';
import type { DefinitionCache } from './definition-cache.js';
import { emptyTriggers, normalizeTriggers, type NormalizedTriggers } from './normalize-triggers.js';
import { parseAgentYaml } from './parse-agent-yaml.js';
import { UnknownAgentError } from './registry-errors.js';
import { problem, type RegistryProblem } from './registry-problems.js';
import type { AgentDefinition } from './schema.js';
import { compareStrings } from '../util/compare-strings.js';

export interface RegistryOptions {
  /** Project root; `dir` resolves against it. */
  root: string;
  /** Bundle folder (absolute, or relative to root). Default: the config's `bundle` (`codex/agents`). */
  dir?: string;
  /** Config to take aliases (and the default bundle) from. Omitted → `codex-flow.config.*` in root is read. */
  config?: Partial<Pick<CodexFlowConfig, 'aliases' | 'bundle'>>;
  /** Name of the config file, for messages. */
  configFile?: string;
  /** Parsed files shared across reloads (createReloadingRegistry passes one); unchanged files are not parsed again. */
  definitionCache?: DefinitionCache;
}

/** An index.json entry (defaults filled) with its place in the index and its YAML's bundle-relative path. */
export interface RegistryEntry extends IndexEntry {
  /** 0-based position in index.json's `agents`. */
  position: number;
  /** Bundle-relative path of the agent YAML. */
  file: string;
}

export interface AliasInfo {
  alias: string;
  agentId: string;
  hasOverrides: boolean;
}

export interface ResolvedAgent {
  /** The name asked for (an alias, or an agent id used as its own alias). */
  alias: string;
  agentId: string;
  /** Frozen; for an alias with overrides, the merged copy (the base is untouched). */
  definition: AgentDefinition;
  /** True when the name was a configured alias. */
  viaAlias: boolean;
}

/** What the router compiles from. */
export interface RoutingInput {
  agents: readonly AgentDefinition[];
  triggers: NormalizedTriggers;
}

/**
 * A loaded, immutable view of one version of a bundle. index.json and
 * triggers.json are read once; every agent YAML is read at load (so this
 * object stays consistent even if the bundle is republished later) but parsed
 * and validated lazily, once, on first use, and cached deep-frozen.
 */
export interface Registry {
  readonly root: string;
  /** Absolute bundle folder. */
  readonly dir: string;
  /** The version gate: index.json's generatedAt and sourceHash. */
  readonly version: BundleVersion;
  /** index.json's `version` field. */
  readonly indexVersion: unknown;
  /** Fingerprint of index.json when loaded. */
  readonly stamp: FileStamp;
  /** Number of entries in index.json's `agents`, valid or not. */
  readonly indexCount: number;
  /** triggers.json, normalised (word priorities kept, `priorityValue` added; file patterns as a map). */
  readonly triggers: NormalizedTriggers;
  /** Problems found at load without parsing agent YAML (duplicates, missing files, stale index, triggers, aliases). */
  readonly problems: readonly RegistryProblem[];
  /** How many agent YAML files this registry has parsed so far (lazy loading is observable; cache hits are not counted). */
  readonly parseCount: number;
  /** Usable index entries in index order, duplicates included. */
  list(): readonly RegistryEntry[];
  /** Distinct agent ids in index order. */
  ids(): readonly string[];
  has(id: string): boolean;
  /** The entry `get(id)` uses: for a duplicated id, the first one in index order. */
  entry(id: string): RegistryEntry | undefined;
  /** Every entry with this id, in index order (more than one only for duplicates). */
  entriesOf(id: string): readonly RegistryEntry[];
  /**
   * The frozen definition of an agent id. Duplicated ids resolve to the FIRST
   * entry in index order. Throws UnknownAgentError / ValidationError.
   */
  get(id: string): AgentDefinition;
  /** Like get, but undefined for unknown or invalid agents. */
  tryGet(id: string): AgentDefinition | undefined;
  /** Definition of the entry at an index position (reaches shadowed duplicates too). */
  definitionAt(position: number): AgentDefinition;
  /** Every agent that loads (one per id, index order); problems of the others come from validateAll(). */
  definitions(): readonly AgentDefinition[];
  /** `{agents, triggers}` for the router. */
  routingInput(): RoutingInput;
  /** False when the load's scan saw the whole bundle and no entry of this bundle-relative name: no need to try opening it. */
  mayHaveFile(relative: string): boolean;
  /**
   * SHA-256 (hex) of everything this registry was loaded from — index.json,
   * triggers.json and the text (or read error) of each indexed agent file —
   * taken while reading, so it needs no parsing: equal digests, equal
   * routing input. Compiled routers are cached under it.
   */
  sourceDigest(): string;
  /** Configured aliases, sorted by name. */
  aliases(): readonly AliasInfo[];
  /**
   * An alias from the config, or an agent id (an unknown alias that is an
   * agent id resolves to that agent). Throws UnsafeIdError for names like
   * `..`, UnknownAgentError when nothing matches, ValidationError for bad overrides.
   */
  resolve(aliasOrId: string): ResolvedAgent;
  /** Parses everything (entries and aliases) and returns `problems` plus every parse/validation problem. */
  validateAll(): readonly RegistryProblem[];
  /** True while index.json on disk still has the fingerprint this registry was loaded from. */
  isCurrent(): boolean;
}

type Slot =
  | { state: 'ok'; definition: AgentDefinition; unknownKeys: string[] }
  | { state: 'failed'; kind: 'missing_file' | 'invalid_file' | 'id_mismatch'; message: string; issues: ValidationIssue[] };

/** Loads the bundle at `dir` (default: the config's bundle folder under root). Throws BundleError if index.json cannot be read. */
export function loadRegistry(options: RegistryOptions): Registry {
  const root = path.resolve(options.root);
  let config = options.config;
  let configFile = options.configFile;
  if (!config) {
    const loaded = loadConfig(root);
    config = loaded.config;
    configFile ??= loaded.file ? path.relative(root, loaded.file) || loaded.file : undefined;
  }
  const dir = path.resolve(root, options.dir ?? config.bundle ?? 'codex/agents');
  const snapshot = readConsistentSnapshot(dir);
  return buildRegistry(root, dir, snapshot, config.aliases ?? {}, configFile ?? 'codex-flow.config', options.definitionCache);
}
function buildRegistry(
  root: string,
  dir: string,
  snapshot: BundleSnapshot,
  aliasConfig: Record<string, AliasConfig>,
  configFile: string,
  cache: DefinitionCache | undefined,
): Registry {
  const entries = snapshot.entries.map((entry) => deepFreeze(entry));
  const frozenEntries = Object.freeze([...entries]);
  const byId = new Map<string, RegistryEntry[]>();
  for (const entry of entries) {
    const list = byId.get(entry.id);
    if (list) list.push(entry);
    else byId.set(entry.id, [entry]);
  }
  const ids = Object.freeze([...byId.keys()]);
  const idSet = new Set(ids);

  const problems: RegistryProblem[] = [...snapshot.entryProblems];
  problems.push(...metadataProblems(snapshot.indexRaw));
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    const first = list[0] as RegistryEntry;
    problems.push(
      problem(
        'duplicate_id',
        `Agent id "${id}" appears ${list.length} times in index.json (${list.map((e) => `#${e.position} ${e.file}`).join(', ')}); get("${id}") uses the first, ${first.file}. Rename one source agent and re-convert.`,
        { id, file: first.file, position: first.position },
      ),
    );
  }
  for (const entry of entries) {
    const text = snapshot.texts.get(entry.file);
    if (text && 'error' in text) {
      problems.push(
        problem(text.missing ? 'missing_file' : 'invalid_file', `index.json lists "${entry.id}" at ${entry.file}, but ${text.error}. Re-run \`codex-flow convert\`.`, {
          id: entry.id,
          file: entry.file,
          position: entry.position,
        }),
      );
    }
  }
  problems.push(...fileProblems(snapshot, new Set(entries.map((e) => e.file))));

  const { triggers, issues: triggerIssues } = snapshot.triggersError ? { triggers: emptyTriggers(), issues: [] } : normalizeTriggers(snapshot.triggersRaw);
  if (snapshot.triggersError) problems.push(problem('invalid_triggers', `${TRIGGERS_FILE}: ${snapshot.triggersError}. Routing by keywords/regex/file patterns will only use the agent files.`, { file: TRIGGERS_FILE }));
  for (const issue of triggerIssues) problems.push(problem('invalid_triggers', `${TRIGGERS_FILE}: ${issue}`, { file: TRIGGERS_FILE }));
  problems.push(...unknownTriggerAgents(triggers, idSet));
  deepFreeze(triggers);

  const aliasMap = new Map<string, AliasConfig>();
  for (const [alias, spec] of Object.entries(aliasConfig).sort(([a], [b]) => compareStrings(a, b))) {
    if (!isSafeId(alias) || !isSafeId(spec.id)) {
      problems.push(problem('unsafe_alias', `Alias ${JSON.stringify(alias.slice(0, 80))} → ${JSON.stringify(String(spec.id).slice(0, 80))} in ${configFile} is not a safe name (lowercase letters, digits, '.', '_', '-'; no '..'); it is ignored.`, { file: configFile }));
      continue;
    }
    aliasMap.set(alias, spec);
    if (!idSet.has(spec.id)) {
      problems.push(problem('alias_unknown_agent', `Alias "${alias}" in ${configFile} points at "${spec.id}", which this bundle does not have.`, { id: alias, file: configFile }));
    } else if (idSet.has(alias) && alias !== spec.id) {
      problems.push(problem('alias_shadows_agent', `Alias "${alias}" → "${spec.id}" hides the agent with id "${alias}"; resolve("${alias}") gives "${spec.id}".`, { id: alias, file: configFile }));
    }
  }
  const aliasInfos = Object.freeze([...aliasMap].map(([alias, spec]) => Object.freeze({ alias, agentId: spec.id, hasOverrides: Boolean(spec.overrides && Object.keys(spec.overrides).length > 0) })));
  const frozenProblems = Object.freeze(problems.map((p) => deepFreeze(p)));

  // Lazy state: parsed definitions per file, alias definitions per alias.
  const slots = new Map<string, Slot>();
  const aliasSlots = new Map<string, { ok: true; definition: AgentDefinition } | { ok: false; error: ValidationError }>();
  let parseCount = 0;
  let definitionsCache: readonly AgentDefinition[] | undefined;

  const slotFor = (entry: RegistryEntry): Slot => {
    const cached = slots.get(entry.file);
    if (cached) return cached;
    const text = snapshot.texts.get(entry.file);
    let slot: Slot;
    if (!text || 'error' in text) {
      const reason = text && 'error' in text ? text.error : 'file not read';
      slot = { state: 'failed', kind: text && 'error' in text && !text.missing ? 'invalid_file' : 'missing_file', message: reason, issues: [{ file: entry.file, path: '(file)', message: reason }] };
    } else {
      let parsed = cache?.get(entry.file, text.text);
      if (!parsed) {
        parseCount += 1;
        parsed = parseAgentYaml(text.text, entry.file);
        if (parsed.ok) deepFreeze(parsed.definition);
        cache?.set(entry.file, text.text, parsed);
      }
      if (!parsed.ok) {
        slot = { state: 'failed', kind: 'invalid_file', message: parsed.issues.map(formatIssue).join('; '), issues: parsed.issues };
      } else if (parsed.definition.agent.id !== entry.id) {
        const message = `agent.id is "${parsed.definition.agent.id}" but index.json lists it as "${entry.id}"; the index is stale, re-run \`codex-flow convert\``;
        slot = { state: 'failed', kind: 'id_mismatch', message, issues: [{ file: entry.file, path: 'agent.id', message }] };
      } else {
        slot = { state: 'ok', definition: parsed.definition, unknownKeys: parsed.unknownKeys };
      }
      snapshot.texts.delete(entry.file);
    }
    slots.set(entry.file, slot);
    return slot;
  };

  const definitionOf = (entry: RegistryEntry): AgentDefinition => {
    const slot = slotFor(entry);
    if (slot.state === 'ok') return slot.definition;
    throw new ValidationError(`Agent "${entry.id}" (${path.join(dir, entry.file)}) cannot be loaded: ${slot.message}`, slot.issues);
  };

  const firstEntry = (id: string): RegistryEntry | undefined => byId.get(id)?.[0];
  const unknown = (name: string, pointsAt?: string): UnknownAgentError => new UnknownAgentError(name, { aliases: [...aliasMap.keys()], agents: ids.length }, pointsAt);

  const get = (id: string): AgentDefinition => {
    const entry = firstEntry(id);
    if (!entry) throw unknown(id);
    return definitionOf(entry);
  };

  const aliasDefinition = (alias: string, spec: AliasConfig): AgentDefinition => {
    const cached = aliasSlots.get(alias);
    if (cached) {
      if (cached.ok) return cached.definition;
      throw cached.error;
    }
    const base = get(spec.id);
    try {
      const definition = buildAliasDefinition(alias, base, spec.overrides, configFile);
      aliasSlots.set(alias, { ok: true, definition });
      return definition;
    } catch (error) {
      if (error instanceof ValidationError) aliasSlots.set(alias, { ok: false, error });
      throw error;
    }
  };

  const registry: Registry = {
    root,
    dir,
    version: Object.freeze(versionOf(snapshot.indexRaw)),
    indexVersion: snapshot.indexRaw.version,
    stamp: Object.freeze({ ...snapshot.stamp }),
    indexCount: (snapshot.indexRaw.agents as unknown[]).length,
    triggers,
    problems: frozenProblems,
    get parseCount() {
      return parseCount;
    },
    list: () => frozenEntries,
    ids: () => ids,
    has: (id) => idSet.has(id),
    entry: firstEntry,
    entriesOf: (id) => Object.freeze([...(byId.get(id) ?? [])]),
    get,
    tryGet: (id) => {
      const entry = firstEntry(id);
      if (!entry) return undefined;
      const slot = slotFor(entry);
      return slot.state === 'ok' ? slot.definition : undefined;
    },
    definitionAt: (position) => {
      const entry = entries.find((e) => e.position === position);
      if (!entry) throw new BundleError(`index.json has no usable entry at position ${position}.`, { position });
      return definitionOf(entry);
    },
    definitions: () => {
      if (!definitionsCache) {
        const out: AgentDefinition[] = [];
        for (const id of ids) {
          const slot = slotFor(firstEntry(id) as RegistryEntry);
          if (slot.state === 'ok') out.push(slot.definition);
        }
        definitionsCache = Object.freeze(out);
      }
      return definitionsCache;
    },
    routingInput: () => Object.freeze({ agents: registry.definitions(), triggers }),
    sourceDigest: () => snapshot.sourceDigest,
    mayHaveFile: (relative) => snapshot.scannedNames?.has(relative) ?? true,
    aliases: () => aliasInfos,
    resolve: (aliasOrId) => {
      assertSafeId('alias', aliasOrId);
      const spec = aliasMap.get(aliasOrId);
      if (spec) {
        assertSafeId('agent id', spec.id);
        if (!idSet.has(spec.id)) throw unknown(aliasOrId, spec.id);
        return Object.freeze({ alias: aliasOrId, agentId: spec.id, definition: aliasDefinition(aliasOrId, spec), viaAlias: true });
      }
      if (idSet.has(aliasOrId)) return Object.freeze({ alias: aliasOrId, agentId: aliasOrId, definition: get(aliasOrId), viaAlias: false });
      throw unknown(aliasOrId);
    },
    validateAll: () => {
      const found: RegistryProblem[] = [];
      for (const entry of entries) {
        const text = snapshot.texts.get(entry.file);
        // Unreadable files are already in `problems`; parse failures are reported once per file.
        const alreadyReported = (text !== undefined && 'error' in text) || found.some((p) => p.file === entry.file);
        const slot = slotFor(entry);
        if (slot.state === 'failed') {
          if (!alreadyReported) {
            found.push(problem(slot.kind, `${entry.file} ("${entry.id}"): ${slot.message}`, { id: entry.id, file: entry.file, position: entry.position, issues: slot.issues }));
          }
        } else if (slot.unknownKeys.length > 0 && !alreadyReported) {
          found.push(problem('unknown_keys', `${entry.file} ("${entry.id}") has keys the schema does not define (kept): ${slot.unknownKeys.join(', ')}`, { id: entry.id, file: entry.file, position: entry.position }));
        }
      }
      for (const [alias, spec] of aliasMap) {
        if (!idSet.has(spec.id) || !registry.tryGet(spec.id)) continue;
        try {
          aliasDefinition(alias, spec);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          found.push(problem('invalid_alias_overrides', error.message, { id: alias, file: configFile, issues: [...error.issues] }));
        }
      }
      return Object.freeze([...frozenProblems, ...found.map((p) => deepFreeze(p))]);
    },
    isCurrent: () => sameStamp(snapshot.stamp, statStamp(path.join(dir, INDEX_FILE))),
  };
  return Object.freeze(registry);
}

function formatIssue(issue: ValidationIssue): string {
  return `${issue.path}${issue.line ? ` (line ${issue.line})` : ''}: ${issue.message}`;
}
