import { z } from 'zod';
import { InvalidInputError } from '../util/errors.js';
import { assertSafeId } from '../util/safe-id.js';

/**
 * The task map (SPEC §5): `{ "<aliasOrAgentId>": ["task", ...] }`. An item is
 * a string or `{ text, tools?, files?, priority?, id? }`; `tools` are the tools
 * the task asks for (checked by the tool policy).
 */

export const MAX_TASK_TEXT_LENGTH = 100_000;
export const MAX_TASKS_PER_MAP = 100_000;
export const MAX_TASK_MAP_BYTES = 20 * 1024 * 1024;

const PRIORITY_VALUES = { low: 25, medium: 50, high: 75 } as const;

const taskObjectSchema = z.strictObject({
  text: z.string().min(1).max(MAX_TASK_TEXT_LENGTH),
  tools: z.array(z.string().min(1).max(200)).max(200).optional(),
  files: z.array(z.string().min(1).max(4096)).max(1000).optional(),
  priority: z.union([z.number().min(0).max(100), z.enum(['low', 'medium', 'high'])]).optional(),
  id: z.string().optional(),
});

const taskItemSchema = z.union([z.string().min(1).max(MAX_TASK_TEXT_LENGTH), taskObjectSchema]);
const taskMapSchema = z.record(z.string(), z.array(taskItemSchema));

export type TaskItemInput = z.input<typeof taskItemSchema>;
export type TaskMap = Record<string, TaskItemInput[]>;

export interface TaskMapOptions {
  /** Prefix for generated task ids (e.g. the run id plus `-`). */
  idPrefix?: string;
}

/** One task after validation, with its id assigned. */
export interface TaskSpec {
  /** The key it was listed under: an alias from the config or an agent id. */
  aliasOrId: string;
  taskId: string;
  text: string;
  tools: string[];
  files: string[];
  /** 0..100, higher runs first under `queue_strategy: priority`; default 50. */
  priority: number;
  /** Position in the input, used for stable FIFO order and tie-breaks. */
  index: number;
}

/** Parses the JSON text of a task map (file or stdin) into validated task specs. */
export function parseTaskMapText(text: string, source: string, options: TaskMapOptions = {}): TaskSpec[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_TASK_MAP_BYTES) {
    throw new InvalidInputError(`Task file ${source} is larger than ${MAX_TASK_MAP_BYTES} bytes; split it into several runs.`, { source });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(
      `Task file ${source} is not valid JSON (${(error as Error).message}). Expected {"<alias>": ["task", ...]}.`,
      { source },
    );
  }
  return normalizeTaskMap(raw, source, options);
}

/**
 * Validates a task map and assigns task ids. Every alias key and explicit
 * task id must be a safe id: unsafe ones are refused here, before anything
 * runs. Tasks without an id get `<idPrefix>t<n>` (1-based position under
 * their alias); the orchestrator passes the run id as prefix so workspaces of
 * different runs do not collide.
 */
export function normalizeTaskMap(raw: unknown, source: string, options: TaskMapOptions = {}): TaskSpec[] {
  const parsed = taskMapSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new InvalidInputError(
      `Task map ${source} does not have the expected shape {"<alias>": ["task" | {text, tools?, files?, priority?, id?}, ...]}: ${problems}`,
      { source },
    );
  }
  const specs: TaskSpec[] = [];
  for (const [aliasOrId, items] of Object.entries(parsed.data)) {
    assertSafeId('alias', aliasOrId);
    const seen = new Set<string>();
    items.forEach((item, position) => {
      const object = typeof item === 'string' ? { text: item } : item;
      const taskId = object.id !== undefined ? assertSafeId('task id', object.id) : assertSafeId('task id', `${options.idPrefix ?? ''}t${position + 1}`);
      if (seen.has(taskId)) {
        throw new InvalidInputError(`Task id ${JSON.stringify(taskId)} appears twice under ${JSON.stringify(aliasOrId)} in ${source}; task ids must be unique per alias.`, {
          source,
        });
      }
      seen.add(taskId);
      if (!object.text.trim()) throw new InvalidInputError(`Task ${aliasOrId}/${taskId} in ${source} has empty text.`, { source });
      specs.push({
        aliasOrId,
        taskId,
        text: object.text,
        tools: [...new Set(object.tools ?? [])],
        files: object.files ?? [],
        priority: toPriorityNumber(object.priority),
        index: specs.length,
      });
      if (specs.length > MAX_TASKS_PER_MAP) {
        throw new InvalidInputError(`Task map ${source} has more than ${MAX_TASKS_PER_MAP} tasks; split it into several runs.`, { source });
      }
    });
  }
  if (specs.length === 0) throw new InvalidInputError(`Task map ${source} contains no tasks.`, { source });
  return specs;
}

function toPriorityNumber(value: number | 'low' | 'medium' | 'high' | undefined): number {
  if (value === undefined) return PRIORITY_VALUES.medium;
  return typeof value === 'number' ? value : PRIORITY_VALUES[value];
}
