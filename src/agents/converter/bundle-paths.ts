import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../../util/errors.js';

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Real path of the closest existing ancestor, joined with the part that does not exist yet. */
function realpathLenient(target: string): string {
  let current = target;
  const tail: string[] = [];
  while (!existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    tail.unshift(path.basename(current));
    current = parent;
  }
  return path.join(realpathSync(current), ...tail);
}

/**
 * Resolves the bundle folder against the project root and refuses anything
 * outside it (or the root itself), symbolic links included.
 */
export function resolveOutDir(root: string, outDir: string): string {
  const rootReal = realpathLenient(path.resolve(root));
  const resolved = path.resolve(root, outDir);
  const real = realpathLenient(resolved);
  if (!isInside(rootReal, real)) {
    throw new InvalidInputError(
      `Output folder ${JSON.stringify(outDir)} resolves to ${real}, outside the project root ${rootReal}. Choose a folder inside the project (e.g. codex/agents).`,
      { outDir, root: rootReal },
    );
  }
  return resolved;
}

/** Joins a bundle-relative path onto a folder, refusing any path that would leave it. */
export function safeJoin(base: string, relative: string): string {
  const target = path.resolve(base, relative);
  if (!isInside(base, target)) {
    throw new InvalidInputError(`Refusing to write ${JSON.stringify(relative)}: it resolves outside ${base}.`, { relative, base });
  }
  return target;
}
