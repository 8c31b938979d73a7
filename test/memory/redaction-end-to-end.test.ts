import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { withDefaults, type AgentDefinition, type AgentDefinitionInput } from '../../src/agents/schema.js';
import { configSchema } from '../../src/config/config-schema.js';
import type { ContextEnvelope } from '../../src/memory/context-bus.js';
import { runOrchestration } from '../../src/orchestrator/orchestrator.js';
import { createRunIntegrations } from '../../src/orchestrator/run-integrations.js';
import { buildRunPlan } from '../../src/orchestrator/run-plan.js';
import { normalizeTaskMap, type TaskMap } from '../../src/orchestrator/task-map.js';
import { TaskWorkspaces } from '../../src/policy/task-workspace.js';
import { buildMessages } from '../../src/providers/build-messages.js';
import { EventLog } from '../../src/telemetry/event-log.js';
import { makeTempDir } from '../../test-support/cli-harness.js';
import { redisTestMode, TEST_REDIS_URL } from '../../test-support/redis-probe.js';
import { ScriptedProvider, type ScriptStep } from '../../test-support/scripted-provider.js';

/**
 * End to end through the orchestrator's run loop, assembled exactly as
 * `codex-flow run` does (EventLog + createRunIntegrations + runOrchestration
 * + TaskWorkspaces), with a ScriptedProvider: secrets placed in a task and in
 * the provider's output (text and error) must not reach memory, events,
 * traces (a real OTLP/HTTP receiver on 127.0.0.1), the context bus or .runs/.
 */

const OPENAI_KEY = 'sk-proj-AbCdEf0123456789GhIjKlMnOpQr';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const GITHUB_TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJklmnop';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const PEM_BODY = 'MIIEowIBAAKCAQEAsecretpemmaterialXYZ';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`;
const SECRETS = [OPENAI_KEY, AWS_KEY, GITHUB_TOKEN, BEARER, PEM_BODY, 'hunter2-db-pass'];

const redis = await redisTestMode('redaction end to end');
const RUN_PREFIX = `cf-e2e-${process.pid}-${Date.now().toString(36)}:`;

function agent(id: string, patch: Omit<Partial<AgentDefinitionInput>, 'agent'>): AgentDefinition {
  return withDefaults({ ...patch, agent: { id, name: id }, observability: { tracing: { sample_rate: 1 } } });
}
const AGENTS: Record<string, AgentDefinition> = {
  keeper: agent('keeper', { memory: { sharing_policy: { share_with: ['reader'], redact: [] } } }),
  reader: agent('reader', {}),
};
const registry = {
  resolve(aliasOrId: string) {
    const definition = AGENTS[aliasOrId];
    if (!definition) throw new Error(`unknown ${aliasOrId}`);
    return { alias: aliasOrId, agentId: definition.agent.id, definition, viaAlias: false };
  },
};

function script(request: { task: string }): ScriptStep[] {
  if (request.task.includes('fail')) return [{ type: 'text-delta', text: 'partial ' }, { type: 'throw', error: new Error(`upstream rejected Authorization: Bearer ${BEARER} (db password=hunter2-db-pass)`) }];
  // Streamed in 5-character deltas, as real token streams do: every secret is split across chunks.
  const text = `Deployed. Token used: ${GITHUB_TOKEN} and key ${PEM} stored; AWS ${AWS_KEY}; Authorization: Bearer ${BEARER} done.`;
  const deltas: ScriptStep[] = [];
  for (let index = 0; index < text.length; index += 5) deltas.push({ type: 'text-delta', text: text.slice(index, index + 5) });
  return [...deltas, { type: 'finish', reason: 'stop', usage: { tokensIn: 12, tokensOut: 34 } }];
}

async function otlpReceiver(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

async function runOnce(root: string, env: Record<string, string>, map: TaskMap, options: { shareContext: boolean; runId: string; provider: ScriptedProvider; bus?: ContextEnvelope[]; busExpected?: number }) {
  const clock = { now: () => Date.now() };
  const config = configSchema.parse({});
  const plan = buildRunPlan(options.runId, normalizeTaskMap(map, 'test'), registry, config.runtime);
  const eventLog = EventLog.forRoot(root);
  const integrations = await createRunIntegrations({
    root,
    config,
    registry,
    env,
    clock,
    memory: true,
    shareContext: options.shareContext,
    aliases: plan.aliases.map((lane) => lane.alias),
    runId: options.runId,
    emit: eventLog.append,
  });
  const subscription = options.bus ? await integrations.memory!.bus.subscribe({ alias: 'reader' }, (message) => options.bus!.push(message)) : undefined;
  try {
    return await runOrchestration(plan, {
      ...integrations.hooks,
      listeners: [eventLog.append, ...(integrations.hooks.listeners ?? [])],
      provider: options.provider,
      runtime: { retries: 0, hook_timeout_ms: 5_000 },
      buildMessages: (definition, task, messageOptions) => buildMessages(definition, task, messageOptions),
      workspaces: new TaskWorkspaces(root),
      env,
      clock,
    });
  } finally {
    if (options.bus) await waitFor(() => options.bus!.length >= (options.busExpected ?? 0)); // Redis pub/sub delivers asynchronously
    await subscription?.unsubscribe();
    eventLog.flush();
    await integrations.close();
    eventLog.close();
  }
}

const BACKENDS = [
  { name: 'file' as const, env: {} as Record<string, string> },
  { name: 'redis' as const, env: { MEM_REDIS_URL: TEST_REDIS_URL, MEM_REDIS_PREFIX: RUN_PREFIX } },
];

describe.each(BACKENDS)('secrets never leave the run (memory backend: $name)', ({ name, env: backendEnv }) => {
  it.skipIf(name === 'redis' && !redis.run)('a secret in a task and in the provider output reaches no file, event, span, bus message or memory record', async () => {
    const temp = makeTempDir('codex-flow-e2e-redaction-');
    const otlp = await otlpReceiver();
    try {
      const env = { ...backendEnv, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url };
      const bus: ContextEnvelope[] = [];
      const first = new ScriptedProvider({ script });
      const result = await runOnce(
        temp.dir,
        env,
        { keeper: [{ text: `Deploy with OPENAI_API_KEY=${OPENAI_KEY} and AWS ${AWS_KEY}`, id: 'deploy' }, { text: `fail on purpose, token ${GITHUB_TOKEN}`, id: 'broken' }] },
        { shareContext: false, runId: 'r-e2e-1', provider: first, bus, busExpected: 2 },
      );
      expect(result).toMatchObject({ ok: 1, failed: 1 });

      // Second run: the reader gets keeper's prior context (policy shares it, --share-context).
      const second = new ScriptedProvider({ script });
      await runOnce(temp.dir, env, { reader: [{ text: 'Summarise what keeper did', id: 'summary' }] }, { shareContext: true, runId: 'r-e2e-2', provider: second });
      const readerPrompt = JSON.stringify(second.calls[0]!.messages);
      expect(readerPrompt).toContain('Prior context');
      expect(readerPrompt).toContain('[keeper deploy]');

      // Positive controls: everything was actually written / sent.
      const files = allFiles(temp.dir).map((file) => path.relative(temp.dir, file));
      expect(files).toContain(path.join('data', 'logs', 'events.jsonl'));
      expect(files).toContain(path.join('data', 'metrics', 'agents.json'));
      expect(files.some((file) => file.startsWith(path.join('.runs', 'keeper', 'deploy')))).toBe(true);
      if (name === 'file') expect(files).toContain(path.join('data', 'memory', 'keeper.jsonl'));
      expect(bus.map((message) => message.taskId).sort()).toEqual(['broken', 'deploy']);
      const spans = otlp.bodies.join('\n');
      expect(spans).toContain('agent:keeper');
      expect(spans).toContain('agent:reader');
      const events = readFileSync(path.join(temp.dir, 'data', 'logs', 'events.jsonl'), 'utf8');
      expect(events).toContain('[REDACTED]');
      const metrics = JSON.parse(readFileSync(path.join(temp.dir, 'data', 'metrics', 'agents.json'), 'utf8')) as { agents: Array<{ agentId: string; tasks: number }> };
      expect(metrics.agents.map((card) => [card.agentId, card.tasks])).toEqual([
        ['keeper', 2],
        ['reader', 1],
      ]);

      // A consumer of the event stream sees the chunks joined: a secret split across deltas must not reassemble there.
      const streamed = new Map<string, string>();
      for (const line of events.split('\n').filter(Boolean)) {
        const event = JSON.parse(line) as { kind: string; taskId?: string; text?: string };
        if (event.kind === 'chunk') streamed.set(event.taskId!, (streamed.get(event.taskId!) ?? '') + event.text);
      }
      expect(streamed.get('deploy')).toContain('[REDACTED]');

      // The secrets: nowhere.
      const everything = [
        ...streamed.values(),
        ...allFiles(temp.dir).map((file) => readFileSync(file, 'utf8')),
        spans,
        JSON.stringify(bus),
        readerPrompt,
        name === 'redis' ? await redisDump() : '',
      ]
        .join('\n')
        .toLowerCase(); // a model may echo a secret lower-cased
      for (const secret of SECRETS) expect(everything, `leaked ${secret.slice(0, 12)}…`).not.toContain(secret.toLowerCase());
    } finally {
      await new Promise((resolve) => otlp.server.close(resolve));
      temp.cleanup();
    }
  });
});

async function redisDump(): Promise<string> {
  const client = new Redis(TEST_REDIS_URL);
  try {
    const keys = await client.keys(`${RUN_PREFIX}*`);
    expect(keys.length).toBeGreaterThan(0);
    const values = await Promise.all(keys.map((key) => client.lrange(key, 0, -1)));
    return values.flat().join('\n');
  } finally {
    client.disconnect();
  }
}

afterAll(async () => {
  if (!redis.up) return;
  const client = new Redis(TEST_REDIS_URL);
  const keys = await client.keys(`${RUN_PREFIX}*`);
  if (keys.length > 0) await client.del(...keys);
  client.disconnect();
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) return; // the assertions below then say what is missing
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
