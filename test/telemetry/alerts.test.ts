import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/agents/schema.js';
import { AlertMonitor, alertPolicyFromAgent } from '../../src/telemetry/alerts.js';
import type { CodexEvent, EventOf } from '../../src/telemetry/events.js';

const ts = '2026-01-01T00:00:00.000Z';
const agent = withDefaults({
  agent: { id: 'deployer', name: 'Deployer' },
  metrics: { thresholds: { failure_rate_pct: 25, heartbeat_miss: 3 }, escalation: { notify: ['oncall', 'team-lead'] } },
});
const outcome = (ok: boolean, taskId: string): CodexEvent =>
  ok
    ? { kind: 'task_complete', ts, runId: 'r', alias: 'deploy', agentId: 'deployer', taskId, ok: true, ms: 1, tokensIn: 0, tokensOut: 0, cost: 0 }
    : { kind: 'task_error', ts, runId: 'r', alias: 'deploy', agentId: 'deployer', taskId, ok: false, ms: 1, error: { code: 'E', message: 'x' } };

function monitor(window = 8) {
  const alerts: EventOf<'alert'>[] = [];
  const instance = new AlertMonitor({ emit: (event) => alerts.push(event), policyFor: (id) => (id === 'deployer' ? alertPolicyFromAgent(agent) : undefined), clock: { now: () => Date.parse(ts) }, window, minTasks: 4 });
  return { alerts, instance };
}

describe('alerts', () => {
  it('emits one alert naming metrics.escalation.notify when the windowed failure rate goes above the threshold', () => {
    const { alerts, instance } = monitor();
    const pattern = [true, true, true, false, true, true, true, false]; // 2/8 = 25%: not above 25%
    pattern.forEach((ok, i) => instance.listener(outcome(ok, `t${i}`)));
    expect(alerts).toEqual([]);
    instance.listener(outcome(false, 't8')); // window: 3 of 8 failed = 37.5%
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'alert', notify: ['oncall', 'team-lead'], failureRatePct: 37.5, agentId: 'deployer', alias: 'deploy', runId: 'r' });
    expect(alerts[0]!.reason).toMatch(/failure rate 37\.5% \(3 of the last 8 tasks\).*failure_rate_pct 25%/);
    instance.listener(outcome(false, 't9')); // still above: no repeat
    expect(alerts).toHaveLength(1);
    for (let i = 10; i < 18; i += 1) instance.listener(outcome(true, `t${i}`)); // recovers, re-arms
    expect(instance.failureRatePct('deployer')).toBe(0);
    for (let i = 18; i < 21; i += 1) instance.listener(outcome(false, `t${i}`));
    expect(alerts).toHaveLength(2);
  });

  it('waits for minTasks before judging a rate', () => {
    const { alerts, instance } = monitor();
    instance.listener(outcome(false, 'a'));
    instance.listener(outcome(false, 'b'));
    instance.listener(outcome(false, 'c'));
    expect(alerts).toEqual([]);
    instance.listener(outcome(false, 'd'));
    expect(alerts).toHaveLength(1);
  });

  it('heartbeat_miss counts at metrics.thresholds.heartbeat_miss raise one alert per task', () => {
    const { alerts, instance } = monitor();
    const miss = (missed: number, taskId = 'slow'): CodexEvent => ({ kind: 'heartbeat_miss', ts, runId: 'r', alias: 'deploy', agentId: 'deployer', taskId, missed, intervalMs: 1000 });
    instance.listener(miss(1));
    instance.listener(miss(2));
    expect(alerts).toEqual([]);
    instance.listener(miss(3));
    instance.listener(miss(4));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ taskId: 'slow', notify: ['oncall', 'team-lead'] });
    expect(alerts[0]!.reason).toMatch(/missed 3 heartbeats/);
    instance.listener(miss(3, 'other'));
    expect(alerts).toHaveLength(2);
  });

  it('ignores its own alert events and events without an agent', () => {
    const { alerts, instance } = monitor();
    instance.listener({ kind: 'alert', ts, reason: 'x', notify: [] });
    instance.listener({ kind: 'task_error', ts, ok: false, ms: 1, error: { code: 'E', message: 'x' } });
    expect(alerts).toEqual([]);
  });
});
