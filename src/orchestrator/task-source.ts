import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError } from '../util/errors.js';
import { MAX_TASK_MAP_BYTES, normalizeTaskMap, parseTaskMapText, type TaskItemInput, type TaskSpec } from './task-map.js';

/** The example task file, relative to a project root (and to the package). */
export const EXAMPLE_TASKS_PATH = path.join('examples', 'tasks.json');

/** Where the task map comes from: exactly one of these. */
export type TaskSourceSpec =
  | { kind: 'file'; file: string }
  | { kind: 'stdin' }
  | { kind: 'example' }
  | { kind: 'route'; text: string; files: string[]; top: number };

/** The slice of the router this module needs (`createRouter(...).route`). */
export interface TaskRouter {
  route(request: { text?: string; files?: readonly string[] }, options?: { top?: number }): {
    agents: { id: string; score: number; stage: string }[];
    abstained: boolean;
    bestScore: number;
    threshold: number;
  };
}

export interface LoadedTasks {
  tasks: TaskSpec[];
  /** Human description of where they came from (file path, "stdin", "route"). */
  source: string;
  /** For `--route`: the agents picked, best first, with score and stage. */
  routed?: { id: string; score: number; stage: string }[];
}

export interface TaskSourceEnv {
  root: string;
  readStdin: () => Promise<string>;
  /** Needed for the `route` source only. */
  router?: () => TaskRouter;
  idPrefix?: string;
}

/** Reads and validates the task map from its source; unsafe ids are refused here. */
export async function loadTasks(spec: TaskSourceSpec, env: TaskSourceEnv): Promise<LoadedTasks> {
  const options = env.idPrefix !== undefined ? { idPrefix: env.idPrefix } : {};
  switch (spec.kind) {
    case 'stdin':
      return { tasks: parseTaskMapText(await env.readStdin(), 'stdin', options), source: 'stdin' };
    case 'file': {
      const file = path.resolve(env.root, spec.file);
      return { tasks: parseTaskMapText(readTaskFile(file), spec.file, options), source: file };
    }
    case 'example': {
      const file = exampleTasksFile(env.root);
      return { tasks: parseTaskMapText(readTaskFile(file), file, options), source: file };
    }
    case 'route': {
      if (!env.router) throw new InvalidInputError('Routing is not available: no agent bundle was loaded.');
      const routed = routeToTaskMap(env.router(), spec);
      return { tasks: normalizeTaskMap(routed.map, 'route', options), source: 'route', routed: routed.agents };
    }
  }
}

/**
 * `--route "<text>"` / `--route-files <paths...>`: the router picks the agent(s);
 * each of the top `top` agents gets the text (and files) as one task. When the
 * router abstains the run is refused with what it saw, never guessed.
 */
export function routeToTaskMap(router: TaskRouter, spec: { text: string; files: string[]; top: number }): {
  map: Record<string, TaskItemInput[]>;
  agents: { id: string; score: number; stage: string }[];
} {
  const text = spec.text.trim();
  if (!text && spec.files.length === 0) throw new InvalidInputError('--route needs a task text and/or --route-files paths.');
  const result = router.route({ text, files: spec.files }, { top: spec.top });
  if (result.abstained || result.agents.length === 0) {
    throw new InvalidInputError(
      `No agent fits ${JSON.stringify(text.slice(0, 120))} (best score ${result.bestScore.toFixed(3)} is under the threshold ${result.threshold}). ` +
        `Rephrase, add --route-files, or name the agent in a task file (-f).`,
    );
  }
  const agents = result.agents.slice(0, spec.top).map((agent) => ({ id: agent.id, score: agent.score, stage: agent.stage }));
  const taskText = text || `Work on ${spec.files.join(', ')}`;
  const map: Record<string, TaskItemInput[]> = {};
  for (const agent of agents) map[agent.id] = [spec.files.length > 0 ? { text: taskText, files: spec.files } : taskText];
  return { map, agents };
}

/** The project's `examples/tasks.json`, else the one shipped in the package. */
export function exampleTasksFile(root: string): string {
  const local = path.join(root, EXAMPLE_TASKS_PATH);
  if (existsSync(local)) return local;
  const packaged = fileURLToPath(new URL('../../examples/tasks.json', import.meta.url));
  if (existsSync(packaged)) return packaged;
  throw new InvalidInputError(`No example task file: neither ${local} nor the packaged ${packaged} exists. Pass -f <tasks.json> instead.`);
}

function readTaskFile(file: string): string {
  if (!existsSync(file)) throw new InvalidInputError(`Task file ${file} does not exist. Pass -f <tasks.json>, -f - for stdin, --example or --route "<text>".`);
  const size = statSync(file).size;
  if (size > MAX_TASK_MAP_BYTES) throw new InvalidInputError(`Task file ${file} is ${size} bytes, over the ${MAX_TASK_MAP_BYTES}-byte limit; split it.`);
  return readFileSync(file, 'utf8');
}
