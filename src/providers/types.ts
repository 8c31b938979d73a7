import type { ErrorInfo, Usage } from '../telemetry/events.js';

/**
 * The small model interface every adapter implements (in the spirit of
 * vercel/ai's language-model spec and openai-agents-js's `Model`). It carries
 * tool definitions, tool calls and tool results, not only text, so the built-in
 * agent loop can sit on top of it later.
 */

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the tool's input. */
  inputSchema: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
  /** True when the input JSON was cut off (e.g. `max_tokens`); `input` is then the raw partial text. */
  incomplete?: boolean;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string; isError?: boolean };

export interface ModelRequest {
  agentId: string;
  alias: string;
  taskId: string;
  /** The task text as given by the user. */
  task: string;
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  model?: string;
  maxOutputTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /**
   * Text already streamed to the consumer by a previous provider that died
   * mid-stream: the adapter must ask its model to continue from here and
   * stream only the continuation.
   */
  resumeFrom?: string;
  /**
   * Per-agent execution limits, honoured by providers that run local
   * processes (the cli provider): the orchestrator fills them from the
   * agent's `runtime.resource_limits` and `capabilities.detail.commands`.
   */
  limits?: RequestLimits;
}

export interface RequestLimits {
  /** Memory (data segment) limit for a spawned command, MiB (`resource_limits.memory_mb`). */
  memoryMb?: number;
  /** CPU-time limit for a spawned command, seconds. */
  cpuSeconds?: number;
  /** Wall-clock limit, ms (`runtime.timeout_ms`). */
  timeoutMs?: number;
  /** Executables the agent may run (`capabilities.detail.commands`). */
  allowedCommands?: readonly string[];
}

/** One part of a provider's stream. Adapters translate wire chunks into these. */
export type ModelStreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  /** Anthropic thinking-block signature, to send back with the thinking on a later turn. */
  | { type: 'reasoning-signature'; signature: string }
  | { type: 'tool-call-start'; id: string; name: string }
  | { type: 'tool-call-delta'; id: string; inputText: string }
  | { type: 'tool-call'; call: ToolCall }
  | { type: 'status'; message: string }
  /** `estimated: true` when the counts were estimated from text (offline, cli) rather than reported by the model. */
  | { type: 'usage'; usage: Usage; estimated?: boolean }
  /**
   * The failover wrapper switched providers. `resumeAt` is the number of text
   * characters (UTF-16 code units of `text-delta`s) already streamed before the
   * seam; the following deltas continue from there.
   */
  | { type: 'failover'; from: string; to: string; reason: string; resumeAt: number }
  | {
      type: 'finish';
      reason: FinishReason;
      usage?: Usage;
      /** True when no real model produced this (the offline provider). */
      simulated?: boolean;
      /** True when `usage` is an estimate, not the provider's own count. */
      usageEstimated?: boolean;
      model?: string;
      /** The provider that produced the final part (set by adapters; the failover wrapper keeps it). */
      provider?: string;
    };

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface ModelProvider {
  /** `openai`, `anthropic`, `ollama`, `cli`, `codex`, `offline`, or a test name. */
  readonly name: string;
  /** Default model used when a request names none. */
  readonly model?: string;
  /**
   * Streams the answer. Throws a `ProviderError` (see provider-error.ts) on failure,
   * before or during the stream. Must stop promptly when `signal` aborts.
   */
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart>;
}

export type { ErrorInfo, Usage };
