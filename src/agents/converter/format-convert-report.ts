import type { ConvertReport } from './convert-types.js';

/** Human-readable, per-file summary of a conversion (the CLI prints it). */
export function formatConvertReport(report: ConvertReport, options: { outDisplay: string; check: boolean }): string {
  const lines: string[] = [];
  for (const agent of report.converted) {
    const notes: string[] = [];
    if (agent.renamedFrom) notes.push(`duplicate of ${agent.renamedFrom}, renamed`);
    if (agent.unknownTools.length > 0) notes.push(`unknown tools: ${agent.unknownTools.join(', ')}`);
    if (agent.unknownKeys.length > 0) notes.push(`unknown keys kept: ${agent.unknownKeys.join(', ')}`);
    lines.push(`  ok    ${agent.file} → ${agent.output}${notes.length > 0 ? `  (${notes.join('; ')})` : ''}`);
  }
  for (const item of report.skipped) lines.push(`  skip  ${item.file}: ${item.reason}`);
  for (const item of report.errors) lines.push(`  error ${item.file}${item.line === undefined ? '' : `:${item.line}`}: ${item.reason}`);
  for (const duplicate of report.duplicates) {
    lines.push(`  dup   ${duplicate.id}: ${duplicate.files.map((file, index) => `${file} → ${duplicate.resolvedAs[index] ?? '?'}`).join(', ')}`);
  }
  const state = options.check ? (report.changed ? 'STALE: run codex-flow convert' : 'up to date') : report.changed ? 'published' : 'unchanged (nothing written)';
  lines.push(
    `${report.converted.length} converted, ${report.skipped.length} skipped, ${report.errors.length} errors, ${report.duplicates.length} duplicate ids → ${options.outDisplay}: ${state}`,
  );
  return `${lines.join('\n')}\n`;
}
