import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnthropicDecoder } from '../../src/providers/anthropic-provider.js';
import { FrameTemplate, type HolePath } from '../../src/providers/frame-template.js';
import { OpenAIChatDecoder } from '../../src/providers/openai-provider.js';
import { ProviderError } from '../../src/providers/provider-error.js';
import type { ModelStreamPart } from '../../src/providers/types.js';
import { SHARED_DIR } from '../../test-support/cli-harness.js';

const WIRE = path.join(SHARED_DIR, 'fixtures', 'wire');
const payloads = (rel: string) =>
  readFileSync(path.join(WIRE, rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim());

const OPENAI = payloads('openai/chat-stream-text-usage.payloads.ndjson');
const ANTHROPIC = payloads('anthropic/messages-stream-text.payloads.ndjson');
const OPENAI_HOLES: HolePath[] = [['choices', 0, 'delta', 'content'], ['obfuscation']];

/** `value` with the strings at `holes` replaced by `values` (the oracle for a matched frame). */
function withHoles(value: unknown, holes: readonly HolePath[], values: readonly string[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  holes.forEach((hole, k) => {
    let node = copy;
    for (const key of hole.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[hole[hole.length - 1] as string | number] = values[k];
  });
  return copy;
}

/** A small deterministic PRNG, so a failing case can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// characters that stress string literals and JSON structure
const ALPHABET = ['"', '\\', 'u', '0', '1', 'a', 'F', 'n', '/', '\t', '\u0001', '\u001f', ' ', ',', ':', '{', '}', '[', ']', 'é', '😀', '\ud800', 'x', 'null', '\\u00e9', '\\"', '\\n', '\\ud83d\\ude00'];

/** One edit, mostly in or next to a hole literal (`"content":…`, `"obfuscation":…`), sometimes anywhere. */
function mutate(frame: string, random: () => number): string {
  const anchors = [frame.indexOf('"content":') + 10, frame.indexOf('"obfuscation":') + 14].filter((a) => a >= 14);
  const near = anchors[Math.floor(random() * anchors.length)];
  const at = near !== undefined && random() < 0.8 ? Math.max(0, near - 2 + Math.floor(random() * 14)) : Math.floor(random() * (frame.length + 1));
  const insert = ALPHABET[Math.floor(random() * ALPHABET.length)] as string;
  switch (Math.floor(random() * 3)) {
    case 0:
      return frame.slice(0, at) + insert + frame.slice(at);
    case 1:
      return frame.slice(0, at) + frame.slice(at + 1);
    default:
      return frame.slice(0, at) + insert + frame.slice(at + 1);
  }
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

describe('FrameTemplate', () => {
  const learnedFrom = OPENAI[2] as string;
  const parsed = JSON.parse(learnedFrom) as unknown;
  const template = FrameTemplate.learn(learnedFrom, parsed, OPENAI_HOLES) as FrameTemplate;

  it('learns from a recorded OpenAI chunk and matches every plain text chunk of the stream, with the values JSON.parse gives', () => {
    expect(template).toBeDefined();
    let matched = 0;
    for (const frame of OPENAI) {
      const values = template.match(frame);
      if (values === undefined) continue;
      matched += 1;
      expect(JSON.parse(frame)).toEqual(withHoles(parsed, OPENAI_HOLES, values));
    }
    // all but the first (role), the finish and the usage chunks
    expect(matched).toBe(OPENAI.length - 3);
  });

  it('fuzz: a mutated frame matches only when it is valid JSON that parses to the template with those hole values', () => {
    const random = prng(42);
    let matches = 0;
    let rejects = 0;
    for (let i = 0; i < 20_000; i++) {
      let frame = OPENAI[1 + Math.floor(random() * (OPENAI.length - 3))] as string;
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) frame = mutate(frame, random);
      const values = template.match(frame);
      const reference = tryParse(frame);
      if (values === undefined) {
        rejects += 1;
        continue;
      }
      matches += 1;
      expect(reference.ok, frame).toBe(true);
      if (reference.ok) expect(reference.value, frame).toEqual(withHoles(parsed, OPENAI_HOLES, values));
    }
    // the mutations hit the holes often enough for both outcomes to be exercised
    expect(matches).toBeGreaterThan(1_000);
    expect(rejects).toBeGreaterThan(1_000);
  });

  it('decodes escapes in a hole with JSON.parse and rejects invalid ones', () => {
    const cases = ['"a\\nb"', '"\\u00e9\\"\\\\"', '"\\ud83d\\ude00"', '"😀 é"', '""'];
    for (const literal of cases) {
      const frame = learnedFrom.replace('"content":"Holiday"', `"content":${literal}`);
      expect(template.match(frame)?.[0], literal).toBe(JSON.parse(literal));
    }
    for (const literal of ['"a\nb"', '"tab\there"', '"\\x41"', '"\\u12"', '"open', '"a\\"']) {
      const frame = learnedFrom.replace('"content":"Holiday"', `"content":${literal}`);
      expect(template.match(frame), literal).toBeUndefined();
      expect(() => JSON.parse(frame)).toThrow();
    }
  });

  it('refuses to learn when a hole key is not written once and literally before its string value', () => {
    const learn = (frame: string) => FrameTemplate.learn(frame, JSON.parse(frame), [['delta', 'content']]);
    expect(learn('{"delta":{"content":"a"}}')).toBeDefined();
    // an escaped key elsewhere could spell `content`: no template
    expect(learn('{"delta":{"\\u0063ontent":"a"},"x":{"content":"a"}}')).toBeUndefined();
    // the key at the path has a space before its colon, another `content` key is compact
    expect(learn('{"delta":{"content" :"a"},"x":{"content":"a"}}')).toBeUndefined();
    // the name also appears as a value
    expect(learn('{"role":"content","delta":{"content":"a"}}')).toBeUndefined();
    // not a string at the path
    expect(learn('{"delta":{"content":5}}')).toBeUndefined();
    expect(learn('{"delta":{"content":"a" }}')?.match('{"delta":{"content":"b" }}')).toEqual(['b']);
  });
});

/** Parts of each frame decoded by a fresh decoder (no template yet: the JSON.parse path) vs by one decoder over the stream. */
function compareWithGeneralPath(frames: string[], make: () => { event(data: string): ModelStreamPart[] }): void {
  const streaming = make();
  for (const frame of frames) {
    let general: ModelStreamPart[] | Error;
    try {
      general = make().event(frame);
    } catch (error) {
      general = error as Error;
    }
    let fast: ModelStreamPart[] | Error;
    try {
      fast = streaming.event(frame);
    } catch (error) {
      fast = error as Error;
    }
    if (general instanceof Error) {
      expect(fast, frame).toBeInstanceOf(ProviderError);
      expect((fast as Error).message).toBe(general.message);
    } else {
      expect(fast, frame).toEqual(general);
    }
  }
}

describe('decoders with learned templates give the general path result', () => {
  it('OpenAI chat: recorded chunks, then edited ones (escapes, other members, invalid text)', () => {
    const base = OPENAI[2] as string;
    const edited = [
      base.replace('"content":"Holiday"', '"content":"line\\nbreak \\"q\\" \\u00e9 😀"'),
      base.replace('"content":"Holiday"', '"content":""'),
      base.replace('"content":"Holiday"', '"content":"tab\tinside"'),
      base.replace('"finish_reason":null', '"finish_reason":"length"'),
      base.replace('"usage":null', '"usage":{"prompt_tokens":1,"completion_tokens":2}'),
      base.replace('"index":0', '"index":1'),
      base.replace('"obfuscation":"dTh"', '"obfuscation":"x\\u0041"'),
      base.replace('"obfuscation":"dTh"', '"obfuscation":5'),
      base.replace('"model":"gpt-4.1-nano-2025-04-14"', '"model":"other"'),
      `${base} `,
      base.slice(0, -1),
    ];
    compareWithGeneralPath([...OPENAI.slice(0, -1), ...edited, ...OPENAI.slice(1, 5)], () => new OpenAIChatDecoder('openai', (s) => s));
  });

  it('Anthropic messages: recorded events, then edited text deltas', () => {
    const delta = ANTHROPIC.find((e) => e.includes('text_delta')) as string;
    const text = (JSON.parse(delta) as { delta: { text: string } }).delta.text;
    const edited = [
      delta.replace(JSON.stringify(text), '"a\\nb \\ud83d\\ude00"'),
      delta.replace(JSON.stringify(text), '""'),
      delta.replace(JSON.stringify(text), '"raw\u0001control"'),
      delta.replace('"index":0', '"index":3'),
      delta.replace('"text_delta"', '"thinking_delta"'),
    ];
    compareWithGeneralPath([...ANTHROPIC.slice(0, -1), ...edited], () => new AnthropicDecoder('anthropic', (s) => s));
  });

  it('Anthropic fixed-shape events as sent (ping, block start/stop, message_stop) give the result of the parsed (re-spaced) event', () => {
    const respace = (frame: string) => JSON.stringify(JSON.parse(frame), null, 1);
    const exact = new AnthropicDecoder('anthropic', (s) => s);
    const spaced = new AnthropicDecoder('anthropic', (s) => s);
    const tool = ['{"type":"content_block_start","index":12,"content_block":{"type":"tool_use","id":"toolu_1","name":"read","input":{}}}', '{"type":"content_block_delta","index":12,"delta":{"type":"input_json_delta","partial_json":"{}"}}'];
    const blocks = ['{"type":"content_block_start","index":7,"content_block":{"type":"text","text":""}}', '{"type":"content_block_stop","index":7}', '{"type":"content_block_stop","index":12}', '{"type":"content_block_stop","index":12}'];
    const frames = [...ANTHROPIC.slice(0, -1), ...tool, ...blocks, ANTHROPIC[ANTHROPIC.length - 1] as string];
    for (const frame of frames) expect(exact.event(frame), frame).toEqual(spaced.event(respace(frame)));
    expect(exact.done && spaced.done).toBe(true);
    // near misses go to JSON.parse, which rejects them as before
    for (const frame of ['{"type":"content_block_stop","index":01}', '{"type":"content_block_stop","index":-}', '{"type":"ping"']) {
      expect(() => new AnthropicDecoder('anthropic', (s) => s).event(frame), frame).toThrow(ProviderError);
    }
  });

  it('a whole recorded stream decodes to the same parts with templates as re-spaced (so parsed every time)', () => {
    // pretty-printed: the same values, but a space after every colon, so no template applies
    const respace = (frame: string) => JSON.stringify(JSON.parse(frame), null, 1);
    const exact = new OpenAIChatDecoder('openai', (s) => s);
    const spaced = new OpenAIChatDecoder('openai', (s) => s);
    for (const frame of [...OPENAI, '[DONE]']) expect(exact.event(frame), frame).toEqual(spaced.event(frame === '[DONE]' ? frame : respace(frame)));
  });
});
