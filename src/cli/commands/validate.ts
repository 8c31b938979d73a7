import type { Command } from 'commander';
import { validateTarget } from '../../agents/validate-bundle.js';
import { ExitCode, type CliIO } from '../cli-io.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('validate')
    .description('Validate an agent .codex.yaml file, or a bundle folder (index.json, triggers.json and every agent, cross-checked).')
    .argument('<target>', 'a .codex.yaml file or a folder')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  codex-flow validate codex/agents
  codex-flow validate codex/agents/core/reviewer.codex.yaml --json

Each problem shows file:line, the path inside the document and the reason.
Unknown keys are warnings (kept, not used). Exit codes: 0 valid, 1 problems found.`,
    )
    .action((target: string, flags: { json?: boolean }) => {
      const report = validateTarget(target, io.ctx.root);
      if (flags.json) io.stdout(`${JSON.stringify({ ok: report.problems.length === 0, ...report }, null, 2)}\n`);
      else {
        const line = (issue: { file: string; line?: number; path: string; message: string }): string =>
          `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.path}: ${issue.message}`;
        for (const issue of report.problems) io.stdout(`error   ${line(issue)}\n`);
        for (const issue of report.warnings) io.stdout(`warning ${line(issue)}\n`);
        io.stdout(
          `${report.problems.length === 0 ? 'valid' : 'INVALID'}: ${report.filesChecked} agent file(s) checked, ${report.problems.length} problem(s), ${report.warnings.length} warning(s)\n`,
        );
      }
      if (report.problems.length > 0) throw new ExitCode(1);
    });
}
