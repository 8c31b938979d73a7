import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../src/providers/anthropic-provider.js';
import { collectStream, type CollectedStream } from '../../src/providers/collect-stream.js';
import { OllamaProvider, probeOllama } from '../../src/providers/ollama-provider.js';
import { OpenAIProvider } from '../../src/providers/openai-provider.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import type { ModelProvider, ModelRequest } from '../../src/providers/types.js';
import { SHARED_DIR } from '../../test-support/cli-harness.js';
import { framePayloads, startLoopbackServer, type LoopbackServer, type SplitMode } from '../../test-support/loopback-server.js';

const WIRE = path.join(SHARED_DIR, 'fixtures', 'wire');
const SPLITS: SplitMode[] = ['whole', 'bytewise', 'utf8', 'data-lines'];
const request: ModelRequest = { agentId: 'a', alias: 'a', taskId: 't', task: 'x', messages: [{ role: 'user', content: 'x' }] };

interface Expectation {
  text?: string;
  reasoningStart?: string;
  tools?: unknown[];
  usage?: { tokensIn: number; tokensOut: number } | null;
  finish?: string;
  error?: { code: string; status?: number; retryable: boolean; message: RegExp };
}

const read = (rel: string) => readFileSync(path.join(WIRE, rel));
const lines = (rel: string) =>
  read(rel)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);

// Independent oracles for the recorded payload files: concatenate the deltas straight from the JSON lines.
const openaiPayloadText = (rel: string) =>
  lines(rel)
    .map((c) => ((c.choices as { delta?: { content?: string } }[])[0]?.delta?.content ?? ''))
    .join('');
const anthropicPayloadText = (rel: string) =>
  lines(rel)
    .map((e) => ((e.delta as { type?: string; text?: string } | undefined)?.type === 'text_delta' ? ((e.delta as { text: string }).text ?? '') : ''))
    .join('');
const json = (rel: string) => JSON.parse(read(rel).toString('utf8')) as Record<string, unknown>;

const EXPECTED: Record<string, Expectation> = {
  'openai/chat-nonstream.json': {
    text: ((json('openai/chat-nonstream.json').choices as { message: { content: string } }[])[0] as { message: { content: string } }).message.content,
    usage: { tokensIn: 16, tokensOut: 363 },
    finish: 'stop',
  },
  'openai/chat-stream-text-usage.sse': { text: '{"city":"San Francisco","units":"c"}', usage: { tokensIn: 17, tokensOut: 10 }, finish: 'stop' },
  'openai/chat-stream-text-usage.payloads.ndjson': {
    text: openaiPayloadText('openai/chat-stream-text-usage.payloads.ndjson'),
    usage: { tokensIn: 16, tokensOut: 300 },
    finish: 'stop',
  },
  'openai/chat-stream-tool-calls.sse': {
    text: '',
    tools: [{ id: 'call_O17Uplv4lJvD6DVdIvFFeRMw', name: 'test-tool', input: { value: 'Sparkle Day' } }],
    usage: { tokensIn: 53, tokensOut: 17 },
    finish: 'tool-calls',
  },
  'openai/chat-stream-error-server-error.sse': { error: { code: 'E_PROVIDER_STREAM', status: 500, retryable: true, message: /server_error.*The server had an error/ } },
  'openai/compat-chat-stream-tool-calls-index1.sse': {
    text: 'Reading it.',
    tools: [{ id: 'toolu_sanitized', name: 'read_file', input: { path: 'a.txt' } }],
    usage: null,
    finish: 'tool-calls',
  },
  'openai/error-429-rate-limit-exceeded.json': { error: { code: 'E_PROVIDER_RATE_LIMIT', status: 429, retryable: true, message: /rate_limit_exceeded: Rate limit reached/ } },
  'openai/error-429-insufficient-quota.json': { error: { code: 'E_PROVIDER_QUOTA', status: 429, retryable: false, message: /insufficient_quota/ } },
  'openai/error-500-server-error.json': { error: { code: 'E_PROVIDER_SERVER', status: 500, retryable: true, message: /HTTP 500 server_error/ } },
  'openai/error-400-unsupported-parameter.json': { error: { code: 'E_PROVIDER_BAD_REQUEST', status: 400, retryable: false, message: /unsupported_parameter.*max_completion_tokens/ } },
  'openai/responses-stream-text.payloads.ndjson': { text: '`arm64` (Apple Silicon).', usage: { tokensIn: 444, tokensOut: 12 }, finish: 'stop' },
  'openai/responses-stream-error.payloads.ndjson': { error: { code: 'E_PROVIDER_QUOTA', status: 429, retryable: false, message: /insufficient_quota/ } },
  'openai/responses-stream-text-docs.sse': { text: 'Hi', usage: { tokensIn: 37, tokensOut: 11 }, finish: 'stop' },
  'anthropic/messages-nonstream.json': {
    text: ((json('anthropic/messages-nonstream.json').content as { text: string }[])[0] as { text: string }).text,
    usage: { tokensIn: 12, tokensOut: 29 },
    finish: 'stop',
  },
  'anthropic/messages-stream-text.sse': { text: 'Hello there!', usage: { tokensIn: 11, tokensOut: 6 }, finish: 'stop' },
  'anthropic/messages-stream-text-docs.sse': { text: 'Hello!', usage: { tokensIn: 25, tokensOut: 15 }, finish: 'stop' },
  // message_start says output_tokens 1, message_delta 30 (cumulative): 30, not 31.
  'anthropic/messages-stream-text.payloads.ndjson': { text: anthropicPayloadText('anthropic/messages-stream-text.payloads.ndjson'), usage: { tokensIn: 12, tokensOut: 30 }, finish: 'stop' },
  'anthropic/messages-stream-tool-use.sse': {
    text: "I'll check the current weather in Paris for you.",
    tools: [{ id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', name: 'get_weather', input: { location: 'Paris' } }],
    usage: { tokensIn: 377, tokensOut: 65 },
    finish: 'tool-calls',
  },
  'anthropic/messages-stream-tool-use-docs.sse': {
    text: "Okay, let's check the weather for San Francisco, CA:",
    tools: [{ id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: { location: 'San Francisco, CA', unit: 'fahrenheit' } }],
    usage: { tokensIn: 472, tokensOut: 89 },
    finish: 'tool-calls',
  },
  'anthropic/messages-stream-tool-use-max-tokens-padded.sse': {
    text: "I'll create a comprehensive tax guide for someone with multiple W2s and save it in a file called taxes.txt. Let me do that for you now.",
    tools: [
      {
        id: 'toolu_01EKqbqmZrGRXy18eN7m9kvY',
        name: 'make_file',
        input: '{"filename": "taxes.txt", "lines_of_text": [\n"# COMPREHENSIVE TAX GUIDE FOR INDIVIDUALS WITH MULTIPLE W-2s",\n"",\n"## INTRODUCTION",\n"",\n"Filing taxes',
        incomplete: true,
      },
    ],
    usage: { tokensIn: 450, tokensOut: 124 },
    finish: 'length',
  },
  'anthropic/messages-stream-thinking-docs.sse': { text: '27 * 453 = 12,231', reasoningStart: 'Let me solve this step by step:', usage: null, finish: 'stop' },
  'anthropic/messages-stream-thinking.payloads.ndjson': {
    text: '925 ÷ 5 = 185',
    reasoningStart: 'The previous result was 925. Now I need to divide that by 5.',
    usage: { tokensIn: 69, tokensOut: 53 },
    finish: 'stop',
  },
  'anthropic/messages-stream-error-overloaded-docs.sse': { error: { code: 'E_PROVIDER_OVERLOADED', status: 529, retryable: true, message: /overloaded_error/ } },
  'anthropic/error-529-overloaded.json': { error: { code: 'E_PROVIDER_OVERLOADED', status: 529, retryable: true, message: /HTTP 529 overloaded_error: Overloaded/ } },
  'ollama/chat-stream.derived-from-docs.ndjson': { text: 'The', usage: { tokensIn: 26, tokensOut: 282 }, finish: 'stop' },
  'ollama/chat-stream-tools.derived-from-docs.ndjson': {
    text: '',
    tools: [{ id: 'ollama_call_0', name: 'get_weather', input: { city: 'Tokyo' } }],
    usage: { tokensIn: 169, tokensOut: 15 },
    finish: 'tool-calls',
  },
  'ollama/chat-stream-final-chunk.docs.json': { text: '', usage: { tokensIn: 26, tokensOut: 282 }, finish: 'stop' },
  'ollama/chat-stream-tools-final-chunk.docs.json': { text: '', usage: { tokensIn: 169, tokensOut: 15 }, finish: 'stop' },
  // A lone intermediate chunk is a stream that never finished.
  'ollama/chat-stream-chunk.docs.json': { error: { code: 'E_PROVIDER_NETWORK', retryable: true, message: /ended before the done:true line/ } },
  'ollama/chat-stream-tools-chunk.docs.json': { error: { code: 'E_PROVIDER_NETWORK', retryable: true, message: /ended before the done:true line/ } },
  'ollama/chat-nonstream.docs.json': { text: 'Hello! How are you today?', usage: { tokensIn: 26, tokensOut: 298 }, finish: 'stop' },
  'ollama/generate-stream.docs.ndjson': { text: "That's a fantastic question!", usage: null, finish: 'stop' },
  'ollama/generate-nonstream.docs.json': { text: "That's a fantastic question!", usage: null, finish: 'stop' },
  'ollama/generate-stream-mid-error.docs.ndjson': { error: { code: 'E_PROVIDER_STREAM', retryable: true, message: /an error was encountered while running the model/ } },
  'ollama/error.docs.json': { error: { code: 'E_PROVIDER_SERVER', status: 500, retryable: true, message: /HTTP 500: the model failed to generate a response/ } },
  'ollama/error-404-model-not-found.json': { error: { code: 'E_PROVIDER_NOT_FOUND', status: 404, retryable: false, message: /model 'custom-phi3-32k-Q4_K_M' not found/ } },
};

function statusFor(file: string): number {
  const match = /error-(\d{3})/.exec(file);
  if (match) return Number(match[1]);
  return file === 'ollama/error.docs.json' ? 500 : 200;
}

function contentTypeFor(file: string): string {
  if (file.endsWith('.sse') || file.includes('.payloads.')) return 'text/event-stream';
  if (file.endsWith('.ndjson')) return 'application/x-ndjson';
  return 'application/json';
}

function providerFor(file: string, baseUrl: string): ModelProvider {
  if (file.startsWith('openai/')) return new OpenAIProvider({ baseUrl, apiKey: 'sk-test-key-0123456789', api: path.basename(file).startsWith('responses') ? 'responses' : 'chat' });
  if (file.startsWith('anthropic/')) return new AnthropicProvider({ baseUrl, apiKey: 'anthropic-test-key' });
  return new OllamaProvider({ baseUrl });
}

async function replay(file: string, split: SplitMode): Promise<{ result?: CollectedStream; error?: ProviderError; server: LoopbackServer }> {
  const raw = read(file);
  const body = file.includes('.payloads.') ? Buffer.from(framePayloads(raw.toString('utf8')), 'utf8') : raw;
  const server = await startLoopbackServer([{ status: statusFor(file), headers: { 'content-type': contentTypeFor(file) }, body, split }]);
  try {
    const result = await collectStream(providerFor(file, server.url).stream(request));
    return { result, server };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return { error, server };
  } finally {
    await server.close();
  }
}

const files = ['openai', 'anthropic', 'ollama'].flatMap((dir) => readdirSync(path.join(WIRE, dir)).map((f) => `${dir}/${f}`));

describe('wire replay over loopback sockets', () => {
  it('has an expectation for every fixture except the /api/tags listing', () => {
    expect(files.filter((f) => !(f in EXPECTED)).sort()).toEqual(['ollama/tags.docs.json']);
  });

  for (const file of Object.keys(EXPECTED)) {
    for (const split of SPLITS) {
      it(`${file} (${String(split)})`, async () => {
        const expected = EXPECTED[file] as Expectation;
        const { result, error } = await replay(file, split);
        if (expected.error) {
          expect(result, 'expected an error').toBeUndefined();
          expect(error?.code).toBe(expected.error.code);
          expect(error?.status).toBe(expected.error.status);
          expect(error?.retryable).toBe(expected.error.retryable);
          expect(error?.message).toMatch(expected.error.message);
          return;
        }
        if (error) throw error;
        if (!result) throw new Error('no result');
        if (expected.text !== undefined) expect(result.text).toBe(expected.text);
        if (expected.reasoningStart !== undefined) expect(result.reasoning.startsWith(expected.reasoningStart)).toBe(true);
        expect(result.toolCalls).toEqual(expected.tools ?? []);
        if (expected.usage !== undefined) expect(result.usage ?? null).toEqual(expected.usage);
        expect(result.finishReason).toBe(expected.finish);
      });
    }
  }

  it('the request carries the key only in the auth header, and the URL/path per provider', async () => {
    const server = await startLoopbackServer([{ headers: { 'content-type': 'text/event-stream' }, body: read('openai/chat-stream-text-usage.sse') }]);
    await collectStream(new OpenAIProvider({ baseUrl: server.url, apiKey: 'sk-test-key-0123456789' }).stream({ ...request, resumeFrom: 'partial ans' }));
    await server.close();
    const sent = server.requests[0];
    expect(sent?.url).toBe('/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer sk-test-key-0123456789');
    const body = JSON.parse(sent?.body ?? '{}') as { stream: boolean; stream_options: unknown; messages: { role: string; content: string }[] };
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    // resumeFrom becomes an assistant message plus a "continue" instruction
    expect(body.messages.slice(-2).map((m) => m.role)).toEqual(['assistant', 'user']);
    expect(body.messages.at(-2)?.content).toBe('partial ans');
  });

  it('anthropic resume uses assistant prefill, trimmed, and does not double the seam whitespace', async () => {
    const sse = (text: string) =>
      `event: message_start\ndata: {"type":"message_start","message":{"model":"m","usage":{"input_tokens":3,"output_tokens":1}}}\n\n` +
      `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n` +
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n` +
      `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":4}}\n\n` +
      `event: message_stop\ndata: {"type":"message_stop"}\n\n`;
    const server = await startLoopbackServer([{ headers: { 'content-type': 'text/event-stream' }, body: sse(' world') }]);
    const result = await collectStream(new AnthropicProvider({ baseUrl: server.url, apiKey: 'k-123456' }).stream({ ...request, resumeFrom: 'Hello ' }));
    await server.close();
    const body = JSON.parse(server.requests[0]?.body ?? '{}') as { messages: { role: string; content: string }[] };
    expect(server.requests[0]?.url).toBe('/v1/messages');
    expect(server.requests[0]?.headers['x-api-key']).toBe('k-123456');
    expect(body.messages.at(-1)).toEqual({ role: 'assistant', content: 'Hello' });
    expect(`Hello ${result.text}`).toBe('Hello world');
  });

  it('probes Ollama with /api/tags', async () => {
    const server = await startLoopbackServer([{ headers: { 'content-type': 'application/json' }, body: read('ollama/tags.docs.json') }]);
    expect(await probeOllama(server.url, 1_000)).toBe(true);
    await server.close();
    expect(await probeOllama(server.url, 300)).toBe(false);
  });
});
