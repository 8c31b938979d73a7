import { describe, expect, it } from 'vitest';
import { OfflineProvider, OFFLINE_BANNER, offlineAnswer } from '../../src/providers/offline-provider.js';
import type { ModelRequest, ModelStreamPart } from '../../src/providers/types.js';
import { collectStream } from '../../src/providers/collect-stream.js';

function request(task: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    agentId: 'code-reviewer',
    alias: 'reviewer',
    taskId: 't1',
    task,
    messages: [
      { role: 'system', content: 'You are Code Reviewer. Reviews diffs for bugs.' },
      { role: 'user', content: task },
    ],
    ...extra,
  };
}

async function parts(provider: OfflineProvider, req: ModelRequest): Promise<ModelStreamPart[]> {
  const out: ModelStreamPart[] = [];
  for await (const part of provider.stream(req)) out.push(part);
  return out;
}

describe('OfflineProvider', () => {
  it('streams a deterministic answer built from the task words, in several chunks, marked simulated', async () => {
    const provider = new OfflineProvider();
    const a = await parts(provider, request('Review the payment retry logic in billing service'));
    const b = await parts(provider, request('Review the payment retry logic in billing service'));
    expect(a).toEqual(b);
    const deltas = a.filter((p) => p.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(3);
    const text = deltas.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
    expect(text.startsWith(OFFLINE_BANNER)).toBe(true);
    expect(text).toContain('payment');
    expect(text).toContain('billing');
    expect(text).toContain('Role: Reviews diffs for bugs.');
    const finish = a.at(-1);
    expect(finish).toMatchObject({ type: 'finish', reason: 'stop', simulated: true, usageEstimated: true, provider: 'offline' });
    if (finish?.type !== 'finish' || !finish.usage) throw new Error('no usage');
    expect(finish.usage.tokensOut).toBe(Math.ceil([...text].length / 4));
    expect(finish.usage.tokensIn).toBeGreaterThan(0);
  });

  it('different tasks give different answers', () => {
    expect(offlineAnswer(request('deploy terraform'))).not.toEqual(offlineAnswer(request('write react tests')));
  });

  it('continues from resumeFrom without repeating the prefix', async () => {
    const provider = new OfflineProvider();
    const full = offlineAnswer(request('add caching to the api'));
    const result = await collectStream(provider.stream(request('add caching to the api', { resumeFrom: full.slice(0, 50) })));
    expect(full.slice(0, 50) + result.text).toBe(full);
  });

  it('stops when the signal aborts', async () => {
    const provider = new OfflineProvider({ chunkDelayMs: 20 });
    const controller = new AbortController();
    const seen: ModelStreamPart[] = [];
    const run = (async () => {
      for await (const part of provider.stream(request('long task here', { signal: controller.signal }))) {
        seen.push(part);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(run).rejects.toThrow();
    expect(seen.some((p) => p.type === 'finish')).toBe(false);
  });
});
