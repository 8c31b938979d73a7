import path from 'node:path';
import type { Command } from 'commander';
import { formatPreparedFleet, setupExitCode } from '../../setup/format-setup-report.js';
import { initProject } from '../../setup/init-project.js';
import { ExitCode, type CliIO } from '../cli-io.js';

interface InitFlags {
  force?: boolean;
  from?: string;
  json?: boolean;
}

const CONFIG_ACTION_TEXT = {
  created: 'written',
  replaced: 'replaced (--force)',
  unchanged: 'already as generated, nothing written',
  kept: 'exists, kept as it is (use --force to replace it with a starter)',
} as const;

export function register(program: Command, io: CliIO): void {
  program
    .command('init')
    .description('Set up a project: convert .claude/agents (or the packaged example fleet), write a starter codex-flow.config.json, validate, print what was found.')
    .option('--force', 'replace an existing config, and a bundle codex-flow did not generate')
    .option('--from <dir>', 'convert the Claude Code agents in this folder instead of .claude/agents')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  codex-flow init
  codex-flow init --from ~/.claude/agents
  codex-flow init --force

Safe to re-run: a second run changes nothing. Without --force, an existing config is never
overwritten, nor a bundle folder that codex-flow did not generate.
Exit codes: 0 ready, 2 the bundle has errors (see the list), 1 nothing usable was produced.`,
    )
    .action(async (flags: InitFlags) => {
      const root = io.ctx.root;
      const result = await initProject({ root, force: Boolean(flags.force), ...(flags.from !== undefined ? { from: flags.from } : {}), clock: io.ctx.clock });
      const code = setupExitCode(result);
      if (flags.json) {
        io.stdout(
          `${JSON.stringify(
            {
              ok: code === 0,
              source: result.source,
              config: { action: result.config.action, file: path.relative(root, result.config.file) || result.config.file },
              bundle: { dir: result.bundleDir, action: result.action },
              convert: { converted: result.convert.converted.length, skipped: result.convert.skipped, errors: result.convert.errors, duplicates: result.convert.duplicates },
              fleet: result.fleet ?? null,
              ...(result.loadError ? { loadError: result.loadError } : {}),
              ...(result.sourceNote ? { note: result.sourceNote } : {}),
            },
            null,
            2,
          )}\n`,
        );
      } else {
        io.stdout('codex-flow init\n');
        io.stdout(formatPreparedFleet(root, result));
        io.stdout(`Config: ${path.relative(root, result.config.file) || result.config.file} — ${CONFIG_ACTION_TEXT[result.config.action]}\n`);
        if (result.sourceNote) io.stdout(`Note: ${result.sourceNote}.\n`);
        io.stdout(
          code === 0
            ? 'Ready. Next: codex-flow load · codex-flow route "<task>" · codex-flow quickstart\n'
            : `Not ready: ${code === 2 ? 'the bundle has errors (listed above)' : 'no agent could be loaded'}.\n`,
        );
      }
      if (code !== 0) throw new ExitCode(code);
    });
}
