import path from 'node:path';
import type { Command } from 'commander';
import { formatPreparedFleet, setupExitCode } from '../../setup/format-setup-report.js';
import { runQuickstart } from '../../setup/quickstart.js';
import { ExitCode, type CliIO } from '../cli-io.js';
import { runCommand } from './run.js';

interface QuickstartFlags {
  json?: boolean;
  run?: boolean;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('quickstart')
    .description('Convert the configured agents (or the packaged example fleet), validate them and show the fleet. No API key, no server.')
    .option('--json', 'print the result as JSON')
    .option('--no-run', 'only convert, validate and show the fleet; do not run the example tasks')
    .addHelpText(
      'after',
      `
Examples:
  npx codex-flow quickstart
  codex-flow quickstart --json

Uses codex-flow.config.* when present ("source" → "bundle"); otherwise .claude/agents, or, when the
project has none, the example fleet shipped with codex-flow, converted into codex/agents.
Then it runs the example task file on the built-in offline provider (every result is marked
simulated; no API key, no network): try \`codex-flow run --example --provider openai\` for real answers.
Exit codes: 0 the fleet loads cleanly (and the example tasks ran ok), 2 the bundle has errors, 1 nothing usable or a task failed.`,
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
      if (flags.run === false || flags.json) return;
      io.stdout('\nRunning the example tasks on the offline provider (simulated output, no API key, no network):\n');
      const runCode = await runCommand(io, {
        example: true,
        provider: 'offline',
        memory: true,
        ...(result.aliasesFrom === 'packaged-example-config' && result.aliasesConfigFile ? { config: result.aliasesConfigFile, dir: result.bundleDir } : {}),
      });
      if (runCode !== 0) throw new ExitCode(runCode);
      io.stdout('Events: data/logs/events.jsonl · metrics: codex-flow metrics · memory: data/memory/\n');
    });
}
