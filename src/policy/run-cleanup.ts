import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { eventLogFile } from '../telemetry/event-log.js';
import { rewriteLines } from '../util/jsonl-file.js';
import { isSafeId } from '../util/safe-id.js';
import { RUNS_DIR, isInside } from './task-workspace.js';

/**
 * `codex-flow cleanup` (SPEC §7): prune task workspaces older than a cutoff
 * and truncate the event log. Both report exactly what they removed; with
 * `dryRun` nothing is touched and the same report says what would go.
 */

export interface PrunedWorkspace {
  alias: string;
  taskId: string;
  /** Relative to the project root. */
  path: string;
  ageMs: number;
}

export interface WorkspacePruneReport {
  removed: PrunedWorkspace[];
  kept: number;
  /** Entries under .runs that are not `<safe alias>/<safe task id>` directories: never touched. */
  skipped: string[];
}

/** Removes `.runs/<alias>/<taskId>/` directories last modified more than `olderThanMs` ago. */
export function pruneWorkspaces(options: { root: string; olderThanMs: number; nowMs: number; dryRun?: boolean }): WorkspacePruneReport {
  const runsDir = path.resolve(options.root, RUNS_DIR);
  const report: WorkspacePruneReport = { removed: [], kept: 0, skipped: [] };
  if (!existsSync(runsDir) || lstatSync(runsDir).isSymbolicLink()) return report;
  const cutoff = options.nowMs - options.olderThanMs;
  for (const alias of readdirSync(runsDir).sort()) {
    const aliasDir = path.join(runsDir, alias);
    if (!isSafeId(alias) || !lstatSync(aliasDir).isDirectory()) {
      report.skipped.push(path.join(RUNS_DIR, alias));
      continue;
    }
    let remaining = 0;
    for (const taskId of readdirSync(aliasDir).sort()) {
      const dir = path.join(aliasDir, taskId);
      const info = lstatSync(dir);
      if (!isSafeId(taskId) || !info.isDirectory() || !isInside(runsDir, dir)) {
        report.skipped.push(path.join(RUNS_DIR, alias, taskId));
        remaining += 1;
        continue;
      }
      const modified = latestMtime(dir, info.mtimeMs);
      if (modified > cutoff) {
        report.kept += 1;
        remaining += 1;
        continue;
      }
      report.removed.push({ alias, taskId, path: path.join(RUNS_DIR, alias, taskId), ageMs: Math.max(0, Math.round(options.nowMs - modified)) });
      if (!options.dryRun) rmSync(dir, { recursive: true, force: true });
    }
    if (remaining === 0 && !options.dryRun) {
      try {
        rmdirSync(aliasDir);
      } catch {
        // a run created a new workspace meanwhile: keep the folder
      }
    }
  }
  return report;
}

/** The newest mtime of the workspace's own files (input.json, output.json), else of the folder. */
function latestMtime(dir: string, fallback: number): number {
  let latest = fallback;
  for (const name of ['input.json', 'output.json']) {
    const file = path.join(dir, name);
    if (existsSync(file)) latest = Math.max(latest, statSync(file).mtimeMs);
  }
  return latest;
}

export interface LogTruncateReport {
  file: string;
  linesBefore: number;
  linesAfter: number;
  /** Lines removed: older than the cutoff, over `keepLines`, or unreadable. */
  removed: number;
}

/**
 * Truncates `data/logs/events.jsonl`: drops events whose `ts` is older than
 * `olderThanMs` and lines that do not parse, then keeps at most the last
 * `keepLines`. Rewrites through a temp file + rename (readers never see half
 * a file). Run it when no run is writing: lines appended meanwhile are lost.
 */
export function truncateEventLog(options: { root: string; olderThanMs: number; nowMs: number; keepLines?: number; dryRun?: boolean }): LogTruncateReport {
  const file = eventLogFile(options.root);
  if (!existsSync(file)) return { file, linesBefore: 0, linesAfter: 0, removed: 0 };
  const cutoff = options.nowMs - options.olderThanMs;
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  let kept = lines.filter((line) => {
    try {
      const ts = Date.parse((JSON.parse(line) as { ts?: string }).ts ?? '');
      return Number.isFinite(ts) && ts > cutoff;
    } catch {
      return false;
    }
  });
  if (options.keepLines !== undefined && kept.length > options.keepLines) kept = kept.slice(kept.length - options.keepLines);
  const report = { file, linesBefore: lines.length, linesAfter: kept.length, removed: lines.length - kept.length };
  if (!options.dryRun && report.removed > 0) rewriteLines(file, kept);
  return report;
}
