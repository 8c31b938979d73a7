import picomatch from 'picomatch';
import type { RouterProblem } from './route-types.js';

/**
 * File stage: every glob compiled once (picomatch). Globs are indexed by the
 * literal they require — an extension (`**\/*.tf`, `**\/*_test.py` under
 * `.py`), a base name (`**\/Dockerfile`), a base-name prefix
 * (`**\/vite.config.*`), a directory anywhere (`**\/migrations/**`) or a
 * first path segment (`infra/**`) — so a file is tested only against globs
 * that can match it; the rest are tested directly.
 */
export interface GlobHit {
  glob: string;
  file: string;
  agents: readonly string[];
}

interface CompiledGlob {
  glob: string;
  /** The glob's rank in glob order (shared by its brace variants): candidates sort and de-duplicate by it. */
  order: number;
  agents: readonly string[];
  test: (file: string) => boolean;
}

const MAGIC = /[*?[\]{}()!+@\\]/;
const ALWAYS = (): boolean => true;
const MAX_BRACE_VARIANTS = 32;

/** `a.{js,ts}` → `a.js`, `a.ts` (flat, non-nested groups; the glob itself if it has none or too many variants). */
function expandBraces(glob: string): string[] {
  let variants = [glob];
  for (let round = 0; round < 4; round += 1) {
    const next: string[] = [];
    let changed = false;
    for (const v of variants) {
      const m = /\{([^{}]*,[^{}]*)\}/.exec(v);
      if (!m) {
        next.push(v);
        continue;
      }
      changed = true;
      for (const option of (m[1] as string).split(',')) next.push(v.slice(0, m.index) + option + v.slice(m.index + m[0].length));
    }
    if (!changed) return variants;
    if (next.length > MAX_BRACE_VARIANTS) return [glob];
    variants = next;
  }
  return variants.some((v) => /[{}]/.test(v)) ? [glob] : variants;
}

export class GlobStage {
  private readonly byExtension = new Map<string, CompiledGlob[]>();
  private readonly byBaseName = new Map<string, CompiledGlob[]>();
  private readonly byFirstSegment = new Map<string, CompiledGlob[]>();
  private readonly byBasePrefix = new Map<string, CompiledGlob[]>();
  private readonly byDirectory = new Map<string, CompiledGlob[]>();
  private readonly generic: CompiledGlob[] = [];
  readonly problems: RouterProblem[] = [];
  readonly size: number;
  /** Per glob order: the `match` call (stamp) that last took it as a candidate. */
  private readonly seen: Int32Array;
  private stamp = 0;
  /** The rules that compiled (glob → agents), in glob order. */
  readonly accepted: [string, string[]][] = [];

  /**
   * `checked`: every glob is known to compile (these rules are the
   * `accepted` of an earlier stage built by the same code, as a stored
   * router's are): each is compiled when a file first needs it.
   */
  constructor(rules: ReadonlyMap<string, readonly string[]>, { checked = false }: { checked?: boolean } = {}) {
    let count = 0;
    for (const glob of [...rules.keys()].sort()) {
      const agents = [...(rules.get(glob) as readonly string[])].sort();
      let test: (file: string) => boolean;
      try {
        test = checked ? lazyGlob(glob) : compileGlob(glob);
      } catch (error) {
        this.problems.push({ stage: 'file', pattern: glob, agents, message: `invalid glob (${error instanceof Error ? error.message : String(error)}).` });
        continue;
      }
      const order = count;
      this.accepted.push([glob, agents]);
      count += 1;
      // Index every brace variant by the literal it requires; the picomatch test of the original glob decides.
      for (const variant of expandBraces(glob)) {
        const last = variant.slice(variant.lastIndexOf('/') + 1);
        const firstSegment = /^([^/]+)\//.exec(variant)?.[1];
        const afterStar = last.slice(last.lastIndexOf('*') + 1);
        const exact = variant === `**/${last}`;
        const lastDot = afterStar.lastIndexOf('.');
        const directory = /^\*\*\/([^/]+)\/\*\*$/.exec(variant)?.[1];
        const basePrefix = last.endsWith('.*') ? last.slice(0, -2) : undefined;
        if (!MAGIC.test(last)) {
          push(this.byBaseName, last, { glob, order, agents, test: exact ? ALWAYS : test });
        } else if (last.includes('*') && afterStar.startsWith('.') && afterStar.length > 1 && !MAGIC.test(afterStar)) {
          push(this.byExtension, afterStar, { glob, order, agents, test: exact && last === `*${afterStar}` ? ALWAYS : test });
        } else if (last.includes('*') && lastDot >= 0 && afterStar.length - lastDot > 1 && !MAGIC.test(afterStar)) {
          // `*_test.py`: the file must end in `.py`; picomatch decides the rest.
          push(this.byExtension, afterStar.slice(lastDot), { glob, order, agents, test });
        } else if (basePrefix && basePrefix.length > 0 && !MAGIC.test(basePrefix)) {
          push(this.byBasePrefix, basePrefix, { glob, order, agents, test });
        } else if (directory && !MAGIC.test(directory)) {
          push(this.byDirectory, directory, { glob, order, agents, test });
        } else if (firstSegment && !MAGIC.test(firstSegment)) {
          push(this.byFirstSegment, firstSegment, { glob, order, agents, test });
        } else {
          this.generic.push({ glob, order, agents, test });
        }
      }
    }
    this.size = count;
    this.seen = new Int32Array(count);
  }

  /** Every (glob, file) pair that matches, in file order then glob order. */
  match(files: readonly string[]): GlobHit[] {
    const hits: GlobHit[] = [];
    const found: CompiledGlob[] = [];
    const seen = this.seen;
    const take = (list: readonly CompiledGlob[] | undefined, stamp: number): void => {
      if (list === undefined) return;
      for (const glob of list) {
        if (seen[glob.order] === stamp) continue;
        seen[glob.order] = stamp;
        found.push(glob);
      }
    };
    for (const file of files) {
      if (this.stamp >= 0x3fffffff) {
        seen.fill(0);
        this.stamp = 0;
      }
      const stamp = ++this.stamp;
      found.length = 0;
      const slash = file.lastIndexOf('/');
      const base = file.slice(slash + 1);
      // Every suffix starting at a dot ("a.test.ts" → ".test.ts", ".ts") can be a glob's extension.
      for (let dot = base.indexOf('.'); dot >= 0; dot = base.indexOf('.', dot + 1)) {
        take(this.byExtension.get(base.slice(dot)), stamp);
        if (this.byBasePrefix.size > 0) take(this.byBasePrefix.get(base.slice(0, dot)), stamp);
      }
      take(this.byBaseName.get(base), stamp);
      const firstSlash = file.indexOf('/');
      take(this.byFirstSegment.get(firstSlash < 0 ? file : file.slice(0, firstSlash)), stamp);
      if (this.byDirectory.size > 0 && slash > 0) {
        for (const segment of file.slice(0, slash).split('/')) take(this.byDirectory.get(segment), stamp);
      }
      take(this.generic, stamp);
      if (found.length > 1) found.sort((x, y) => x.order - y.order);
      for (const glob of found) if (glob.test(file)) hits.push({ glob: glob.glob, file, agents: glob.agents });
    }
    return hits;
  }
}

/**
 * picomatch's regex for the glob, tested directly: what `picomatch(glob)(file)`
 * answers for our options (an exact match or a regex match of a non-empty
 * path), without the result object it builds per call.
 */
function compileGlob(glob: string): (file: string) => boolean {
  const re = picomatch.makeRe(glob, { dot: true });
  return (file) => file !== '' && (file === glob || re.test(file));
}

/** Compiled on first use; a glob that compiled when checked but not now (it cannot, with the same code) matches nothing. */
function lazyGlob(glob: string): (file: string) => boolean {
  let test: ((file: string) => boolean) | undefined;
  return (file) => {
    if (test === undefined) {
      try {
        test = compileGlob(glob);
      } catch {
        test = () => false;
      }
    }
    return test(file);
  };
}

function push<K>(map: Map<K, CompiledGlob[]>, key: K, value: CompiledGlob): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
