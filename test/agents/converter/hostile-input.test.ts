import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateTarget } from '../../../src/agents/validate-bundle.js';
import { makeTempDir } from '../../../test-support/cli-harness.js';
import { convertIn, readAgent, writeAgent } from './converter-test-support.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('codex-flow-hostile-');
});
afterEach(() => temp.cleanup());

describe('converter on hostile input', () => {
  it('never throws: cycles, alias bombs, deep nesting, huge fields, prototype keys, wrong types', async () => {
    writeAgent(temp.dir, 'cycle.md', '---\nname: cycle\ndescription: x\nloop: &x [*x]\n---\n');
    const bomb = ['a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]'];
    writeAgent(temp.dir, 'bomb.md', `---\nname: bomb\ndescription: x\n${bomb.join('\n')}\n---\n`);
    writeAgent(temp.dir, 'deep.md', `---\nname: deep\ndescription: x\nd: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n`);
    writeAgent(temp.dir, 'huge.md', `---\nname: huge\ndescription: ${'word '.repeat(200_000)}\n---\n`);
    writeAgent(temp.dir, 'proto.md', '---\nname: proto\ndescription: x\n__proto__: {polluted: true}\nconstructor: 1\n---\n');
    writeAgent(temp.dir, 'types.md', '---\nname: types\ndescription: [1, 2]\ntools: {Read: true}\ncapabilities: 5\nhooks: [1]\nexamples: 7\nintegration: null\nmetadata: null\ntriggers: null\ncolor: 0xFF\nmodel: 4.5\n---\n');
    writeAgent(temp.dir, 'objname.md', '---\nname: {a: 1}\ndescription: x\n---\n');
    writeAgent(temp.dir, 'patterns.md', '---\nname: patterns\ndescription: x\ntriggers:\n  task_patterns: ["(a)\\\\1 *", "((((((((((x"]\n  keywords: [1, null, ok]\n  file_patterns: "**/*.x"\n---\n');
    writeAgent(temp.dir, 'oversized.md', `---\nname: oversized\ndescription: x\n---\n${'x'.repeat(3 * 1024 * 1024)}`);

    const report = await convertIn(temp.dir);
    expect(report.errors.map((error) => [error.file, error.line, error.reason.slice(0, 40)])).toEqual([
      ['src-agents/cycle.md', 2, 'front-matter contains a YAML alias that '],
      ['src-agents/objname.md', 2, "'name' must be text, found a mapping"],
      ['src-agents/oversized.md', undefined, 'file is 3145767 bytes, over the 2097152-'],
    ]);
    expect(report.converted.map((agent) => agent.id)).toEqual(['bomb', 'deep', 'huge', 'patterns', 'proto', 'types']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const huge = readAgent(temp.dir, report, 'huge');
    expect(huge.agent.description.length).toBe(4000);
    const patterns = readAgent(temp.dir, report, 'patterns');
    expect(patterns.triggers.regex.map((entry) => entry.pattern)).toContain('(?i)\\b\\(a\\)\\\\1\\b');
    expect(patterns.triggers.file_patterns).toEqual(['**/*.x']);
    expect(validateTarget('out', temp.dir).problems).toEqual([]);
  }, 60_000);
});
