import type { AgentDefinition } from '../agents/schema.js';
import type { CodexFlowConfig } from '../config/config-schema.js';
import type { CodexEvent } from '../telemetry/events.js';
import type { Clock } from '../util/runtime-context.js';
import { buildMessages } from './build-messages.js';
import { isProviderError } from './provider-error.js';
import type { ProviderResolution } from './resolve-provider.js';
import type { ModelStreamPart, Usage } from './types.js';

export interface AskOptions {
  prompt: string;
  resolution: ProviderResolution;
  agent?: AgentDefinition;
  alias?: string;
  providersConfig?: CodexFlowConfig['providers'];
  taskId: string;
  clock: Clock;
  signal?: AbortSignal;
  /** Every part as it arrives (text to a terminal, etc.). */
  onPart?: (part: ModelStreamPart) => void;
  /** The same stream as codex-flow events (for `--json`). */
  onEvent?: (event: CodexEvent) => void;
}

export interface AskResult {
  ok: boolean;
  text: string;
  usage: Usage | undefined;
  usageEstimated: boolean;
  cost: number;
  simulated: boolean;
  provider: string | undefined;
  failovers: number;
  ms: number;
  error?: { code: string; message: string; status?: number };
}

/**
 * One question to the resolved provider (`codex-flow ask`): builds the
 * messages (canonical or prompt profile), streams the answer, and reports it
 * as parts and as codex-flow events.
 */
export async function askOnce(options: AskOptions): Promise<AskResult> {
  const { resolution, clock } = options;
  const agentId = options.agent?.agent.id ?? 'ask';
  const alias = options.alias ?? agentId;
  const base = { agentId, alias, taskId: options.taskId };
  const ts = () => new Date(clock.now()).toISOString();
  const emit = (event: Record<string, unknown>) => options.onEvent?.({ ts: ts(), ...base, provider: resolution.name, ...event } as CodexEvent);
  const started = clock.now();
  emit({ kind: 'task_started', attempt: 1 });
  const messages = buildMessages(options.agent, options.prompt, { provider: resolution.name, alias, ...(options.providersConfig ? { providersConfig: options.providersConfig } : {}) });
  let text = '';
  let usage: Usage | undefined;
  let usageEstimated = false;
  let simulated = false;
  let provider: string | undefined = resolution.name;
  let failovers = 0;
  try {
    const stream = resolution.provider.stream({ ...base, task: options.prompt, messages, ...(options.signal ? { signal: options.signal } : {}) });
    for await (const part of stream) {
      options.onPart?.(part);
      switch (part.type) {
        case 'text-delta':
          text += part.text;
          emit({ kind: 'chunk', text: part.text });
          break;
        case 'tool-call':
          emit({ kind: 'tool_start', tool: part.call.name, callId: part.call.id, input: part.call.input });
          break;
        case 'status':
          emit({ kind: 'status', message: part.message });
          break;
        case 'failover':
          failovers += 1;
          provider = part.to;
          emit({ kind: 'failover', provider: part.to, from: part.from, to: part.to, reason: part.reason, resumeAt: part.resumeAt });
          break;
        case 'usage':
          usage = part.usage;
          usageEstimated = part.estimated === true;
          break;
        case 'finish':
          if (part.usage) {
            usage = part.usage;
            usageEstimated = part.usageEstimated === true;
          }
          simulated = part.simulated === true;
          provider = part.provider ?? provider;
          break;
        default:
          break;
      }
    }
  } catch (error) {
    const ms = clock.now() - started;
    const info = isProviderError(error)
      ? error.toErrorInfo()
      : { code: (error as { code?: string }).code ?? 'E_PROVIDER', message: error instanceof Error ? error.message : String(error) };
    emit({ kind: 'task_error', provider, ok: false, ms, error: info });
    return { ok: false, text, usage, usageEstimated, cost: 0, simulated, provider, failovers, ms, error: info };
  }
  const ms = clock.now() - started;
  const cost = resolution.costOf(usage, provider);
  emit({
    kind: 'task_complete',
    provider,
    ok: true,
    ms,
    tokensIn: usage?.tokensIn ?? 0,
    tokensOut: usage?.tokensOut ?? 0,
    cost,
    ...(simulated ? { simulated: true } : {}),
    output: text,
  });
  return { ok: true, text, usage, usageEstimated, cost, simulated, provider, failovers, ms };
}
