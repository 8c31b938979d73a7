import path from 'node:path';
import type { Command } from 'commander';
import { formatPreparedFleet, setupExitCode } from '../../setup/format-setup-report.js';
import { runQuickstart } from '../../setup/quickstart.js';
import { ExitCode, type CliIO } from '../cli-io.js';

interface QuickstartFlags {
  json?: boolean;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('quickstart')
    .description('Convert the configured agents (or the packaged example fleet), validate them and show the fleet. No API key, no server.')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  npx codex-flow quickstart
  codex-flow quickstart --json

Uses codex-flow.config.* when present ("source" → "bundle"); otherwise .claude/agents, or, when the
project has none, the example fleet shipped with codex-flow, converted into codex/agents.
Exit codes: 0 the fleet loads cleanly, 2 the bundle has errors, 1 nothing usable.`,
    )
    .action(async (flags: QuickstartFlags) => {
      const root = io.ctx.root;
      const result = await runQuickstart({ root, clock: io.ctx.clock });
      const code = setupExitCode(result);
      if (flags.json) {
        io.stdout(
          `${JSON.stringify(
            {
              ok: code === 0,
              configFile: result.configFile ?? null,
              source: result.source,
              bundle: { dir: result.bundleDir, action: result.action },
              convert: { converted: result.convert.converted.length, skipped: result.convert.skipped, errors: result.convert.errors, duplicates: result.convert.duplicates },
              aliasesFrom: result.aliasesFrom,
              fleet: result.fleet ?? null,
              ...(result.loadError ? { loadError: result.loadError } : {}),
            },
            null,
            2,
          )}\n`,
        );
      } else {
        io.stdout(`codex-flow quickstart${result.configFile ? ` (config: ${path.relative(root, result.configFile) || result.configFile})` : ' (no codex-flow.config in this project)'}\n`);
        io.stdout(formatPreparedFleet(root, result));
        if (result.aliasesFrom === 'packaged-example-config') io.stdout('Aliases shown come from the example config packaged with codex-flow (this project has no config; `codex-flow init` writes one).\n');
        if (result.aliasesFrom === 'none') io.stdout('Aliases: none configured; any agent id works as its own alias (`codex-flow init` writes a starter config).\n');
        io.stdout(
          code === 0
            ? `Done: ${result.fleet?.loadable ?? 0} agents converted, validated and loaded. Try: codex-flow route "review this pull request" · codex-flow load\n`
            : `Quickstart did not finish cleanly: ${code === 2 ? 'the bundle has errors (listed above)' : 'no agent could be loaded'}.\n`,
        );
      }
      if (code !== 0) throw new ExitCode(code);
    });
}
