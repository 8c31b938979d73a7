/**
 * Overhead of the provider layer over reading the same recorded stream raw.
 *
 * A node:http server on 127.0.0.1 replays recorded wire fixtures
 * (fixtures/wire: OpenAI chat with usage, Anthropic text, Ollama NDJSON).
 * Two baselines, each reading the body bytes to the end (no parsing):
 * - raw fetch: the global `fetch` (undici), what a typical client pays;
 * - raw node:http: `http.request` over a keep-alive Agent set up as ours
 *   (node-http-transport.ts), the floor of our default transport. The ratio
 *   against it is the cost of our own layer (timeouts, parsing, parts); a
 *   ratio below 1 against raw fetch comes from the transport alone.
 * Ours: the adapter's `stream()` (SSE/NDJSON parse, JSON decode, parts), alone and
 * wrapped in the FailoverProvider. For reference, the same call through the
 * AI SDK (`streamText` + `@ai-sdk/openai` `.chat()` / `@ai-sdk/anthropic`,
 * maxRetries 0). Raw and ours alternate in the same process, in rotating
 * order; the AI SDK reference runs in its own loop afterwards, so the garbage
 * it makes (a few hundred KB per call) does not land as GC pauses on the
 * runs being compared.
 *
 * Two serving modes:
 * - paced: one event per write, 1 ms apart (the first write carries the
 *   events up to the first text), as a live stream arrives;
 * - burst: the whole body in one write (pure CPU cost of our layer).
 * Time to first chunk = first body bytes (raw) vs first text-delta (ours);
 * both arrive in the same first write. Figures: p50/p99 and their ratios,
 * plus "paired": the median over rounds of ours/raw within the same round
 * (adjacent runs), which is less sensitive to drifts in machine load.
 *
 * Run: npx tsx bench/providers.ts   (or npm run bench:providers)
 */
import { readFileSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import { AnthropicProvider } from '../src/providers/anthropic-provider.js';
import { FailoverProvider } from '../src/providers/failover-provider.js';
import { OllamaProvider } from '../src/providers/ollama-provider.js';
import { OpenAIProvider } from '../src/providers/openai-provider.js';
import type { ModelProvider, ModelRequest } from '../src/providers/types.js';

const WIRE = path.resolve(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'wire');

interface Fixture {
  name: string;
  contentType: string;
  /** Writes: the first holds everything up to the first text event. */
  writes: Buffer[];
  make: (baseUrl: string) => ModelProvider;
  /** The same call through the AI SDK (`streamText`, retries off), for reference. */
  sdk?: (baseUrl: string) => () => AsyncIterable<string>;
  path: string;
  /** Paced runs: more for the short streams, whose total is a few timer ticks and quantised by them. */
  pacedIterations: number;
}

function payloadEvents(file: string): string[] {
  return readFileSync(path.join(WIRE, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `data: ${l}\n\n`)
    .concat('data: [DONE]\n\n');
}

function groupWrites(events: string[], hasText: (event: string) => boolean): Buffer[] {
  const first = events.findIndex(hasText);
  const head = events.slice(0, first + 1).join('');
  return [Buffer.from(head), ...events.slice(first + 1).map((e) => Buffer.from(e))];
}

const fixtures: Fixture[] = [
  {
    name: 'openai chat (40 events, usage)',
    contentType: 'text/event-stream',
    writes: groupWrites(payloadEvents('openai/chat-stream-text-usage.payloads.ndjson'), (e) => /"content":"[^"]/.test(e)),
    make: (baseUrl) => new OpenAIProvider({ baseUrl, apiKey: 'sk-bench-000000000000' }),
    sdk: (baseUrl) => {
      const model = createOpenAI({ baseURL: baseUrl, apiKey: 'sk-bench-000000000000' }).chat('gpt-4.1-nano');
      return () => streamText({ model, prompt: 'x', maxRetries: 0 }).textStream;
    },
    path: '/chat/completions',
    pacedIterations: 30,
  },
  {
    name: 'anthropic messages (text)',
    contentType: 'text/event-stream',
    writes: groupWrites(
      payloadEvents('anthropic/messages-stream-text.payloads.ndjson').filter((e) => !e.includes('[DONE]')),
      (e) => e.includes('text_delta'),
    ),
    make: (baseUrl) => new AnthropicProvider({ baseUrl, apiKey: 'bench-key-000000' }),
    sdk: (baseUrl) => {
      const model = createAnthropic({ baseURL: `${baseUrl}/v1`, apiKey: 'bench-key-000000' })('claude-sonnet-4-5');
      return () => streamText({ model, prompt: 'x', maxRetries: 0 }).textStream;
    },
    path: '/v1/messages',
    pacedIterations: 80,
  },
  {
    name: 'ollama /api/chat NDJSON',
    contentType: 'application/x-ndjson',
    writes: groupWrites(
      readFileSync(path.join(WIRE, 'ollama/chat-stream.derived-from-docs.ndjson'), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => `${l}\n`),
      (e) => /"content":"[^"]/.test(e),
    ),
    make: (baseUrl) => new OllamaProvider({ baseUrl }),
    path: '/api/chat',
    pacedIterations: 300,
  },
];

let mode: 'paced' | 'burst' = 'paced';
let current: Fixture = fixtures[0] as Fixture;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': current.contentType });
    res.socket?.setNoDelay(true);
    if (mode === 'burst') {
      res.end(Buffer.concat(current.writes));
      return;
    }
    let i = 0;
    const next = () => {
      const chunk = current.writes[i++] as Buffer;
      // the last event and EOF leave together, so "total" is not biased by an extra timer tick
      if (i >= current.writes.length) {
        res.end(chunk);
        return;
      }
      res.write(chunk);
      setTimeout(next, 1);
    };
    next();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const request: ModelRequest = { agentId: 'bench', alias: 'bench', taskId: 't', task: 'x', messages: [{ role: 'user', content: 'x' }] };

interface Sample {
  first: number;
  total: number;
}

async function raw(fixture: Fixture): Promise<Sample> {
  const start = performance.now();
  const response = await fetch(base + fixture.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: RAW_BODY });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let first = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (first < 0 && value.length > 0) first = performance.now() - start;
  }
  return { first, total: performance.now() - start };
}

/** Same Agent settings as node-http-transport.ts, a separate pool (the adapters' sockets stay theirs). */
const rawAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5_000 });
const RAW_BODY = '{"model":"m","stream":true}';

function rawNode(fixture: Fixture): Promise<Sample> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      base + fixture.path,
      { method: 'POST', agent: rawAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(RAW_BODY) } },
      (res) => {
        let first = -1;
        res.on('data', (chunk: Buffer) => {
          if (first < 0 && chunk.length > 0) first = performance.now() - start;
        });
        res.on('end', () => resolve({ first, total: performance.now() - start }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(RAW_BODY);
  });
}

async function viaSdk(run: () => AsyncIterable<string>): Promise<Sample> {
  const start = performance.now();
  let first = -1;
  for await (const text of run()) {
    if (first < 0 && text.length > 0) first = performance.now() - start;
  }
  return { first, total: performance.now() - start };
}

async function ours(provider: ModelProvider): Promise<Sample> {
  const start = performance.now();
  let first = -1;
  for await (const part of provider.stream(request)) {
    if (first < 0 && part.type === 'text-delta') first = performance.now() - start;
  }
  return { first, total: performance.now() - start };
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
};
const f = (n: number, d = 3) => n.toFixed(d);

async function measure(fixture: Fixture, iterations: number): Promise<void> {
  current = fixture;
  const adapter = fixture.make(base);
  const wrapped = new FailoverProvider([adapter], { retries: 0 });
  const sdkRun = fixture.sdk?.(base);
  const variants: [string, () => Promise<Sample>][] = [
    ['raw', () => raw(fixture)],
    ['raw node:http', () => rawNode(fixture)],
    ['adapter', () => ours(adapter)],
    ['adapter+failover', () => ours(wrapped)],
  ];
  const runs = new Map<string, Sample[]>(variants.map(([name]) => [name, []]));
  for (let i = 0; i < 20; i++) for (const [, run] of variants) await run();
  for (let i = 0; i < iterations; i++) {
    // rotate the order so no variant always runs first
    for (let k = 0; k < variants.length; k++) {
      const [name, run] = variants[(i + k) % variants.length] as [string, () => Promise<Sample>];
      runs.get(name)?.push(await run());
    }
  }
  // The reference in its own loop, alternating with raw runs of its own: its ratio compares runs of the same period.
  const referenceRaw: Sample[] = [];
  if (sdkRun) {
    const name = 'ai-sdk streamText (reference)';
    variants.push([name, () => viaSdk(sdkRun)]);
    const sdkRuns: Sample[] = [];
    for (let i = 0; i < 10; i++) await viaSdk(sdkRun);
    for (let i = 0; i < Math.min(iterations, 200); i++) {
      referenceRaw.push(await raw(fixture));
      sdkRuns.push(await viaSdk(sdkRun));
    }
    runs.set(name, sdkRuns);
  }
  const stat = (samples: Sample[], key: keyof Sample) => ({ p50: pct(samples.map((s) => s[key]), 0.5), p99: pct(samples.map((s) => s[key]), 0.99) });
  const fetchRuns = runs.get('raw') as Sample[];
  const nodeRuns = runs.get('raw node:http') as Sample[];
  const line = (name: string, samples: Sample[]) => {
    const o = { first: stat(samples, 'first'), total: stat(samples, 'total') };
    return `    ${name.padEnd(30)} first p50 ${f(o.first.p50)} p99 ${f(o.first.p99)} ms | total p50 ${f(o.total.p50)} p99 ${f(o.total.p99)} ms`;
  };
  const versus = (label: string, samples: Sample[], baseRuns: Sample[]) => {
    const o = { first: stat(samples, 'first'), total: stat(samples, 'total') };
    const r = { first: stat(baseRuns, 'first'), total: stat(baseRuns, 'total') };
    // same round = adjacent runs
    const paired = f(pct(samples.map((s, i) => s.total / (baseRuns[i] as Sample).total), 0.5));
    return `      ${`vs ${label}:`.padEnd(18)} added first p50 ${f(o.first.p50 - r.first.p50)} ms | ratio total p50 ${f(o.total.p50 / r.total.p50)}× p99 ${f(o.total.p99 / r.total.p99)}× paired ${paired}×`;
  };
  console.log(`  ${fixture.name} [${mode}, ${iterations} iterations each]`);
  console.log(line('raw fetch+read', fetchRuns));
  console.log(line('raw node:http+read', nodeRuns));
  console.log(versus('raw fetch', nodeRuns, fetchRuns));
  for (const [name] of variants.slice(2)) {
    const samples = runs.get(name) as Sample[];
    console.log(line(name, samples));
    if (name.includes('reference')) {
      // the reference ran in its own loop, against raw fetch runs of its own
      console.log(versus('raw fetch', samples, referenceRaw));
      continue;
    }
    console.log(versus('raw fetch', samples, fetchRuns));
    console.log(versus('raw node:http', samples, nodeRuns));
  }
}

const started = performance.now();
console.log(
  'bench/providers: our provider layer (node:http transport) vs two raw reads of the same recorded stream: "raw fetch" = global fetch (undici) + body read, "raw node:http" = http.request over a keep-alive Agent + body read (ratio vs it = our layer\'s own cost) (goal: total ≤ 1.05×, < 1 ms added to first chunk)',
);
for (const m of ['paced', 'burst'] as const) {
  mode = m;
  for (const fixture of fixtures) await measure(fixture, m === 'paced' ? fixture.pacedIterations : 1000);
}
console.log(`done in ${f((performance.now() - started) / 1000, 1)} s`);
rawAgent.destroy();
server.close();
