import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { loadRegistry } from '../../agents/registry.js';
import type { AgentDefinition } from '../../agents/schema.js';
import { loadConfig } from '../../config/load-config.js';
import { askOnce } from '../../providers/ask-once.js';
import { resolveProvider } from '../../providers/resolve-provider.js';
import { CodexFlowError } from '../../util/errors.js';
import { ExitCode, type CliIO } from '../cli-io.js';

interface AskFlags {
  agent?: string;
  provider?: string;
  fallback?: string;
  json?: boolean;
  dir?: string;
  config?: string;
}

/** Exit codes of `ask`. */
const ASK_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function register(program: Command, io: CliIO): void {
  program
    .command('ask')
    .description('Stream one answer from a provider: try a provider (and failover) in one line.')
    .argument('<prompt>', 'the question or task')
    .option('--agent <id>', 'answer as this agent (an id or alias from the bundle)')
    .option('--provider <name>', 'offline, openai, anthropic, ollama, cli, codex (default: RUNNER, else the first configured, else offline)')
    .option('--fallback <a,b>', 'providers to fail over to, in order')
    .option('--json', 'write the event stream as NDJSON on stdout')
    .option('--dir <bundle>', 'bundle folder for --agent (default: the config bundle)')
    .option('--config <file>', 'config file (default: codex-flow.config.* in the project root)')
    .addHelpText(
      'after',
      `
Examples:
  codex-flow ask "Explain this stack trace"              # first configured provider, else offline
  codex-flow ask "Review foo.ts" --agent reviewer --provider anthropic --fallback openai
  codex-flow ask "hello" --json | jq -c .kind

The chosen provider and why are printed on stderr. Exit codes: 0 ok, 1 the provider failed, 2 bad input.`,
    )
    .action(async (prompt: string, flags: AskFlags) => {
      const code = await askCommand(io, prompt, flags);
      if (code !== 0) throw new ExitCode(code);
    });
}

async function askCommand(io: CliIO, prompt: string, flags: AskFlags): Promise<number> {
  const root = io.ctx.root;
  let prepared;
  try {
    const { config } = loadConfig(root, flags.config);
    let agent: AgentDefinition | undefined;
    let alias: string | undefined;
    if (flags.agent) {
      const registry = loadRegistry({ root, config, ...(flags.dir ? { dir: flags.dir } : {}) });
      const resolved = registry.resolve(flags.agent);
      agent = resolved.definition;
      alias = resolved.alias;
    }
    const resolution = await resolveProvider({
      env: io.ctx.env,
      providersConfig: config.providers,
      cwd: root,
      clock: io.ctx.clock,
      ...(flags.provider ? { requested: flags.provider } : {}),
      ...(flags.fallback ? { fallback: flags.fallback } : {}),
    });
    prepared = { config, agent, alias, resolution };
  } catch (error) {
    if (!(error instanceof CodexFlowError)) throw error;
    io.stderr(`codex-flow: ${error.message} [${error.code}]\n`);
    return ASK_EXIT.usage;
  }
  const { config, agent, alias, resolution } = prepared;
  io.stderr(`provider: ${resolution.chain.join(' > ')} (${resolution.reason})\n`);
  const taskId = `ask-${randomBytes(4).toString('hex')}`;
  const result = await askOnce({
    prompt,
    resolution,
    taskId,
    clock: io.ctx.clock,
    providersConfig: config.providers,
    ...(agent ? { agent } : {}),
    ...(alias ? { alias } : {}),
    ...(flags.json
      ? { onEvent: (event) => io.stdout(`${JSON.stringify(event)}\n`) }
      : {
          onPart: (part) => {
            if (part.type === 'text-delta') io.stdout(part.text);
            else if (part.type === 'failover') io.stderr(`\nfailover: ${part.from} -> ${part.to} at character ${part.resumeAt} (${part.reason})\n`);
            else if (part.type === 'status') io.stderr(`${part.message}\n`);
          },
        }),
  });
  if (!flags.json) {
    if (result.text && !result.text.endsWith('\n')) io.stdout('\n');
    if (result.ok) {
      const tokens = result.usage ? `${result.usage.tokensIn} in / ${result.usage.tokensOut} out${result.usageEstimated ? ' (estimated)' : ''}` : 'usage not reported';
      io.stderr(`done: ${result.provider ?? resolution.name}, ${tokens}, $${result.cost.toFixed(6)}${result.simulated ? ', simulated (offline, no model called)' : ''}, ${result.ms} ms\n`);
    } else {
      io.stderr(`codex-flow: ${result.error?.message ?? 'the provider failed'} [${result.error?.code ?? 'E_PROVIDER'}]\n`);
    }
  }
  return result.ok ? ASK_EXIT.ok : ASK_EXIT.failed;
}
