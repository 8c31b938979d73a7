import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { loadRegistry, type Registry } from '../../agents/registry.js';
import { loadConfig } from '../../config/load-config.js';
import { parseDuration } from '../../memory/duration.js';
import { runOrchestration } from '../../orchestrator/orchestrator.js';
import { createRunIntegrations } from '../../orchestrator/run-integrations.js';
import { buildRunPlan, newRunId, summarizePlan } from '../../orchestrator/run-plan.js';
import { loadTasks, type TaskSourceSpec } from '../../orchestrator/task-source.js';
import { pruneWorkspaces } from '../../policy/run-cleanup.js';
import { TaskWorkspaces } from '../../policy/task-workspace.js';
import { buildMessages } from '../../providers/build-messages.js';
import { resolveProvider } from '../../providers/resolve-provider.js';
import { createRegistryRouter } from '../../routing/registry-router.js';
import { routingOptionsFromConfig } from '../../routing/routing-options.js';
import { EventLog } from '../../telemetry/event-log.js';
import type { CodexEvent } from '../../telemetry/events.js';
import { CodexFlowError, InvalidInputError } from '../../util/errors.js';
import { ExitCode, type CliIO } from '../cli-io.js';
import { formatRunPlan, formatRunSummary } from '../format-run.js';
import { createRunProgress } from '../run-progress.js';
import { routerCacheFor } from '../router-cache-dir.js';

export interface RunFlags {
  file?: string;
  example?: boolean;
  route?: string;
  routeFiles?: string[];
  routeTop?: string;
  prompt?: string;
  provider?: string;
  fallback?: string;
  strictTools?: boolean;
  plan?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  verbose?: boolean;
  json?: boolean;
  memory?: boolean;
  shareContext?: boolean;
  hooks?: boolean;
  dir?: string;
  config?: string;
}

/** Exit codes of `run`. */
export const RUN_EXIT = { ok: 0, taskFailed: 1, usage: 2, notConfirmed: 3 } as const;

export function register(program: Command, io: CliIO): void {
  program
    .command('run')
    .description('Run a task map across agents: one queue per alias under its concurrency cap, with timeouts, backpressure, policy and events.')
    .option('-f, --file <file>', 'task map JSON {"<alias>": ["task", {"text", "tools", "files", "priority", "id"}]}; - reads stdin')
    .option('--example', 'run the example task file (examples/tasks.json of the project, else the packaged one)')
    .option('--route <text>', 'route the text to the best agent and run it there')
    .option('--route-files <paths...>', 'file paths for --route (routing by file patterns)')
    .option('--route-top <n>', 'with --route: run on the top n agents (default 1)')
    .option('--prompt <goal>', 'plan a goal into tasks (planner; not available yet)')
    .option('--provider <name>', 'offline, openai, anthropic, ollama, cli, codex (default: RUNNER, else the first configured, else offline)')
    .option('--fallback <a,b>', 'providers to fail over to, in order')
    .option('--strict-tools', 'fail a task that requests a tool outside its agent\'s allowed set (default: log a policy_violation)')
    .option('--plan', 'print the plan and ask for confirmation (on a terminal) before running')
    .option('--yes', 'do not ask for confirmation after --plan')
    .option('--dry-run', 'print the plan and stop; nothing runs, nothing is written')
    .option('--verbose', 'stream the agents\' text, line by line per task')
    .option('--json', 'write the event stream as NDJSON on stdout (and nothing else)')
    .option('--no-memory', 'do not read or write per-alias memory for this run')
    .option('--share-context', 'also give tasks the prior context of other aliases whose memory.sharing_policy.share_with allows it')
    .option('--hooks', 'run the agents\' pre_task/post_task/failure hooks (off by default: bundles may be untrusted)')
    .option('--dir <bundle>', 'bundle folder (default: the config bundle, codex/agents)')
    .option('--config <file>', 'config file (default: codex-flow.config.* in the project root)')
    .addHelpText(
      'after',
      `
Examples:
  codex-flow run --example
  codex-flow run -f tasks.json --plan --yes
  cat tasks.json | codex-flow run -f - --json > events.ndjson
  codex-flow run --route "Review src/runtime/adapter.ts" --plan --yes
  codex-flow run -f tasks.json --provider cli --strict-tools --hooks

Task map: {"reviewer": ["Review utils/date.ts", {"text": "Fix auth.ts", "tools": ["Read", "Edit"], "priority": "high", "id": "auth-fix"}]}
  Keys are aliases from the config or agent ids; ids must match [a-z0-9][a-z0-9._-]* (no "..").

Without a task source the example task file runs (so \`npm run orchestrate\` works on a fresh clone).
--plan without --yes asks "Proceed?" on a terminal; when stdin is not a terminal it prints the plan and
exits 3 without running (pass --yes to run unattended).

Events go to data/logs/events.jsonl (and to stdout with --json); workspaces to .runs/<alias>/<taskId>/
(kept per runtime.workspace_retention, pruned by "codex-flow cleanup").

Exit codes: 0 every task ok, 1 a task failed or was rejected, 2 bad input (nothing ran), 3 plan not confirmed.`,
    )
    .action(async (flags: RunFlags) => {
      const code = await runCommand(io, flags);
      if (code !== 0) throw new ExitCode(code);
    });
}

/** The whole `run` command; also used by `quickstart` to run the example tasks. */
export async function runCommand(io: CliIO, flags: RunFlags): Promise<number> {
  let prepared: PreparedRun;
  try {
    prepared = await prepareRun(io, flags);
  } catch (error) {
    // bad input, unknown alias, unsafe id, bad config or bundle: nothing ran
    if (!(error instanceof CodexFlowError)) throw error;
    io.stderr(`codex-flow: ${error.message} [${error.code}]\n`);
    return RUN_EXIT.usage;
  }
  return executeRun(io, flags, prepared);
}

type PreparedRun = Awaited<ReturnType<typeof prepareRun>>;

/** Everything up to the plan: task source, config, bundle, resolution, provider. Throws on bad input. */
async function prepareRun(io: CliIO, flags: RunFlags) {
  if (flags.prompt !== undefined) {
    throw new InvalidInputError('--prompt (plan a goal into tasks) is not available yet: it comes with the planner. Use -f <tasks.json>, --example or --route "<text>".');
  }
  const sourceSpec = taskSourceOf(flags);
  if (sourceSpec.kind === 'example' && !flags.example) {
    io.stderr('codex-flow: no task source given: running the example task file (pass -f <tasks.json>, -f -, or --route "<text>").\n');
  }
  const root = io.ctx.root;
  const { config } = loadConfig(root, flags.config);
  const registry = loadRegistry({ root, config, ...(flags.dir ? { dir: flags.dir } : {}) });
  const runId = newRunId(io.ctx.clock.now(), randomBytes(2).toString('hex'));
  const loaded = await loadTasks(sourceSpec, {
    root,
    readStdin: io.readStdin,
    router: () => createRegistryRouter(registry, routingOptionsFromConfig(config), { cache: routerCacheFor(io.ctx.env, io.ctx.root) }),
    // generated task ids carry the run id so workspaces of different runs never collide
    idPrefix: `${runId}-`,
  });
  const plan = buildRunPlan(runId, loaded.tasks, registry, config.runtime);
  const selection = await resolveProvider({
    env: io.ctx.env,
    providersConfig: config.providers,
    cwd: root,
    ...(flags.provider !== undefined ? { requested: flags.provider } : {}),
    ...(flags.fallback !== undefined ? { fallback: flags.fallback } : {}),
  });
  const lanes = summarizePlan(plan);
  const planEvent: CodexEvent = { ts: new Date(io.ctx.clock.now()).toISOString(), runId, kind: 'run_plan', provider: selection.provider.name, providerReason: selection.reason, aliases: lanes };
  return { root, config, registry, loaded, plan, selection, lanes, planEvent, runId };
}

async function executeRun(io: CliIO, flags: RunFlags, prepared: PreparedRun): Promise<number> {
  const { root, config, registry, loaded, plan, selection, lanes, planEvent, runId } = prepared;

  if (flags.json) io.stdout(`${JSON.stringify(planEvent)}\n`);
  else if (flags.plan || flags.dryRun) io.stdout(formatRunPlan(plan, lanes, selection.provider.name, selection.reason));
  else io.stdout(`provider: ${selection.provider.name} (${selection.reason})\n`);
  if (loaded.routed && !flags.json) {
    io.stdout(`routed to ${loaded.routed.map((agent) => `${agent.id} (score ${agent.score.toFixed(3)}, ${agent.stage})`).join(', ')}\n`);
  }
  if (flags.dryRun) {
    if (!flags.json) io.stdout('dry run: nothing was run.\n');
    return RUN_EXIT.ok;
  }
  if (flags.plan && !flags.yes && !(await confirm(io))) return RUN_EXIT.notConfirmed;

  const eventLog = EventLog.forRoot(root);
  eventLog.append(planEvent);
  // Events made by the integrations themselves (alerts) go where run events go.
  const sinks: Array<(event: CodexEvent) => void> = [eventLog.append];
  const integrations = await createRunIntegrations({
    root,
    config,
    registry: registry as Registry,
    env: io.ctx.env,
    clock: io.ctx.clock,
    memory: flags.memory !== false,
    shareContext: Boolean(flags.shareContext),
    aliases: plan.aliases.map((lane) => lane.alias),
    runId,
    emit: (event) => sinks.forEach((sink) => sink(event)),
  });
  const totals = new Map(plan.aliases.map((lane) => [lane.alias, lane.tasks.length]));
  const progress = createRunProgress(io, { json: Boolean(flags.json), verbose: Boolean(flags.verbose), live: io.stdoutIsTTY && !flags.json, totals });
  sinks.push(progress.listener);
  const retentionMs = parseDuration(config.runtime.workspace_retention, 'runtime.workspace_retention');
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let result;
  try {
    result = await runOrchestration(plan, {
      ...integrations.hooks,
      listeners: [eventLog.append, progress.listener, ...(integrations.hooks.listeners ?? [])],
      provider: selection.provider,
      runtime: { retries: config.runtime.retries, hook_timeout_ms: config.runtime.hook_timeout_ms, workspace_retention_ms: retentionMs },
      buildMessages: (definition, task, options) => buildMessages(definition, task, { ...options, providersConfig: config.providers }),
      costOf: (usage, provider) => selection.costOf(usage, provider),
      strictTools: Boolean(flags.strictTools),
      runHooks: Boolean(flags.hooks),
      workspaces: new TaskWorkspaces(root),
      env: io.ctx.env,
      clock: io.ctx.clock,
      signal: controller.signal,
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    progress.finish();
    eventLog.flush(); // metrics are recomputed from the log in integrations.close()
    await integrations.close();
    eventLog.close();
  }
  if (retentionMs > 0) pruneWorkspaces({ root, olderThanMs: retentionMs, nowMs: io.ctx.clock.now() });
  if (!flags.json) io.stdout(formatRunSummary(result.summary, result));
  return result.failed > 0 || result.rejected > 0 ? RUN_EXIT.taskFailed : RUN_EXIT.ok;
}

function taskSourceOf(flags: RunFlags): TaskSourceSpec {
  const chosen = [flags.file !== undefined, Boolean(flags.example), flags.route !== undefined || flags.routeFiles !== undefined].filter(Boolean).length;
  if (chosen > 1) {
    throw new InvalidInputError('Give one task source: -f <file|->, --example, or --route "<text>" [--route-files <paths...>]. See codex-flow run --help.');
  }
  // `npm run orchestrate` with nothing else runs the example task file (said on stderr)
  if (chosen === 0) return { kind: 'example' };
  if (flags.file !== undefined) return flags.file === '-' ? { kind: 'stdin' } : { kind: 'file', file: flags.file };
  if (flags.example) return { kind: 'example' };
  const top = flags.routeTop === undefined ? 1 : Number(flags.routeTop);
  if (!Number.isInteger(top) || top < 1 || top > 20) throw new InvalidInputError(`--route-top must be an integer from 1 to 20, got ${JSON.stringify(flags.routeTop)}.`);
  return { kind: 'route', text: flags.route ?? '', files: flags.routeFiles ?? [], top };
}

/** Asks "Proceed?" on a terminal; off a terminal the plan is never confirmed implicitly. */
async function confirm(io: CliIO): Promise<boolean> {
  if (!io.stdinIsTTY) {
    io.stderr('codex-flow: not running: --plan needs confirmation and stdin is not a terminal. Pass --yes to run without asking.\n');
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question('Proceed? [y/N] ');
    const yes = /^y(es)?$/i.test(answer.trim());
    if (!yes) io.stderr('codex-flow: not confirmed; nothing was run.\n');
    return yes;
  } finally {
    rl.close();
  }
}
