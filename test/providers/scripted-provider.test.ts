import { describe, expect, it } from 'vitest';
import { ScriptedProvider, textScript } from '../../test-support/scripted-provider.js';
import { collectStream } from '../../src/providers/collect-stream.js';
import type { ModelRequest } from '../../src/providers/types.js';

const req = (task: string): ModelRequest => ({ agentId: 'a', alias: 'a', taskId: task, task, messages: [{ role: 'user', content: task }] });

describe('ScriptedProvider', () => {
  it('plays the script, records calls and max concurrency', async () => {
    const provider = new ScriptedProvider({ script: textScript(['a', 'b'], { delayMs: 20 }) });
    const results = await Promise.all([collectStream(provider.stream(req('1'))), collectStream(provider.stream(req('2'))), collectStream(provider.stream(req('3')))]);
    expect(results.map((r) => r.text)).toEqual(['ab', 'ab', 'ab']);
    expect(provider.calls.map((c) => c.task)).toEqual(['1', '2', '3']);
    expect(provider.maxConcurrency).toBe(3);
    expect(provider.active).toBe(0);
  });

  it('throws at the chosen point, per call', async () => {
    const provider = new ScriptedProvider({
      script: (_r, i) => (i === 0 ? [{ type: 'text-delta', text: 'x' }, { type: 'throw', error: new Error('boom') }] : textScript(['ok'])),
    });
    await expect(collectStream(provider.stream(req('1')))).rejects.toThrow('boom');
    expect((await collectStream(provider.stream(req('2')))).text).toBe('ok');
  });
});
