import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { convertAgents } from '../../../src/agents/converter/convert-agents.js';
import type { ConvertReport } from '../../../src/agents/converter/convert-types.js';
import type { AgentDefinition } from '../../../src/agents/schema.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/claude-agents');

/** Copies fixture folders into `<root>/src-agents` and returns that folder (relative to root). */
export function copyFixtures(root: string, ...folders: string[]): string {
  const target = path.join(root, 'src-agents');
  mkdirSync(target, { recursive: true });
  for (const folder of folders) cpSync(path.join(FIXTURES, folder), path.join(target, folder), { recursive: true });
  return 'src-agents';
}

export function writeAgent(root: string, relative: string, content: string | Buffer): void {
  const file = path.join(root, 'src-agents', relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

export function fixedClock(iso = '2026-01-02T03:04:05.000Z'): { now: () => number } {
  const at = Date.parse(iso);
  return { now: () => at };
}

export async function convertIn(root: string, options: { outDir?: string; check?: boolean; now?: string } = {}): Promise<ConvertReport> {
  return convertAgents({ root, inDirs: ['src-agents'], outDir: options.outDir ?? 'out', check: options.check ?? false, clock: fixedClock(options.now) });
}

export function readAgent(root: string, report: ConvertReport, id: string): AgentDefinition {
  const agent = report.converted.find((item) => item.id === id);
  if (!agent) throw new Error(`agent ${id} not converted; got ${report.converted.map((item) => item.id).join(', ')}`);
  return parse(readFileSync(path.join(report.outDir, agent.output), 'utf8')) as AgentDefinition;
}
