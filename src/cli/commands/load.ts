import path from 'node:path';
import type { Command } from 'commander';
import { formatFleetSummary, summarizeFleet } from '../../agents/fleet-summary.js';
import { loadRegistry } from '../../agents/registry.js';
import { loadConfig } from '../../config/load-config.js';
import { checkBundleFreshness, freshnessProblem } from '../../setup/bundle-freshness.js';
import { readScorecards, type MetricsSnapshot } from '../../telemetry/metrics.js';
import { BundleError, errorMessage } from '../../util/errors.js';
import { ExitCode, type CliIO } from '../cli-io.js';

interface LoadFlags {
  dir?: string;
  json?: boolean;
  config?: string;
}

/** Exit code when the bundle has errors (duplicate ids included) or cannot be read, as the original Codex Flow did. */
export const LOAD_ERROR_EXIT_CODE = 2;

export function register(program: Command, io: CliIO): void {
  program
    .command('load')
    .description('Load and check the agent bundle: counts by domain and tier, duplicate ids, stale index, invalid or missing files, per-agent metrics.')
    .option('--dir <bundle>', 'bundle folder (default: the config bundle, codex/agents)')
    .option('--json', 'print the summary as JSON')
    .option('--config <file>', 'config file (default: codex-flow.config.* in the project root)')
    .addHelpText(
      'after',
      `
Examples:
  codex-flow load
  codex-flow load --dir ../shared/compat/codex-flow-v0/codex/agents --json

Exit codes: 0 the bundle loads (warnings allowed), 2 it has errors (duplicate ids, missing,
invalid or unlisted agent files, triggers naming unknown agents, bad aliases) or cannot be read,
1 other failures (bad config).`,
    )
    .action(async (flags: LoadFlags) => {
      const root = io.ctx.root;
      const { config } = loadConfig(root, flags.config);
      const configuredDir = path.resolve(root, config.bundle);
      const dir = path.resolve(root, flags.dir ?? config.bundle);
      // Config aliases describe the configured bundle; another bundle given with --dir is checked on its own.
      const aliasesApplied = dir === configuredDir;
      let registry;
      try {
        registry = loadRegistry({ root, dir, config: aliasesApplied ? config : { aliases: {} } });
      } catch (error) {
        if (!(error instanceof BundleError)) throw error;
        if (flags.json) io.stdout(`${JSON.stringify({ ok: false, dir, error: { code: error.code, message: error.message } }, null, 2)}\n`);
        else io.stderr(`codex-flow load: ${error.message}\n`);
        throw new ExitCode(LOAD_ERROR_EXIT_CODE);
      }
      // The configured bundle is also compared with a dry-run conversion of its source (nothing is written).
      const freshness = aliasesApplied ? await checkBundleFreshness({ root, source: config.source, bundle: config.bundle }) : undefined;
      const stale = freshness ? freshnessProblem(freshness, root) : undefined;
      const summary = summarizeFleet(registry, stale ? [stale] : []);
      const metrics = readMetrics(root);
      const ok = summary.errors === 0;
      if (flags.json) {
        const { problems, ...rest } = summary;
        io.stdout(
          `${JSON.stringify(
            {
              ok,
              ...rest,
              duplicateIds: summary.duplicates.map((d) => d.id),
              aliasesApplied,
              sourceCheck: freshness ? { source: freshness.source, stale: freshness.stale, ...(freshness.error ? { error: freshness.error } : {}) } : null,
              problems,
              metrics: metrics.snapshot
                ? {
                    generatedAt: metrics.snapshot.generatedAt,
                    agents: metrics.snapshot.agents.map((card) => ({
                      agentId: card.agentId,
                      inBundle: registry.has(card.agentId),
                      tasks: card.tasks,
                      successRate: card.successRate,
                      p95Ms: card.p95Ms,
                    })),
                  }
                : null,
              ...(metrics.error ? { metricsError: metrics.error } : {}),
            },
            null,
            2,
          )}\n`,
        );
      } else {
        io.stdout(formatFleetSummary(summary));
        if (!aliasesApplied && config.aliases && Object.keys(config.aliases).length > 0) {
          io.stdout('Aliases: not applied (--dir is not the configured bundle).\n');
        }
        io.stdout(formatMetrics(metrics, (id) => registry.has(id)));
        io.stdout(ok ? 'Result: OK\n' : `Result: ${summary.errors} error(s) — exit code ${LOAD_ERROR_EXIT_CODE}\n`);
      }
      if (!ok) throw new ExitCode(LOAD_ERROR_EXIT_CODE);
    });
}

function readMetrics(root: string): { snapshot?: MetricsSnapshot; error?: string } {
  try {
    const snapshot = readScorecards(root);
    return snapshot ? { snapshot } : {};
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

function formatMetrics(metrics: { snapshot?: MetricsSnapshot; error?: string }, inBundle: (id: string) => boolean): string {
  if (metrics.error) return `Metrics: unreadable — ${metrics.error}\n`;
  const cards = metrics.snapshot?.agents ?? [];
  if (cards.length === 0) return 'Metrics: none yet (data/metrics/agents.json is written after runs).\n';
  const rows = cards.map((card) => [
    inBundle(card.agentId) ? card.agentId : `${card.agentId} (not in this bundle)`,
    String(card.tasks),
    `${(card.successRate * 100).toFixed(1)}%`,
    `${card.p95Ms} ms`,
  ]);
  const header = ['agent', 'tasks', 'success', 'p95'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const render = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [`Metrics (${metrics.snapshot?.generatedAt ?? ''}):`, render(header), ...rows.map(render)].join('\n') + '\n';
}
