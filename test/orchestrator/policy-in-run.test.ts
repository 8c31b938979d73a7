import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runOrchestration } from '../../src/orchestrator/orchestrator.js';
import { normalizeTaskMap, parseTaskMapText } from '../../src/orchestrator/task-map.js';
import { TaskWorkspaces } from '../../src/policy/task-workspace.js';
import type { CodexEvent } from '../../src/telemetry/events.js';
import { makeTempDir } from '../../test-support/cli-harness.js';
import { ScriptedProvider, textScript } from '../../test-support/scripted-provider.js';
import { agent, baseOptions, ofKind, planOf } from './orchestrator-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});
function tempRoot(): string {
  const temp = makeTempDir();
  cleanups.push(temp.cleanup);
  return temp.dir;
}

const reviewer = agent('code-reviewer', { capabilities: { detail: { tools: { allowed: ['Read', 'Grep', 'Bash'], restricted: ['Bash'] } } } });

describe('tool policy in a run', () => {
  it('--strict-tools fails the task fast, naming agent, tool and allowed set, without calling the provider', async () => {
    const provider = new ScriptedProvider({ script: textScript(['x']) });
    const events: CodexEvent[] = [];
    const plan = planOf({ reviewer: [{ text: 'deploy it', tools: ['Read', 'WebFetch'], id: 'deploy' }, 'just review'] }, { reviewer });
    const result = await runOrchestration(plan, { ...baseOptions(provider, events), strictTools: true });
    const error = ofKind(events, 'task_error')[0]!;
    expect(error.taskId).toBe('deploy');
    expect(error.error.code).toBe('E_POLICY');
    expect(error.error.message).toBe(
      'Tool "WebFetch" is not allowed for agent code-reviewer (alias reviewer, task deploy); allowed: Read, Grep, Bash. Add it to capabilities.detail.tools.allowed or run without --strict-tools.',
    );
    expect(error.ms).toBe(0);
    expect(provider.calls.map((call) => call.taskId)).toEqual(['t2']);
    expect(ofKind(events, 'policy_violation')[0]).toMatchObject({ tool: 'WebFetch', enforced: true, allowed: ['Read', 'Grep', 'Bash'] });
    expect(result).toMatchObject({ ok: 1, failed: 1 });
  });

  it('without --strict-tools logs a policy_violation and runs the task', async () => {
    const provider = new ScriptedProvider({ script: textScript(['x']) });
    const events: CodexEvent[] = [];
    const plan = planOf({ reviewer: [{ text: 'fetch', tools: ['WebFetch'] }] }, { reviewer });
    const result = await runOrchestration(plan, baseOptions(provider, events));
    expect(ofKind(events, 'policy_violation')).toEqual([expect.objectContaining({ tool: 'WebFetch', enforced: false, agentId: 'code-reviewer' })]);
    expect(result.ok).toBe(1);
  });

  it('always audits restricted tools, requested or called by the model', async () => {
    const provider = new ScriptedProvider({ script: [{ type: 'tool-call', call: { id: 'c1', name: 'Bash', input: { cmd: 'ls' } } }, { type: 'finish', reason: 'stop' }] });
    const events: CodexEvent[] = [];
    await runOrchestration(planOf({ reviewer: [{ text: 'run ls', tools: ['Bash'] }] }, { reviewer }), baseOptions(provider, events));
    expect(ofKind(events, 'tool_audit').map((e) => e.reason)).toEqual(['restricted tool requested by the task', 'restricted tool called by the model']);
  });

  it('--strict-tools stops a task whose model calls a tool outside the allowed set', async () => {
    const provider = new ScriptedProvider({ script: [{ type: 'tool-call-start', id: 'c1', name: 'Write' }, { type: 'delay', ms: 1_000 }, { type: 'finish', reason: 'stop' }] });
    const events: CodexEvent[] = [];
    const result = await runOrchestration(planOf({ reviewer: ['edit'] }, { reviewer }), { ...baseOptions(provider, events), strictTools: true });
    expect(result.failed).toBe(1);
    expect(ofKind(events, 'task_error')[0]?.error.message).toMatch(/Tool "Write" is not allowed for agent code-reviewer/);
  });
});

describe('unsafe ids', () => {
  it.each(['..', '../etc', 'UPPER', 'a/b', '.hidden', ''])('refuses the alias %j before anything runs', (alias) => {
    expect(() => normalizeTaskMap({ [alias]: ['x'] }, 'tasks.json')).toThrow(/Unsafe alias|expected shape/);
  });
  it.each(['../../x', 'a/b', '..', 'Has Space'])('refuses the task id %j', (id) => {
    expect(() => normalizeTaskMap({ ok: [{ text: 'x', id }] }, 'tasks.json')).toThrowError(/Unsafe task id/);
  });
  it('refuses duplicate task ids, malformed JSON, wrong shapes and empty maps with clear messages', () => {
    expect(() => normalizeTaskMap({ ok: [{ text: 'a', id: 'same' }, { text: 'b', id: 'same' }] }, 'f')).toThrow(/appears twice/);
    expect(() => parseTaskMapText('{"ok": [', 'f.json')).toThrow(/not valid JSON/);
    expect(() => parseTaskMapText('["x"]', 'f.json')).toThrow(/expected shape/);
    expect(() => parseTaskMapText('{}', 'f.json')).toThrow(/no tasks/);
    expect(() => parseTaskMapText('{"ok": [{"text": "x", "tool": []}]}', 'f.json')).toThrow(/expected shape/);
  });
  it('keeps workspace paths inside the project', () => {
    const workspaces = new TaskWorkspaces(tempRoot());
    expect(() => workspaces.pathFor('..', 't1')).toThrow(/Unsafe alias/);
    expect(() => workspaces.pathFor('ok', '../../etc')).toThrow(/Unsafe task id/);
  });
});

describe('workspaces and hooks', () => {
  const secretEnv = {
    PATH: process.env.PATH,
    HOME: '/tmp',
    OPENAI_API_KEY: 'sk-test-openai-0123456789abcdef',
    ANTHROPIC_API_KEY: 'sk-ant-test-0123456789',
    GITHUB_TOKEN: 'ghp_secretsecretsecretsecret',
    CODEX_API_KEY: 'codex-secret-value',
    CODEX_URL: 'http://user:pw@example.invalid',
    MY_SECRET_THING: 'hush',
    HARMLESS: 'visible',
  };
  const hooked = agent('hooked', {
    hooks: {
      pre_task: ['env > pre-env.txt; pwd > pre-pwd.txt'],
      post_task: ['echo "post $TASK_ID"; test -f output.json'],
      failure: ['echo failure ran > failure.txt'],
    },
  });

  it('writes input.json and output.json under .runs/<alias>/<taskId>/', async () => {
    const root = tempRoot();
    const events: CodexEvent[] = [];
    await runOrchestration(planOf({ plain: [{ text: 'write it', id: 'w1' }] }, { plain: agent('plain') }), {
      ...baseOptions(new ScriptedProvider({ script: textScript(['done']) }), events),
      workspaces: new TaskWorkspaces(root),
    });
    const dir = path.join(root, '.runs', 'plain', 'w1');
    expect(JSON.parse(readFileSync(path.join(dir, 'input.json'), 'utf8'))).toMatchObject({ alias: 'plain', taskId: 'w1', task: 'write it' });
    expect(JSON.parse(readFileSync(path.join(dir, 'output.json'), 'utf8'))).toMatchObject({ ok: true, output: 'done' });
  });

  it('removes the workspace right after the task when retention is 0', async () => {
    const root = tempRoot();
    await runOrchestration(planOf({ plain: [{ text: 'x', id: 'gone' }] }, { plain: agent('plain') }), {
      ...baseOptions(new ScriptedProvider({ script: textScript(['done']) }), []),
      runtime: { retries: 0, hook_timeout_ms: 1_000, workspace_retention_ms: 0 },
      workspaces: new TaskWorkspaces(root),
    });
    expect(existsSync(path.join(root, '.runs', 'plain', 'gone'))).toBe(false);
  });

  it('never runs hooks without --hooks', async () => {
    const root = tempRoot();
    const events: CodexEvent[] = [];
    await runOrchestration(planOf({ hooked: [{ text: 'x', id: 'h1' }] }, { hooked }), {
      ...baseOptions(new ScriptedProvider({ script: textScript(['ok']) }), events),
      workspaces: new TaskWorkspaces(root),
      env: secretEnv,
    });
    expect(ofKind(events, 'hook')).toHaveLength(0);
    expect(existsSync(path.join(root, '.runs', 'hooked', 'h1', 'pre-env.txt'))).toBe(false);
  });

  it('with --hooks runs them in the workspace with a scrubbed environment and captures output', async () => {
    const root = tempRoot();
    const events: CodexEvent[] = [];
    const result = await runOrchestration(planOf({ hooked: [{ text: 'hook me', id: 'h1' }] }, { hooked }), {
      ...baseOptions(new ScriptedProvider({ script: textScript(['ok']) }), events),
      workspaces: new TaskWorkspaces(root),
      env: secretEnv,
      runHooks: true,
    });
    expect(result.ok).toBe(1);
    const dir = path.join(root, '.runs', 'hooked', 'h1');
    const env = readFileSync(path.join(dir, 'pre-env.txt'), 'utf8');
    expect(readFileSync(path.join(dir, 'pre-pwd.txt'), 'utf8').trim()).toBe(dir);
    expect(env).toContain('TASK=hook me');
    expect(env).toContain('ALIAS=hooked');
    expect(env).toContain('AGENT_ID=hooked');
    expect(env).toContain('HARMLESS=visible');
    for (const secret of ['sk-test-openai', 'sk-ant-test', 'ghp_secret', 'codex-secret-value', 'user:pw', 'hush']) expect(env).not.toContain(secret);
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'CODEX_API_KEY', 'CODEX_URL', 'MY_SECRET_THING']) expect(env).not.toContain(`${name}=`);
    const hooks = ofKind(events, 'hook');
    expect(hooks.map((e) => [e.phase, e.ok])).toEqual([
      ['pre_task', true],
      ['post_task', true],
    ]);
    expect(hooks[1]?.output.trim()).toBe('post h1');
  });

  it('runs the failure hook on failure, and a failing pre_task hook stops the task', async () => {
    const root = tempRoot();
    const events: CodexEvent[] = [];
    const gate = agent('gate', { hooks: { pre_task: ['echo nope >&2; exit 3'], failure: ['echo failure ran > failure.txt'] } });
    const provider = new ScriptedProvider({ script: textScript(['never']) });
    const result = await runOrchestration(planOf({ gate: [{ text: 'x', id: 'g1' }] }, { gate }), {
      ...baseOptions(provider, events),
      workspaces: new TaskWorkspaces(root),
      runHooks: true,
    });
    expect(result.failed).toBe(1);
    expect(provider.calls).toHaveLength(0);
    expect(ofKind(events, 'hook')[0]).toMatchObject({ phase: 'pre_task', ok: false, exitCode: 3, output: 'nope\n' });
    expect(ofKind(events, 'task_error')[0]?.error.code).toBe('E_HOOK_FAILED');
    expect(readFileSync(path.join(root, '.runs', 'gate', 'g1', 'failure.txt'), 'utf8')).toBe('failure ran\n');
  });

  it('kills a hook at hook_timeout_ms', async () => {
    const root = tempRoot();
    const events: CodexEvent[] = [];
    const slow = agent('slow', { hooks: { post_task: ['sleep 10'] } });
    const started = performance.now();
    await runOrchestration(planOf({ slow: ['x'] }, { slow }), {
      ...baseOptions(new ScriptedProvider({ script: textScript(['ok']) }), events),
      runtime: { retries: 0, hook_timeout_ms: 150 },
      workspaces: new TaskWorkspaces(root),
      runHooks: true,
    });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(ofKind(events, 'hook')[0]).toMatchObject({ phase: 'post_task', ok: false });
    expect(ofKind(events, 'hook')[0]?.output).toMatch(/killed after 150 ms/);
  });
});

describe('limits for the cli provider', () => {
  it('passes the command whitelist and resource limits on every request', async () => {
    const provider = new ScriptedProvider({ script: textScript(['x']) });
    const limited = agent('limited', {
      runtime: { timeout_ms: 20_000, resource_limits: { memory_mb: 256, cpu: 0.5 } },
      capabilities: { detail: { commands: ['node', 'python3'] } },
    });
    await runOrchestration(planOf({ limited: ['x'] }, { limited }), baseOptions(provider, []));
    expect(provider.calls[0]?.limits).toEqual({ memoryMb: 256, cpuSeconds: 10, timeoutMs: 20_000, allowedCommands: ['node', 'python3'] });
  });
});
