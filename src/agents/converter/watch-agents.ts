import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { convertAgents } from './convert-agents.js';
import type { ConvertOptions, ConvertReport } from './convert-types.js';

export interface WatchOptions extends ConvertOptions {
  /** Quiet period after the last change before converting again. */
  debounceMs?: number;
  /** Called after every conversion (published or not). */
  onConvert: (report: ConvertReport) => void;
  onError: (error: unknown) => void;
}

export interface WatchHandle {
  /** Stops watching; pending work is dropped. */
  close: () => void;
  /** Resolves when no conversion is running or scheduled. */
  idle: () => Promise<void>;
}

/**
 * `convert --watch`: watches the source folders (recursively) and, after a
 * quiet period, converts and publishes again (atomically, like every
 * convert). Changes while a conversion runs trigger one more run afterwards.
 */
export function watchAgents(options: WatchOptions): WatchHandle {
  const debounceMs = options.debounceMs ?? 150;
  const outDir = path.resolve(options.root, options.outDir);
  const { onConvert, onError, debounceMs: _debounce, ...convertOptions } = options;
  void _debounce;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let closed = false;
  const waiters: (() => void)[] = [];

  const settle = (): void => {
    if (timer === undefined && running === undefined) for (const resolve of waiters.splice(0)) resolve();
  };
  const run = (): void => {
    timer = undefined;
    if (closed) return settle();
    if (running) {
      pending = true;
      return;
    }
    running = convertAgents(convertOptions)
      .then(onConvert, onError)
      .finally(() => {
        running = undefined;
        if (pending && !closed) {
          pending = false;
          schedule();
        } else settle();
      });
  };
  const schedule = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };

  const watchers: FSWatcher[] = options.inDirs.map((inDir) => {
    const base = path.resolve(options.root, inDir);
    const watcher = watch(base, { recursive: true }, (_event, filename) => {
      if (filename) {
        const changed = path.resolve(base, filename.toString());
        if (changed === outDir || changed.startsWith(`${outDir}${path.sep}`) || path.basename(changed).startsWith(`.${path.basename(outDir)}.`)) return;
      }
      schedule();
    });
    watcher.on('error', onError);
    return watcher;
  });

  return {
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const watcher of watchers) watcher.close();
      settle();
    },
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
  };
}
