import path from 'node:path';
import { formatFleetSummary } from '../agents/fleet-summary.js';
import type { PreparedFleet } from './prepare-fleet.js';

const BUNDLE_ACTION_TEXT: Record<PreparedFleet['action'], string> = {
  created: 'written',
  updated: 'regenerated (it was stale)',
  unchanged: 'already up to date, nothing written',
  kept: 'NOT written: the folder holds a bundle codex-flow did not generate; it was left as it is (use `codex-flow init --force` to replace it)',
};

/** Human-readable account of a conversion + validation: source, what was written, per-file problems, the fleet. */
export function formatPreparedFleet(root: string, prepared: PreparedFleet, options: { maxListed?: number } = {}): string {
  const max = options.maxListed ?? 20;
  const rel = (file: string): string => {
    const relative = path.relative(root, file);
    return relative && !relative.startsWith('..') ? relative : file;
  };
  const { convert } = prepared;
  const lines: string[] = [];
  lines.push(`Source: ${rel(prepared.source.dir)} (${prepared.source.reason})`);
  lines.push(
    `Converted: ${convert.converted.length} agent(s), ${convert.skipped.length} skipped (not agents), ${convert.errors.length} error(s)` +
      (convert.duplicates.length > 0 ? `, ${convert.duplicates.length} duplicate name(s) suffixed` : ''),
  );
  for (const item of convert.errors.slice(0, max)) lines.push(`  error   ${item.file}${item.line ? `:${item.line}` : ''}: ${item.reason}`);
  for (const item of convert.skipped.slice(0, max)) lines.push(`  skipped ${item.file}: ${item.reason}`);
  for (const item of convert.duplicates.slice(0, max)) lines.push(`  renamed ${item.id}: ${item.files.join(', ')} → ${item.resolvedAs.join(', ')}`);
  const hidden = Math.max(0, convert.errors.length - max) + Math.max(0, convert.skipped.length - max) + Math.max(0, convert.duplicates.length - max);
  if (hidden > 0) lines.push(`  … ${hidden} more (codex-flow convert --json lists them all)`);
  lines.push(`Bundle: ${rel(prepared.bundleDir)} — ${BUNDLE_ACTION_TEXT[prepared.action]}`);
  if (prepared.fleet) {
    lines.push('Validation (loaded back from disk):');
    lines.push(...formatFleetSummary(prepared.fleet, { maxProblems: max }).trimEnd().split('\n').map((line) => `  ${line}`));
  } else {
    lines.push(`Validation: the bundle could not be loaded: ${prepared.loadError ?? 'unknown reason'}`);
  }
  return lines.join('\n') + '\n';
}

/** Exit code for init/quickstart: 0 the fleet loads cleanly, 2 the bundle has errors, 1 nothing usable. */
export function setupExitCode(prepared: PreparedFleet): number {
  if (!prepared.fleet || prepared.fleet.loadable === 0) return 1;
  return prepared.fleet.errors > 0 ? 2 : 0;
}
