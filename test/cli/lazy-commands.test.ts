import { describe, expect, it } from 'vitest';
import { commands, commandsFor } from '../../src/cli/commands/index.js';
import { makeTempDir, runCliCaptured } from '../../test-support/cli-harness.js';

describe('lazy command loading', () => {
  it('loads only the invoked command, none for --version, all for help or a typo', () => {
    expect(commandsFor(['route', 'review my code', '--json']).map((entry) => entry.name)).toEqual(['route']);
    expect(commandsFor(['--version'])).toEqual([]);
    expect(commandsFor([])).toBe(commands);
    expect(commandsFor(['--help'])).toBe(commands);
    expect(commandsFor(['rnu'])).toBe(commands);
  });

  it('every command module registers the command it is listed under', async () => {
    for (const entry of commands) {
      const names: string[] = [];
      const fakeProgram = { command: (name: string) => (names.push(name.split(' ')[0] ?? name), new Proxy({}, { get: (_t, _p, receiver) => () => receiver })) };
      (await entry.load()).register(fakeProgram as never, {} as never);
      expect(names, entry.name).toEqual([entry.name]);
    }
  });

  it('--help lists every command and a typo gets a suggestion', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const help = await runCliCaptured(['--help'], { root: dir });
      expect(help.code).toBe(0);
      for (const entry of commands) expect(help.stdout).toContain(entry.name);
      const typo = await runCliCaptured(['rnu'], { root: dir });
      expect(typo.code).not.toBe(0);
      expect(typo.stderr).toMatch(/Did you mean run\?/); // the suggestion itself: the help text below it names run anyway
    } finally {
      cleanup();
    }
  });
});
