import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Env } from '../util/runtime-context.js';
import { ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import { createRedactor, SECRET_ENV_NAMES, type Redactor } from './redact-secrets.js';
import { splitCommandLine } from './split-command-line.js';
import { estimateUsage } from './token-estimate.js';
import type { ModelProvider, ModelRequest, ModelStreamPart, RequestLimits } from './types.js';

export interface CliResourceLimits {
  /** Data-segment limit (RLIMIT_DATA: heap and private mappings) in MiB. RLIMIT_AS is not used: V8 reserves far more address space than it touches, so an AS limit stops node from starting. */
  memoryMb?: number;
  /** CPU-time limit (RLIMIT_CPU) in seconds. */
  cpuSeconds?: number;
}

export interface CliProviderOptions {
  /** The command line (RUN_CMD or `providers.cli.command`), split without a shell. */
  command: string;
  cwd?: string;
  /** Environment for the child; the API-key variables are removed from it. Default: empty. */
  env?: Env;
  /** Kill the process group after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Cap on stdout; past it the process is killed and the call fails. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Only the last this-many bytes of stderr are kept for error messages. Default 16 KiB. */
  maxStderrBytes?: number;
  /** Grace between SIGTERM and SIGKILL. Default 1 s. */
  killGraceMs?: number;
  /** Executable whitelist (basenames or absolute paths); empty/undefined = any. */
  allowedCommands?: readonly string[];
  /** Resource limits applied through `prlimit` (the agent's `runtime.resource_limits`). */
  resourceLimits?: CliResourceLimits;
  /** The prlimit binary. Default `prlimit` from PATH. */
  prlimit?: string;
  redact?: Redactor;
}

const DEFAULTS = { timeoutMs: 600_000, maxOutputBytes: 1024 * 1024, maxStderrBytes: 16 * 1024, killGraceMs: 1_000 };

/**
 * Runs `RUN_CMD` per task: stdin gets `{agentId, alias, task}` (plus
 * `resumeFrom` when continuing another provider's answer) as JSON, stdout
 * streams back as text. Runs in its own process group, which is killed on
 * timeout, abort, or when stdout passes the cap. Non-zero exit fails with the
 * (bounded, redacted) stderr tail. Usage is an estimate (labelled).
 */
export class CliProvider implements ModelProvider {
  readonly name: string;
  readonly model = 'cli';
  private readonly argv: string[];
  private readonly o: CliProviderOptions & typeof DEFAULTS;
  private readonly redact: Redactor;

  constructor(options: CliProviderOptions, name = 'cli') {
    this.name = name;
    this.o = { ...DEFAULTS, ...options };
    this.redact = options.redact ?? createRedactor([]);
    this.argv = splitCommandLine(options.command);
    if (this.argv.length === 0) throw this.error(PROVIDER_ERROR_CODES.config, 'cli: RUN_CMD is empty: set it to the command to run, e.g. RUN_CMD="node agent.js".', false);
    this.checkAllowed(options.allowedCommands);
  }

  private checkAllowed(allowed: readonly string[] | undefined): void {
    const executable = this.argv[0] as string;
    if (allowed && allowed.length > 0 && !allowed.includes(executable) && !allowed.includes(path.basename(executable))) {
      throw this.error(PROVIDER_ERROR_CODES.config, `cli: command ${JSON.stringify(path.basename(executable))} is not in the allowed commands (${allowed.join(', ')}).`, false);
    }
  }

  private error(code: ProviderError['code'], message: string, retryable: boolean, status?: number): ProviderError {
    return new ProviderError(this.redact(message), { provider: this.name, code, retryable, ...(status !== undefined ? { status } : {}) });
  }

  /** argv actually spawned (prlimit wrapper included). */
  spawnArgv(requestLimits?: RequestLimits): string[] {
    const limits: CliResourceLimits = {
      ...this.o.resourceLimits,
      ...(requestLimits?.memoryMb !== undefined ? { memoryMb: requestLimits.memoryMb } : {}),
      ...(requestLimits?.cpuSeconds !== undefined ? { cpuSeconds: requestLimits.cpuSeconds } : {}),
    };
    const prefix: string[] = [];
    if ((limits.memoryMb !== undefined || limits.cpuSeconds !== undefined)) {
      prefix.push(this.o.prlimit ?? 'prlimit');
      if (limits.memoryMb !== undefined) prefix.push(`--data=${Math.floor(limits.memoryMb * 1024 * 1024)}`);
      if (limits.cpuSeconds !== undefined) prefix.push(`--cpu=${Math.ceil(limits.cpuSeconds)}`);
      prefix.push('--');
    }
    return [...prefix, ...this.argv];
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    request.signal?.throwIfAborted();
    this.checkAllowed(request.limits?.allowedCommands);
    const timeoutMs = request.limits?.timeoutMs ?? this.o.timeoutMs;
    const [file, ...args] = this.spawnArgv(request.limits) as [string, ...string[]];
    const child = spawn(file, args, {
      cwd: this.o.cwd,
      env: childEnv(this.o.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group, so the whole tree can be killed
    });
    let failure: ProviderError | undefined;
    let spawnError: Error | undefined;
    let stderr = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => {
        spawnError = error;
        resolve({ code: null, signal: null });
      });
    });
    let killTimer: NodeJS.Timeout | undefined;
    const kill = (reason: ProviderError) => {
      failure ??= reason;
      killGroup(child, 'SIGTERM');
      killTimer ??= setTimeout(() => killGroup(child, 'SIGKILL'), this.o.killGraceMs);
    };
    const timeout = setTimeout(() => kill(this.error(PROVIDER_ERROR_CODES.timeout, `cli: the command did not finish within ${timeoutMs} ms and was killed.`, true)), timeoutMs);
    const onAbort = () => kill(this.error(PROVIDER_ERROR_CODES.aborted, 'cli: aborted.', false));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr = (stderr + text).slice(-this.o.maxStderrBytes);
    });
    child.stdin?.on('error', () => {}); // the command may not read stdin (EPIPE)
    const payload: Record<string, unknown> = { agentId: request.agentId, alias: request.alias, task: request.task };
    if (request.resumeFrom) payload.resumeFrom = request.resumeFrom;
    child.stdin?.end(`${JSON.stringify(payload)}\n`);

    const decoder = new TextDecoder('utf-8');
    let bytes = 0;
    let text = '';
    let finished = false;
    try {
      if (child.stdout) {
        for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
          if (failure) break;
          const room = this.o.maxOutputBytes - bytes;
          const slice = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
          bytes += chunk.length;
          const decoded = decoder.decode(slice, { stream: true });
          if (decoded) {
            text += decoded;
            yield { type: 'text-delta', text: decoded };
          }
          if (bytes > this.o.maxOutputBytes) {
            kill(this.error(PROVIDER_ERROR_CODES.outputLimit, `cli: output passed the ${this.o.maxOutputBytes}-byte cap; the command was killed. Raise maxOutputBytes or make the command print less.`, false));
            break;
          }
        }
      }
      const rest = failure ? '' : decoder.decode();
      if (rest) {
        text += rest;
        yield { type: 'text-delta', text: rest };
      }
      const { code, signal } = await exited;
      if (spawnError) {
        const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
        throw this.error(
          PROVIDER_ERROR_CODES.config,
          missing ? `cli: cannot run ${JSON.stringify(file)}: not found. Check RUN_CMD (and that prlimit is installed when resource limits are set).` : `cli: cannot run the command: ${spawnError.message}`,
          false,
        );
      }
      if (failure) throw failure;
      if (code !== 0) {
        const tail = stderr.trim().split('\n').slice(-5).join('\n');
        throw this.error(
          PROVIDER_ERROR_CODES.exit,
          `cli: the command exited with ${code === null ? `signal ${signal}` : `code ${code}`}${tail ? `: ${tail}` : ' (no stderr)'}`,
          false,
        );
      }
      const usage = estimateUsage(request.messages, text);
      yield { type: 'usage', usage, estimated: true };
      yield { type: 'finish', reason: 'stop', usage, usageEstimated: true, provider: this.name, model: this.model };
      finished = true;
    } finally {
      clearTimeout(timeout);
      request.signal?.removeEventListener('abort', onAbort);
      if (!finished && child.exitCode === null && child.signalCode === null) {
        killGroup(child, 'SIGTERM');
        killTimer ??= setTimeout(() => killGroup(child, 'SIGKILL'), this.o.killGraceMs);
      }
      await exited;
      if (killTimer) clearTimeout(killTimer);
    }
  }
}

/** The child's environment: the given env without the provider secrets (SECRET_ENV_NAMES). */
function childEnv(env: Env | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env ?? {})) {
    if (value !== undefined && !(SECRET_ENV_NAMES as readonly string[]).includes(key)) out[key] = value;
  }
  return out;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}
