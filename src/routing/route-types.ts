/** Public types of the router (SPEC §4). */

export type RouteStage = 'file' | 'keyword' | 'regex' | 'semantic';

/** A request to route: free text and/or file paths. */
export interface RouteRequest {
  text?: string;
  files?: readonly string[];
}

/** One contribution to an agent's score, for `--explain`. */
export interface RouteReason {
  stage: RouteStage | 'reliability' | 'penalty';
  /** What hit: the keyword, regex pattern, glob, matched terms, or penalty key. */
  match: string;
  /** Signed contribution to the final score (already weighted). */
  contribution: number;
  /** Extra detail (e.g. the file a glob matched). */
  detail?: string;
}

export interface RoutedAgent {
  id: string;
  score: number;
  /** The stage that contributed most to this agent's score. */
  stage: RouteStage;
  reasons: RouteReason[];
}

export interface RouteResult {
  /** Ranked, best first, at most `top`; empty when the router abstains. */
  agents: RoutedAgent[];
  /** True when no agent reached the confidence threshold ("no agent fits"). */
  abstained: boolean;
  /** Best score seen (also when abstaining), for explanation. */
  bestScore: number;
  threshold: number;
}

/** A problem found while compiling the bundle's routing rules (reported at load, never at route time). */
export interface RouterProblem {
  stage: 'keyword' | 'regex' | 'file';
  pattern: string;
  agents: string[];
  message: string;
}
