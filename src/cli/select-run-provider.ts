import type { CodexFlowConfig } from '../config/config-schema.js';
import type { CostOf } from '../orchestrator/orchestrator-options.js';
import { OfflineProvider } from '../providers/offline-provider.js';
import type { ModelProvider } from '../providers/types.js';
import { InvalidInputError } from '../util/errors.js';
import type { Env } from '../util/runtime-context.js';

export interface RunProviderSelection {
  provider: ModelProvider;
  /** Why this provider: printed by the CLI and carried in the `run_plan` event. */
  reason: string;
  costOf?: CostOf;
}

export interface RunProviderRequest {
  requested: string | undefined;
  fallback: string | undefined;
  config: CodexFlowConfig;
  env: Env;
}

/**
 * Picks the provider for `run` (SPEC §6). Bridge to the providers module's
 * resolution: only `offline` is wired until it lands.
 */
export async function selectRunProvider(request: RunProviderRequest): Promise<RunProviderSelection> {
  const name = request.requested ?? request.env.RUNNER ?? request.config.providers.default;
  if (request.fallback) throw new InvalidInputError('--fallback is not wired into run yet (provider failover lands with the providers module).');
  if (name === undefined) return { provider: new OfflineProvider(), reason: 'no --provider, RUNNER or providers.default set: the built-in offline provider (simulated results)' };
  if (name === 'offline') return { provider: new OfflineProvider(), reason: request.requested ? '--provider offline' : request.env.RUNNER ? 'RUNNER=offline' : 'providers.default' };
  throw new InvalidInputError(`Provider ${JSON.stringify(name)} is not wired into run yet; use --provider offline.`);
}
