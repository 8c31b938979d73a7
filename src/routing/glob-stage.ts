import picomatch from 'picomatch';
import type { RouterProblem } from './route-types.js';

/**
 * File stage: every glob compiled once (picomatch). Globs are indexed by the
 * literal they require — an extension (`**\/*.tf`), a base name
 * (`**\/Dockerfile`) or a first path segment (`infra/**`) — so a file is
 * tested only against globs that can match it; the rest are tested directly.
 */
export interface GlobHit {
  glob: string;
  file: string;
  agents: readonly string[];
}

interface CompiledGlob {
  glob: string;
  agents: readonly string[];
  test: (file: string) => boolean;
}

const MAGIC = /[*?[\]{}()!+@]/;

export class GlobStage {
  private readonly byExtension = new Map<string, CompiledGlob[]>();
  private readonly byBaseName = new Map<string, CompiledGlob[]>();
  private readonly byFirstSegment = new Map<string, CompiledGlob[]>();
  private readonly generic: CompiledGlob[] = [];
  readonly problems: RouterProblem[] = [];
  readonly size: number;

  constructor(rules: ReadonlyMap<string, readonly string[]>) {
    let count = 0;
    for (const glob of [...rules.keys()].sort()) {
      const agents = [...(rules.get(glob) as readonly string[])].sort();
      let test: (file: string) => boolean;
      try {
        test = picomatch(glob, { dot: true });
      } catch (error) {
        this.problems.push({ stage: 'file', pattern: glob, agents, message: `invalid glob (${error instanceof Error ? error.message : String(error)}).` });
        continue;
      }
      const compiled: CompiledGlob = { glob, agents, test };
      count += 1;
      const extension = /^\*\*\/\*(\.[^*?[\]{}()!+@/]+)$/.exec(glob)?.[1];
      const baseName = /^\*\*\/([^*?[\]{}()!+@/]+)$/.exec(glob)?.[1];
      const firstSegment = /^([^/]+)\//.exec(glob)?.[1];
      if (extension) push(this.byExtension, extension, compiled);
      else if (baseName) push(this.byBaseName, baseName, compiled);
      else if (firstSegment && !MAGIC.test(firstSegment)) push(this.byFirstSegment, firstSegment, compiled);
      else this.generic.push(compiled);
    }
    this.size = count;
  }

  /** Every (glob, file) pair that matches, in file order then glob order. */
  match(files: readonly string[]): GlobHit[] {
    const hits: GlobHit[] = [];
    for (const file of files) {
      const slash = file.lastIndexOf('/');
      const base = file.slice(slash + 1);
      const candidates: CompiledGlob[] = [];
      const dots: number[] = [];
      for (let i = base.indexOf('.'); i >= 0; i = base.indexOf('.', i + 1)) dots.push(i);
      for (const dot of dots) candidates.push(...(this.byExtension.get(base.slice(dot)) ?? []));
      candidates.push(...(this.byBaseName.get(base) ?? []));
      const first = file.split('/', 1)[0] as string;
      candidates.push(...(this.byFirstSegment.get(first) ?? []));
      candidates.push(...this.generic);
      const seen = new Set<string>();
      for (const glob of candidates.sort((a, b) => (a.glob < b.glob ? -1 : a.glob > b.glob ? 1 : 0))) {
        if (seen.has(glob.glob)) continue;
        seen.add(glob.glob);
        if (glob.test(file)) hits.push({ glob: glob.glob, file, agents: glob.agents });
      }
    }
    return hits;
  }
}

function push<K>(map: Map<K, CompiledGlob[]>, key: K, value: CompiledGlob): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
