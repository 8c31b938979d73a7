import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../../util/errors.js';
import { compareStrings } from '../../util/compare-strings.js';

export interface SourceFile {
  /** Absolute path. */
  absolute: string;
  /** Path relative to its input folder, POSIX separators. */
  relativeToInDir: string;
  /** Display path: relative to root when inside it, else absolute (POSIX separators). */
  file: string;
}

export interface ScanResult {
  files: SourceFile[];
  /** Entries not followed (symbolic links), with why. */
  ignored: { file: string; reason: string }[];
}

export function displayPath(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return (inside ? relative : absolute).split(path.sep).join('/');
}

/**
 * Every `*.md` file under each input folder, recursively, in a stable order
 * (sorted by display path). Symbolic links are not followed (no loops, no
 * escaping the folder); they are reported.
 */
export function scanSources(root: string, inDirs: readonly string[]): ScanResult {
  const files: SourceFile[] = [];
  const ignored: ScanResult['ignored'] = [];
  const seen = new Set<string>();
  for (const inDir of inDirs) {
    const base = path.resolve(root, inDir);
    let stats;
    try {
      stats = statSync(base);
    } catch {
      throw new InvalidInputError(`Source folder ${inDir} does not exist (resolved to ${base}). Pass --in <dir> or set "source" in codex-flow.config.json.`, { inDir });
    }
    if (!stats.isDirectory()) throw new InvalidInputError(`Source ${inDir} is not a folder. Pass a folder of Claude Code agents (.claude/agents).`, { inDir });
    const walk = (dir: string, relative: string): void => {
      const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
      for (const entry of entries) {
        const absolute = path.join(dir, entry.name);
        const rel = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isSymbolicLink()) {
          if (entry.name.toLowerCase().endsWith('.md')) ignored.push({ file: displayPath(root, absolute), reason: 'symbolic link not followed' });
        } else if (entry.isDirectory()) {
          if (entry.name === 'node_modules' || entry.name === '.git') continue;
          walk(absolute, rel);
        } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) {
          if (seen.has(absolute)) continue;
          seen.add(absolute);
          files.push({ absolute, relativeToInDir: rel, file: displayPath(root, absolute) });
        }
      }
    };
    walk(base, '');
  }
  files.sort((a, b) => compareStrings(a.file, b.file));
  ignored.sort((a, b) => compareStrings(a.file, b.file));
  return { files, ignored };
}
