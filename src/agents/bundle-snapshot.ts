import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { BundleError, errorMessage } from '../util/errors.js';
import { isSafeId } from '../util/safe-id.js';
import { INDEX_FILE, TRIGGERS_FILE, type IndexEntry } from './bundle-format.js';
import { entryPathResolver, isInside } from './bundle-entry-path.js';
import { sameStamp, statStamp, type FileStamp } from './bundle-stamp.js';
import { MAX_AGENT_FILE_BYTES } from './parse-agent-yaml.js';
import { problem, type RegistryProblem } from './registry-problems.js';
import type { RegistryEntry } from './registry.js';
import { scanBundle } from './scan-bundle.js';

/** index.json / triggers.json larger than this are refused. */
export const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** How often loading restarts when the bundle is republished mid-read. */
const LOAD_ATTEMPTS = 3;

export interface BundleSnapshot {
  stamp: FileStamp;
  indexRaw: Record<string, unknown>;
  triggersRaw: unknown;
  triggersError: string | undefined;
  files: string[];
  scanTruncated: boolean;
  /**
   * Every name the scan saw (regular files and other entries such as links),
   * or undefined when the scan did not see the whole bundle (truncated, too
   * deep, unreadable folders): then any name may exist.
   */
  scannedNames: ReadonlySet<string> | undefined;
  /** Text (or the reason it could not be read) by bundle-relative path. */
  texts: Map<string, { text: string } | { error: string; missing: boolean }>;
  entries: RegistryEntry[];
  entryProblems: RegistryProblem[];
  /**
   * SHA-256 (hex) of what was read: index.json's and triggers.json's text
   * (or why it could not be read) and each entry's agent file text (or read
   * error), by path, in index order. Equal digests, equal registry input.
   */
  sourceDigest: string;
}

/**
 * One consistent read of a bundle folder: index.json, triggers.json, the file
 * list, and the bytes of every indexed agent file. index.json is fingerprinted
 * before and after; if a publish happened in between, the read starts over.
 * Nothing outside the bundle is read (unsafe entries and links that leave it
 * are refused as problems).
 */
export function readConsistentSnapshot(dir: string): BundleSnapshot {
  const indexPath = path.join(dir, INDEX_FILE);
  for (let attempt = 0; attempt < LOAD_ATTEMPTS; attempt += 1) {
    const before = statStamp(indexPath);
    if (!before) {
      throw new BundleError(`No ${INDEX_FILE} in ${dir}. Run \`codex-flow convert\` (or \`codex-flow init\`) to create the bundle, or pass --dir <bundle>.`, { dir });
    }
    const snapshot = readSnapshot(dir, before);
    if (sameStamp(before, statStamp(indexPath))) return snapshot;
  }
  throw new BundleError(`The bundle in ${dir} kept changing while it was being read (${LOAD_ATTEMPTS} attempts). Wait for the converter to finish and try again.`, { dir });
}

function readSnapshot(dir: string, stamp: FileStamp): BundleSnapshot {
  const indexPath = path.join(dir, INDEX_FILE);
  const digest = createHash('sha256');
  const indexRaw = readJsonObject(indexPath, digest);
  if (!Array.isArray(indexRaw.agents)) {
    throw new BundleError(`${indexPath} has no "agents" list. Re-create it with \`codex-flow convert\`.`, { file: indexPath });
  }
  let triggersRaw: unknown;
  let triggersError: string | undefined;
  try {
    triggersRaw = readJsonObject(path.join(dir, TRIGGERS_FILE), digest);
  } catch (error) {
    triggersError = errorMessage(error);
    digest.update(`\0triggers error ${triggersError}`);
  }
  const { files, truncated, tooDeep, unreadable, others } = scanBundle(dir);
  const complete = !truncated && tooDeep.length === 0 && unreadable.length === 0;
  // Files the scan met as regular files through real folders are inside the bundle: no realpath needed for them.
  const scanned = new Set(files);
  const realDir = safeRealpath(dir) ?? dir;
  const pathOf = entryPathResolver(dir);
  const scratch: ScratchBuffer = { buffer: Buffer.allocUnsafe(64 * 1024) };
  const entries: RegistryEntry[] = [];
  const entryProblems: RegistryProblem[] = [];
  const texts: BundleSnapshot['texts'] = new Map();
  (indexRaw.agents as unknown[]).forEach((raw, position) => {
    const parsed = parseIndexEntry(raw, position);
    if ('problem' in parsed) {
      entryProblems.push(parsed.problem);
      return;
    }
    const where = pathOf(parsed.entry);
    if (!where.ok) {
      entryProblems.push(
        problem('unsafe_entry', `index.json entry #${position} (${JSON.stringify(String(parsed.entry.id).slice(0, 80))}) refused: ${where.reason}. Nothing outside the bundle is read.`, {
          position,
          ...(isSafeId(parsed.entry.id) ? { id: parsed.entry.id } : {}),
        }),
      );
      return;
    }
    entries.push({ ...parsed.entry, position, file: where.relative });
    if (!texts.has(where.relative)) {
      const text = (scanned.has(where.relative) ? readScannedText(where.absolute, scratch) : undefined) ?? readEntryText(where.absolute, realDir);
      texts.set(where.relative, text);
      digest.update(`\0${where.relative}\0${'text' in text ? `${text.text.length}\0` : `error ${text.error}`}`);
      if ('text' in text) digest.update(text.text);
    }
  });
  return { stamp, indexRaw, triggersRaw, triggersError, files, scanTruncated: truncated, scannedNames: complete ? new Set([...files, ...others]) : undefined, texts, entries, entryProblems, sourceDigest: digest.digest('hex') };
}

/** Reads and parses a JSON object file; its text goes into `digest` (length-prefixed). */
function readJsonObject(file: string, digest: Hash): Record<string, unknown> {
  let text: string;
  try {
    if (statSync(file).size > MAX_INDEX_BYTES) throw new BundleError(`${file} is larger than ${MAX_INDEX_BYTES} bytes; refusing to load it.`, { file });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError(`Cannot read ${file}: ${errorMessage(error)}`, { file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BundleError(`${file} is not valid JSON (${errorMessage(error)}). Re-create it with \`codex-flow convert\`.`, { file });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BundleError(`${file} must contain a JSON object.`, { file });
  digest.update(`\0${path.basename(file)}\0${text.length}\0`);
  digest.update(text);
  return value as Record<string, unknown>;
}

function readEntryText(absolute: string, realDir: string): { text: string } | { error: string; missing: boolean } {
  const real = safeRealpath(absolute);
  if (!real) return { error: 'file not found', missing: true };
  if (!isInside(realDir, real)) return { error: 'the file is a link to somewhere outside the bundle; refused', missing: false };
  try {
    if (statSync(real).size > MAX_AGENT_FILE_BYTES) return { error: `larger than ${MAX_AGENT_FILE_BYTES} bytes`, missing: false };
    const buffer = readFileSync(real);
    return { text: buffer.toString('utf8') };
  } catch (error) {
    return { error: errorMessage(error), missing: false };
  }
}

/** One read buffer reused for every agent file of a load (decoded to a string right after each read). */
interface ScratchBuffer {
  buffer: Buffer;
}

/**
 * Reads a file the scan found as a regular file, refusing to follow a link
 * (O_NOFOLLOW) in case it was swapped for one since; undefined sends it down
 * the checked path of {@link readEntryText}.
 */
function readScannedText(absolute: string, scratch: ScratchBuffer): { text: string } | { error: string; missing: boolean } | undefined {
  let fd: number;
  try {
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return undefined;
    if (stats.size > MAX_AGENT_FILE_BYTES) return { error: `larger than ${MAX_AGENT_FILE_BYTES} bytes`, missing: false };
    if (scratch.buffer.length < stats.size) scratch.buffer = Buffer.allocUnsafe(stats.size);
    const { buffer } = scratch;
    let filled = 0;
    while (filled < stats.size) {
      const read = readSync(fd, buffer, filled, stats.size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return { text: buffer.toString('utf8', 0, filled) };
  } catch (error) {
    return { error: errorMessage(error), missing: false };
  } finally {
    closeSync(fd);
  }
}

function safeRealpath(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

function parseIndexEntry(raw: unknown, position: number): { entry: IndexEntry } | { problem: RegistryProblem } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problem: problem('invalid_index_entry', `index.json entry #${position} is not an object.`, { position }) };
  }
  const record = raw as Record<string, unknown>;
  if (typeof record.id !== 'string' || record.id.length === 0) {
    return { problem: problem('invalid_index_entry', `index.json entry #${position} has no string "id".`, { position }) };
  }
  if (typeof record.domain !== 'string' || record.domain.length === 0) {
    return { problem: problem('invalid_index_entry', `index.json entry #${position} ("${record.id.slice(0, 80)}") has no string "domain".`, { position }) };
  }
  const entry: IndexEntry = {
    ...(record as Partial<IndexEntry>),
    id: record.id,
    name: typeof record.name === 'string' ? record.name : record.id,
    domain: record.domain,
    tier: typeof record.tier === 'string' && record.tier ? record.tier : 'specialist',
    description: typeof record.description === 'string' ? record.description : '',
    keywords: Array.isArray(record.keywords) ? record.keywords.filter((k): k is string => typeof k === 'string') : [],
    autonomy_level: typeof record.autonomy_level === 'number' ? record.autonomy_level : 0.7,
    max_parallel_tasks: typeof record.max_parallel_tasks === 'number' ? record.max_parallel_tasks : 3,
  };
  if (typeof record.subdomain === 'string' && record.subdomain.length > 0) entry.subdomain = record.subdomain;
  else delete entry.subdomain;
  return { entry };
}
