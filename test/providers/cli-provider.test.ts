import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProvider } from '../../src/providers/cli-provider.js';
import { collectStream } from '../../src/providers/collect-stream.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import { splitCommandLine } from '../../src/providers/split-command-line.js';
import type { ModelRequest } from '../../src/providers/types.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'cli');
const NODE = JSON.stringify(process.execPath);
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const request = (extra: Partial<ModelRequest> = {}): ModelRequest => ({
  agentId: 'backend',
  alias: 'be',
  taskId: 't',
  task: 'build the api',
  messages: [{ role: 'user', content: 'build the api' }],
  ...extra,
});
const cmd = (script: string) => `${NODE} ${JSON.stringify(path.join(FIXTURES, script))}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('cli provider with real child processes', () => {
  it('streams stdout as text chunks from the JSON it got on stdin', async () => {
    const result = await collectStream(new CliProvider({ command: cmd('stream.mjs'), env }).stream(request()));
    expect(result.text).toBe('agent=backend alias=be task=build the api ünïcödé ✓ 🚀\n');
    expect(result.parts.filter((p) => p.type === 'text-delta').length).toBeGreaterThan(1);
    expect(result.finishReason).toBe('stop');
    expect(result.usageEstimated).toBe(true);
    expect(result.usage?.tokensOut).toBeGreaterThan(0);
  });

  it('kills a hanging command (and its whole process group, even ignoring SIGTERM) at the timeout', async () => {
    const provider = new CliProvider({ command: cmd('hang.mjs'), env, timeoutMs: 600, killGraceMs: 200 });
    const started = Date.now();
    let pids: number[] = [];
    const error = await collectStream(provider.stream(request()), (part) => {
      if (part.type === 'text-delta') pids = part.text.trim().split(' ').slice(1).map(Number);
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('E_PROVIDER_TIMEOUT');
    expect((error as ProviderError).message).toMatch(/did not finish within 600 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pids).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 100));
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('caps a flooding command with a clear error', async () => {
    const provider = new CliProvider({ command: cmd('flood.mjs'), env, maxOutputBytes: 200_000, killGraceMs: 200 });
    let streamed = 0;
    const error = await collectStream(provider.stream(request()), (p) => {
      if (p.type === 'text-delta') streamed += p.text.length;
    }).catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe('E_PROVIDER_OUTPUT_LIMIT');
    expect((error as ProviderError).message).toMatch(/200000-byte cap/);
    expect(streamed).toBe(200_000);
  });

  it('fails on a non-zero exit with the stderr tail, redacted', async () => {
    const secret = 'sk-proj-abcdefghijklmnop1234';
    const provider = new CliProvider({ command: cmd('fail.mjs'), env: { ...env, LEAK_ME: secret } });
    const error = await collectStream(provider.stream(request())).catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe('E_PROVIDER_EXIT');
    expect((error as ProviderError).message).toMatch(/exited with code 3: fatal: could not authenticate/);
    expect((error as ProviderError).message).not.toContain(secret);
  });

  it('does not pass API keys to the child', async () => {
    const provider = new CliProvider({ command: `${NODE} -e "process.stdout.write(String(process.env.OPENAI_API_KEY))"`, env: { ...env, OPENAI_API_KEY: 'sk-should-not-leak-123456' } });
    expect((await collectStream(provider.stream(request()))).text).toBe('undefined');
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const provider = new CliProvider({ command: cmd('hang.mjs'), env, killGraceMs: 100 });
    setTimeout(() => controller.abort(), 200);
    await expect(collectStream(provider.stream(request({ signal: controller.signal })))).rejects.toThrow(/aborted/);
  });

  it('enforces the command whitelist and reports a missing binary', async () => {
    expect(() => new CliProvider({ command: 'rm -rf /', allowedCommands: ['node'] })).toThrow(/"rm" is not in the allowed commands/);
    // per request (the agent's capabilities.detail.commands)
    const perAgent = new CliProvider({ command: cmd('stream.mjs'), env });
    await expect(collectStream(perAgent.stream(request({ limits: { allowedCommands: ['python3'] } })))).rejects.toThrow(/is not in the allowed commands \(python3\)/);
    const missing = new CliProvider({ command: 'definitely-not-a-binary-xyz', env });
    await expect(collectStream(missing.stream(request()))).rejects.toThrow(/not found/);
  });

  it('wraps the command with prlimit for resource limits', async () => {
    const provider = new CliProvider({ command: cmd('stream.mjs'), env, resourceLimits: { cpuSeconds: 5, memoryMb: 4096 } });
    expect(provider.spawnArgv().slice(0, 4)).toEqual(['prlimit', `--data=${4096 * 1024 * 1024}`, '--cpu=5', '--']);
    const result = await collectStream(provider.stream(request()));
    expect(result.text).toContain('task=build the api');
    // a CPU-time limit of 1 s kills a busy loop
    const busy = new CliProvider({ command: `${NODE} -e "for(;;){}"`, env, resourceLimits: { cpuSeconds: 1 }, timeoutMs: 10_000 });
    await expect(collectStream(busy.stream(request()))).rejects.toThrow(/exited with signal SIG(XCPU|KILL)/);
    // a 64 MiB memory limit (per request, as the orchestrator passes resource_limits) stops a memory hog
    const hog = new CliProvider({ command: `${NODE} -e "const a=[];for(let i=0;i<1e7;i++)a.push({i});console.log(a.length)"`, env, timeoutMs: 20_000 });
    await expect(collectStream(hog.stream(request({ limits: { memoryMb: 64 } })))).rejects.toThrow(/exited with (signal|code)/);
  });

  it('splits command lines without a shell', () => {
    expect(splitCommandLine(`node "a b.js" 'c d' e\\ f --x="1 2"`)).toEqual(['node', 'a b.js', 'c d', 'e f', '--x=1 2']);
    expect(() => splitCommandLine('node "oops')).toThrow(/Unterminated/);
  });
});
