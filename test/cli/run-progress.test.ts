import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { createRunProgress } from '../../src/cli/run-progress.js';
import type { CodexEvent } from '../../src/telemetry/events.js';

function fakeIO(noColor: boolean): { io: CliIO; out: () => string } {
  let out = '';
  const io: CliIO = {
    stdout: (text) => void (out += text),
    stderr: () => undefined,
    readStdin: async () => '',
    stdinIsTTY: true,
    stdoutIsTTY: true,
    noColor,
    ctx: { root: '/tmp', env: {}, clock: { now: () => 0 } },
  };
  return { io, out: () => out };
}

const base = { ts: '2026-01-01T00:00:00.000Z', runId: 'r1', alias: 'reviewer', agentId: 'code-reviewer', taskId: 't1', provider: 'offline' };
const events: CodexEvent[] = [
  { ...base, kind: 'task_started', attempt: 1 },
  { ...base, kind: 'chunk', text: 'first line\nsecond ' },
  { ...base, kind: 'chunk', text: 'line\ntail' },
  { ...base, kind: 'task_complete', ok: true, ms: 12, tokensIn: 3, tokensOut: 4, cost: 0, simulated: true },
];

describe('run progress', () => {
  it('shows a live per-alias status line on a terminal, and verbose chunks line by line', async () => {
    const { io, out } = fakeIO(true);
    const progress = createRunProgress(io, { json: false, verbose: true, live: true, totals: new Map([['reviewer', 2]]) });
    progress.listener(events[0]!);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(out()).toContain('\r\u001b[Kreviewer 0/2 ▶1');
    for (const event of events.slice(1)) progress.listener(event);
    progress.finish();
    const text = out();
    expect(text).toContain('[reviewer/t1] first line\n');
    expect(text).toContain('[reviewer/t1] second line\n');
    expect(text).toContain('[reviewer/t1] tail\n');
    expect(text).toContain('ok   reviewer/t1 code-reviewer 12 ms, 3/4 tokens, simulated\n');
    expect(text).not.toMatch(/\u001b\[3\dm/); // NO_COLOR: no colour codes
  });

  it('writes plain lines (no status line, no escapes) when not a terminal, with colour only when allowed', () => {
    const plain = fakeIO(true);
    const progress = createRunProgress(plain.io, { json: false, verbose: false, live: false, totals: new Map([['reviewer', 1]]) });
    for (const event of events) progress.listener(event);
    progress.finish();
    expect(plain.out()).toBe('ok   reviewer/t1 code-reviewer 12 ms, 3/4 tokens, simulated\n');
    const coloured = fakeIO(false);
    const colourful = createRunProgress(coloured.io, { json: false, verbose: false, live: false, totals: new Map() });
    colourful.listener(events[3]!);
    expect(coloured.out()).toContain('\u001b[32mok  \u001b[0m');
  });

  it('--json writes each event as one NDJSON line and nothing else', () => {
    const { io, out } = fakeIO(true);
    const progress = createRunProgress(io, { json: true, verbose: true, live: true, totals: new Map() });
    for (const event of events) progress.listener(event);
    progress.finish();
    expect(out().trim().split('\n').map((line) => JSON.parse(line) as CodexEvent)).toEqual(events);
  });
});
