import type { Clock } from '../../util/runtime-context.js';

/** Contract of the converter (`codex-flow convert`), used by init, quickstart and watch. */
export interface ConvertOptions {
  /** Project root; inDir/outDir resolve against it and nothing outside it is written. */
  root: string;
  /** Source folder(s) of Claude Code agents (`.claude/agents`). */
  inDirs: string[];
  /** Bundle folder (`codex/agents`). */
  outDir: string;
  /** Only compare: report whether the bundle on disk is stale, write nothing. */
  check?: boolean;
  clock?: Clock;
}

export interface ConvertedAgent {
  id: string;
  /** Source file, relative to root when inside it. */
  file: string;
  /** Bundle-relative path of the written `.codex.yaml`. */
  output: string;
  domain: string;
  subdomain?: string;
  /** Set when the id was suffixed to resolve a collision. */
  renamedFrom?: string;
  unknownKeys: string[];
  unknownTools: string[];
  warnings: string[];
}

export interface ConvertProblem {
  file: string;
  line?: number;
  reason: string;
}

export interface ConvertReport {
  outDir: string;
  sourceHash: string;
  generatedAt: string;
  converted: ConvertedAgent[];
  /** Markdown files that are not agents (READMEs, docs), with why. */
  skipped: ConvertProblem[];
  /** Files that could not be read even leniently. */
  errors: ConvertProblem[];
  /** Id collisions and how they were resolved. */
  duplicates: { id: string; files: string[]; resolvedAs: string[] }[];
  /** True when the bundle on disk differed (and was rewritten, unless check). */
  changed: boolean;
}
