import type { RouteResult } from './route-types.js';

/** Human-readable routing result; with `explain`, every contribution. */
export function formatRouteResult(result: RouteResult, explain: boolean): string {
  if (result.abstained) {
    return `No agent fits this task (best score ${result.bestScore} is below the threshold ${result.threshold}).\n`;
  }
  const lines: string[] = [];
  result.agents.forEach((agent, index) => {
    lines.push(`${index + 1}. ${agent.id}  score ${agent.score}  (${agent.stage})`);
    if (!explain) return;
    for (const reason of agent.reasons) {
      const sign = reason.contribution >= 0 ? '+' : '';
      const detail = reason.detail ? `  [${reason.detail}]` : '';
      lines.push(`     ${reason.stage.padEnd(11)} ${sign}${reason.contribution}  ${JSON.stringify(reason.match)}${detail}`);
    }
  });
  if (explain) lines.push(`(threshold ${result.threshold})`);
  return `${lines.join('\n')}\n`;
}

/** The batch line: `{"agents":[{"id","score","stage"}]}`. */
export function batchLine(result: RouteResult): string {
  return JSON.stringify({ agents: result.agents.map((a) => ({ id: a.id, score: a.score, stage: a.stage })) });
}
