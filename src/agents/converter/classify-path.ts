import { slugify } from '../../util/safe-id.js';

/** Folder names that carry no meaning for classification. */
const NOISE_SEGMENTS = new Set(['agents', 'agent', 'plugins', 'plugin', 'categories', 'category', '.claude', 'claude', 'src', 'subagents', 'sub-agents']);

export interface PathClassification {
  domain: string;
  subdomain?: string;
}

/**
 * Domain and subdomain from the folder path of a source file relative to its
 * input folder: noise segments (`agents`, `plugins`, `categories`) are dropped,
 * numeric prefixes (`01-core-development`) stripped; the first remaining
 * segment is the domain, the rest (joined) the subdomain. Files at the top
 * are `uncategorized`.
 */
export function classifyPath(relativeFile: string): PathClassification {
  const segments = relativeFile.split('/').slice(0, -1);
  const meaningful = segments
    .filter((segment) => !NOISE_SEGMENTS.has(segment.toLowerCase()))
    .map((segment) => slugify(segment.replace(/^\d+[-_. ]+/, '')))
    .filter((segment) => segment.length > 0);
  const [domain, ...rest] = meaningful;
  if (!domain) return { domain: 'uncategorized' };
  const subdomain = slugify(rest.join('-'));
  return subdomain ? { domain, subdomain } : { domain };
}
