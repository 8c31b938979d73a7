import path from 'node:path';
import { Command, Option } from 'commander';
import { loadRegistry } from '../../agents/registry.js';
import { loadConfig } from '../../config/load-config.js';
import { formatRouteResult } from '../../routing/format-route.js';
import { routeBatch } from '../../routing/route-batch.js';
import { createRegistryRouter } from '../../routing/registry-router.js';
import { routingOptionsFromConfig } from '../../routing/routing-options.js';
import { InvalidInputError } from '../../util/errors.js';
import { ExitCode, type CliIO } from '../cli-io.js';
import { routerCacheFor } from '../router-cache-dir.js';

interface RouteFlags {
  files?: string[];
  top?: string;
  json?: boolean;
  explain?: boolean;
  dir?: string;
  batch?: string;
  config?: string;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('route')
    .description('Rank the agents that fit a task (free text and/or file paths), with scores and reasons.')
    .argument('[text...]', 'the task; read from stdin when omitted')
    .option('--files <paths...>', 'file paths the task touches')
    .option('--top <n>', 'how many agents to list (default: routing.top)')
    .option('--json', 'print JSON')
    .option('--explain', 'show every contribution to each score')
    .option('--dir <bundle>', 'bundle folder (default: the config bundle, codex/agents)')
    .option('--config <file>', 'config file (default: codex-flow.config.* in the project root)')
    .addOption(new Option('--batch <file>', 'route a JSONL file (or - for stdin) of {"text","files"} lines; one {"agents":[…]} line out per line in'))
    .addHelpText(
      'after',
      `
Examples:
  codex-flow route "our terraform plan fails on the vpc module" --files infra/main.tf
  codex-flow route "review this pull request" --explain
  echo "the checkout page is slow" | codex-flow route --json
  codex-flow route --batch tasks.jsonl --json > routes.jsonl

Exit codes: 0 routed (or no agent fits: see the message / "abstained" in JSON), 1 error, 2 bad usage.`,
    )
    .action(async (words: string[], flags: RouteFlags) => {
      const top = flags.top === undefined ? undefined : parseTop(flags.top);
      const { config } = loadConfig(io.ctx.root, flags.config);
      const options = routingOptionsFromConfig(config);
      const registry = loadRegistry({ root: io.ctx.root, config, ...(flags.dir ? { dir: flags.dir } : {}) });
      const router = createRegistryRouter(registry, options, { cache: routerCacheFor(io.ctx.env, io.ctx.root) });
      if (router.problems.length > 0) {
        io.stderr(`codex-flow: ${router.problems.length} routing rule(s) ignored:\n${router.problems
          .slice(0, 20)
          .map((p) => `  ${p.stage} ${JSON.stringify(p.pattern)}: ${p.message}`)
          .join('\n')}\n`);
      }
      const topOption = top === undefined ? {} : { top };

      if (flags.batch !== undefined) {
        const input = flags.batch === '-' ? { text: await io.readStdin() } : { file: path.resolve(io.ctx.root, flags.batch) };
        const summary = await routeBatch(router, input, io.stdout, topOption);
        if (summary.failed > 0) {
          io.stderr(`codex-flow: ${summary.failed} of ${summary.lines} line(s) could not be routed (see "error" in their output lines).\n`);
          throw new ExitCode(1);
        }
        return;
      }

      let text = words.join(' ');
      if (text.length === 0 && !io.stdinIsTTY && (flags.files ?? []).length === 0) text = (await io.readStdin()).trim();
      if (text.length === 0 && (flags.files ?? []).length === 0) {
        throw new InvalidInputError('Nothing to route: give the task as text (argument or stdin) and/or --files <paths>.');
      }
      // Per-term explanations are built only when they are shown.
      const result = router.route({ text, files: flags.files ?? [] }, { ...topOption, explain: flags.explain === true });
      if (flags.json) {
        const agents = flags.explain ? result.agents : result.agents.map(({ id, score, stage }) => ({ id, score, stage }));
        io.stdout(`${JSON.stringify({ agents, abstained: result.abstained, bestScore: result.bestScore, threshold: result.threshold })}\n`);
      } else {
        io.stdout(formatRouteResult(result, Boolean(flags.explain)));
      }
    });
}

function parseTop(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidInputError(`--top must be a whole number from 1 to 100, not ${JSON.stringify(value)}.`);
  return n;
}
