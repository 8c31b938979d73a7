import path from 'node:path';
import type { Command } from 'commander';
import { convertAgents } from '../../agents/converter/convert-agents.js';
import type { ConvertReport } from '../../agents/converter/convert-types.js';
import { formatConvertReport } from '../../agents/converter/format-convert-report.js';
import { watchAgents } from '../../agents/converter/watch-agents.js';
import { loadConfig } from '../../config/load-config.js';
import { errorMessage } from '../../util/errors.js';
import { ExitCode, type CliIO } from '../cli-io.js';

interface ConvertFlags {
  in?: string[];
  out?: string;
  check?: boolean;
  watch?: boolean;
  json?: boolean;
  debounce?: string;
}

function reportJson(report: ConvertReport, root: string): string {
  return `${JSON.stringify({ ...report, outDir: path.relative(root, report.outDir) || '.' })}\n`;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('convert')
    .description('Convert Claude Code agents (.claude/agents/**/*.md) into a codex-flow bundle (codex/agents).')
    .option('--in <dir...>', 'source folder(s) of Claude Code agents (default: "source" in the config, else .claude/agents)')
    .option('--out <dir>', 'bundle folder inside the project (default: "bundle" in the config, else codex/agents)')
    .option('--check', 'write nothing; exit 1 if the bundle is stale')
    .option('--watch', 'keep running: convert and publish again on every change')
    .option('--debounce <ms>', 'quiet period before a watch re-run', '150')
    .option('--json', 'print the report as JSON (one line per run with --watch)')
    .addHelpText(
      'after',
      `
Examples:
  codex-flow convert
  codex-flow convert --in .claude/agents ~/.claude/agents --out codex/agents
  codex-flow convert --check      # CI: fails when the bundle is out of date

Every file is converted, skipped (not an agent, with the reason) or listed as an error
(path, line, reason); the rest still convert. Exit codes: 0 ran (even with per-file
errors), 1 --check found a stale bundle or the options are unusable.`,
    )
    .action(async (flags: ConvertFlags) => {
      const root = io.ctx.root;
      const { config } = loadConfig(root);
      const inDirs = flags.in && flags.in.length > 0 ? flags.in : [config.source];
      const outDir = flags.out ?? config.bundle;
      const check = Boolean(flags.check);
      const print = (report: ConvertReport): void => {
        if (flags.json) io.stdout(reportJson(report, root));
        else io.stdout(formatConvertReport(report, { outDisplay: outDir, check }));
      };
      const report = await convertAgents({ root, inDirs, outDir, check, clock: io.ctx.clock });
      print(report);
      if (check && report.changed) throw new ExitCode(1);
      if (!flags.watch) return;
      const debounceMs = Number.parseInt(flags.debounce ?? '150', 10);
      io.stderr(`watching ${inDirs.join(', ')} (Ctrl-C to stop)\n`);
      const handle = watchAgents({
        root,
        inDirs,
        outDir,
        clock: io.ctx.clock,
        debounceMs: Number.isFinite(debounceMs) && debounceMs >= 0 ? debounceMs : 150,
        onConvert: (next) => {
          if (!next.changed) return;
          if (!flags.json) io.stdout(`[${new Date(io.ctx.clock.now()).toISOString()}] change detected\n`);
          print(next);
        },
        onError: (error) => io.stderr(`codex-flow: convert failed: ${errorMessage(error)}\n`),
      });
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      handle.close();
    });
}
