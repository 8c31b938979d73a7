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
}

/** One part of a provider's stream. Adapters translate wire chunks into these. */
export type ModelStreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  | { type: 'tool-call-start'; id: string; name: string }
  | { type: 'tool-call-delta'; id: string; inputText: string }
  | { type: 'tool-call'; call: ToolCall }
  | { type: 'status'; message: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: FinishReason; usage?: Usage; simulated?: boolean; model?: string };

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface ModelProvider {
  /** `openai`, `anthropic`, `ollama`, `cli`, `codex`, `offline`, or a test name. */
  readonly name: string;
  /** Default model used when a request names none. */
  readonly model?: string;
  /**
   * Streams the answer. Throws a `ProviderError` (see errors.ts) on failure,
   * before or during the stream. Must stop promptly when `signal` aborts.
   */
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart>;
}

export type { ErrorInfo, Usage };
