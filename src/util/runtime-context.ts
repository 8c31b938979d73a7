/**
 * Side effects live at the edges: the clock, the project root and the
 * environment are injected through this context so the core is testable
 * without globals.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type Env = Readonly<Record<string, string | undefined>>;

export interface RuntimeContext {
  /** Project root: every relative path (bundle, data/, .runs/) resolves against it. */
  root: string;
  env: Env;
  clock: Clock;
}

export function defaultContext(overrides: Partial<RuntimeContext> = {}): RuntimeContext {
  return {
    root: overrides.root ?? process.cwd(),
    env: overrides.env ?? process.env,
    clock: overrides.clock ?? systemClock,
  };
}
