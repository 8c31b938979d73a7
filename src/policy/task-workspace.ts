import { lstat, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertSafeId } from '../util/safe-id.js';
import { PolicyError } from './policy-error.js';

/** Where per-task workspaces live, relative to the project root (SPEC §2). */
export const RUNS_DIR = '.runs';

/**
 * Per-task workspace `.runs/<alias>/<taskId>/` (SPEC §7) holding `input.json`
 * and `output.json`. Ids are validated and every path is checked to stay
 * inside the project root (a symlinked `.runs` pointing elsewhere is refused).
 */
export class TaskWorkspaces {
  private readonly runsDir: string;
  private checkedRuns: Promise<void> | undefined;

  constructor(private readonly root: string) {
    this.runsDir = path.resolve(root, RUNS_DIR);
  }

  /** Absolute workspace path for a task (validated, not created). */
  pathFor(alias: string, taskId: string): string {
    assertSafeId('alias', alias);
    assertSafeId('task id', taskId);
    const dir = path.resolve(this.runsDir, alias, taskId);
    if (!isInside(this.runsDir, dir)) throw new PolicyError(`Workspace path ${dir} would leave ${this.runsDir}; refusing.`);
    return dir;
  }

  async create(alias: string, taskId: string, input: unknown): Promise<string> {
    await this.ensureRunsDirInsideRoot();
    const dir = this.pathFor(alias, taskId);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'input.json'), `${JSON.stringify(input, null, 2)}\n`);
    return dir;
  }

  async writeOutput(dir: string, output: unknown): Promise<void> {
    if (!isInside(this.runsDir, dir)) throw new PolicyError(`Workspace path ${dir} is outside ${this.runsDir}; refusing.`);
    await writeFile(path.join(dir, 'output.json'), `${JSON.stringify(output, null, 2)}\n`);
  }

  async remove(dir: string): Promise<void> {
    if (!isInside(this.runsDir, dir)) throw new PolicyError(`Workspace path ${dir} is outside ${this.runsDir}; refusing.`);
    await rm(dir, { recursive: true, force: true });
  }

  private ensureRunsDirInsideRoot(): Promise<void> {
    this.checkedRuns ??= (async () => {
      await mkdir(this.runsDir, { recursive: true });
      const info = await lstat(this.runsDir);
      const realRoot = await realpath(this.root);
      const realRuns = await realpath(this.runsDir);
      if (info.isSymbolicLink() || !isInside(realRoot, realRuns)) {
        throw new PolicyError(`${this.runsDir} must be a plain directory inside the project root; it resolves to ${realRuns}. Remove the link.`);
      }
    })();
    return this.checkedRuns;
  }
}

/** True when `child` is strictly inside `parent` (both absolute). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
