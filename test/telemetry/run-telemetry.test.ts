import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDefaults, type AgentDefinition } from '../../src/agents/schema.js';
import { configSchema } from '../../src/config/config-schema.js';
import { runOrchestration } from '../../src/orchestrator/orchestrator.js';
import { createRunIntegrations } from '../../src/orchestrator/run-integrations.js';
import { buildRunPlan } from '../../src/orchestrator/run-plan.js';
import { normalizeTaskMap } from '../../src/orchestrator/task-map.js';
import { buildMessages } from '../../src/providers/build-messages.js';
import { EventLog } from '../../src/telemetry/event-log.js';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { readScorecards } from '../../src/telemetry/metrics.js';
import { readJsonLines } from '../../src/util/jsonl-file.js';
import { makeTempDir } from '../../test-support/cli-harness.js';
import { ScriptedProvider } from '../../test-support/scripted-provider.js';

const flaky: AgentDefinition = withDefaults({
  agent: { id: 'flaky', name: 'Flaky' },
  runtime: { concurrency: { max_parallel_tasks: 1 } },
  metrics: { thresholds: { failure_rate_pct: 30 }, escalation: { notify: ['oncall'] } },
  observability: { tracing: { sample_rate: 1 } },
});
const registry = {
  resolve(aliasOrId: string) {
    if (aliasOrId !== 'flaky') throw new Error('unknown');
    return { alias: 'flaky', agentId: 'flaky', definition: flaky, viaAlias: false };
  },
};

describe('telemetry in a run (createRunIntegrations around runOrchestration)', () => {
  it('a failure rate above metrics.thresholds.failure_rate_pct puts an alert naming escalation.notify in the event log; metrics are recomputed', async () => {
    const temp = makeTempDir('codex-flow-run-telemetry-');
    try {
      const clock = { now: () => Date.now() };
      const config = configSchema.parse({});
      // Tasks 1-3 succeed, 4-8 fail: the rate crosses 30% within the window.
      const provider = new ScriptedProvider({
        script: (request) =>
          Number(request.taskId.split('-t')[1]) > 3 ? [{ type: 'throw', error: new Error('model refused') }] : [{ type: 'text-delta', text: 'ok' }, { type: 'finish', reason: 'stop' }],
      });
      const plan = buildRunPlan('r-alert', normalizeTaskMap({ flaky: Array.from({ length: 8 }, (_, i) => `task ${i + 1}`) }, 'test', { idPrefix: 'r-alert-' }), registry, config.runtime);
      const eventLog = EventLog.forRoot(temp.dir);
      const integrations = await createRunIntegrations({ root: temp.dir, config, registry, env: {}, clock, memory: false, shareContext: false, aliases: ['flaky'], runId: 'r-alert', emit: eventLog.append });
      expect(integrations.describe).toBe('memory: off; traces: off');
      try {
        await runOrchestration(plan, {
          ...integrations.hooks,
          listeners: [eventLog.append, ...(integrations.hooks.listeners ?? [])],
          provider,
          runtime: { retries: 0, hook_timeout_ms: 5_000 },
          buildMessages: (definition, task, options) => buildMessages(definition, task, options),
          clock,
        });
      } finally {
        eventLog.flush();
        await integrations.close();
        eventLog.close();
      }
      const events = readJsonLines<CodexEvent>(path.join(temp.dir, 'data', 'logs', 'events.jsonl')).records;
      const alerts = events.filter((event) => event.kind === 'alert');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ agentId: 'flaky', notify: ['oncall'], failureRatePct: 40 }); // 2 of 5 at minTasks
      expect(readScorecards(temp.dir)?.agents[0]).toMatchObject({ agentId: 'flaky', tasks: 8, ok: 3, failed: 5 });
    } finally {
      temp.cleanup();
    }
  });

  it('a dead OTLP collector is reported as a status event after the run; the run and the metrics are unaffected', async () => {
    const temp = makeTempDir('codex-flow-run-telemetry-');
    try {
      const clock = { now: () => Date.now() };
      const config = configSchema.parse({});
      const provider = new ScriptedProvider({ script: [{ type: 'text-delta', text: 'ok' }, { type: 'finish', reason: 'stop' }] });
      const plan = buildRunPlan('r-otlp', normalizeTaskMap({ flaky: ['one'] }, 'test', { idPrefix: 'r-otlp-' }), registry, config.runtime);
      const eventLog = EventLog.forRoot(temp.dir);
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_EXPORTER_OTLP_TIMEOUT: '300' };
      const integrations = await createRunIntegrations({ root: temp.dir, config, registry, env, clock, memory: false, shareContext: false, aliases: ['flaky'], runId: 'r-otlp', emit: eventLog.append });
      expect(integrations.describe).toBe('memory: off; traces: otlp http://127.0.0.1:1/v1/traces');
      let result;
      try {
        result = await runOrchestration(plan, { ...integrations.hooks, listeners: [eventLog.append, ...(integrations.hooks.listeners ?? [])], provider, runtime: { retries: 0, hook_timeout_ms: 5_000 }, buildMessages: (d, t, o) => buildMessages(d, t, o), clock });
      } finally {
        eventLog.flush();
        await integrations.close();
        eventLog.close();
      }
      expect(result.ok).toBe(1);
      const events = readJsonLines<CodexEvent>(path.join(temp.dir, 'data', 'logs', 'events.jsonl')).records;
      expect(events.at(-1)).toMatchObject({ kind: 'status', message: expect.stringMatching(/Traces could not be exported to http:\/\/127\.0\.0\.1:1\/v1\/traces: connect ECONNREFUSED/) });
      expect(readScorecards(temp.dir)?.agents[0]).toMatchObject({ agentId: 'flaky', tasks: 1, ok: 1 });
    } finally {
      temp.cleanup();
    }
  });
});
