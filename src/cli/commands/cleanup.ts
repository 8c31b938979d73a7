import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { parseDuration } from '../../memory/duration.js';
import { pruneWorkspaces, truncateEventLog } from '../../policy/run-cleanup.js';
import { InvalidInputError } from '../../util/errors.js';
import type { CliIO } from '../cli-io.js';

interface CleanupFlags {
  olderThan?: string;
  keepLines?: string;
  dryRun?: boolean;
  json?: boolean;
  config?: string;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('cleanup')
    .description('Prune old task workspaces (.runs/) and truncate the event log (data/logs/events.jsonl).')
    .option('--older-than <age>', 'remove workspaces and events older than this (7d, 12h, 30m; default: runtime.workspace_retention)')
    .option('--keep-lines <n>', 'after the age cut, keep at most the last n event-log lines')
    .option('--dry-run', 'report what would be removed, remove nothing')
    .option('--json', 'print the report as JSON')
    .option('--config <file>', 'config file (default: codex-flow.config.* in the project root)')
    .addHelpText(
      'after',
      `
What it removes:
  .runs/<alias>/<taskId>/   workspaces whose input.json/output.json are older than --older-than
  data/logs/events.jsonl     events whose "ts" is older than --older-than and unreadable (torn) lines;
                             then, with --keep-lines n, all but the last n lines. Rewritten atomically
                             (temp file + rename): run cleanup when no run is writing.

Examples:
  codex-flow cleanup --dry-run
  codex-flow cleanup --older-than 7d
  codex-flow cleanup --older-than 1d --keep-lines 100000 --json`,
    )
    .action((flags: CleanupFlags) => {
      const { config } = loadConfig(io.ctx.root, flags.config);
      const age = flags.olderThan ?? config.runtime.workspace_retention;
      const olderThanMs = parseDuration(age, '--older-than');
      let keepLines: number | undefined;
      if (flags.keepLines !== undefined) {
        keepLines = Number(flags.keepLines);
        if (!Number.isInteger(keepLines) || keepLines < 0) throw new InvalidInputError(`--keep-lines must be a non-negative integer, got ${JSON.stringify(flags.keepLines)}.`);
      }
      const nowMs = io.ctx.clock.now();
      const dryRun = Boolean(flags.dryRun);
      const workspaces = pruneWorkspaces({ root: io.ctx.root, olderThanMs, nowMs, dryRun });
      const log = truncateEventLog({ root: io.ctx.root, olderThanMs, nowMs, dryRun, ...(keepLines !== undefined ? { keepLines } : {}) });
      if (flags.json) {
        io.stdout(`${JSON.stringify({ dryRun, olderThan: age, olderThanMs, workspaces, eventLog: log })}\n`);
        return;
      }
      const verb = dryRun ? 'would remove' : 'removed';
      const lines = [`cleanup (older than ${age})${dryRun ? ' — dry run, nothing touched' : ''}:`];
      lines.push(`  workspaces: ${verb} ${workspaces.removed.length}, kept ${workspaces.kept}${workspaces.skipped.length > 0 ? `, left ${workspaces.skipped.length} unexpected entr(ies) alone` : ''}`);
      for (const entry of workspaces.removed.slice(0, 50)) lines.push(`    ${entry.path} (${Math.round(entry.ageMs / 3_600_000)} h old)`);
      if (workspaces.removed.length > 50) lines.push(`    … and ${workspaces.removed.length - 50} more`);
      lines.push(`  event log: ${verb} ${log.removed} of ${log.linesBefore} line(s), ${log.linesAfter} kept (${log.file})`);
      io.stdout(`${lines.join('\n')}\n`);
    });
}
