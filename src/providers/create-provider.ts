import type { CodexFlowConfig, ProviderSettings } from '../config/config-schema.js';
import { InvalidInputError } from '../util/errors.js';
import type { Env } from '../util/runtime-context.js';
import { AnthropicProvider } from './anthropic-provider.js';
import { CliProvider } from './cli-provider.js';
import { CodexProvider } from './codex-provider.js';
import type { FetchLike } from './http-stream.js';
import { OfflineProvider } from './offline-provider.js';
import { OllamaProvider, OLLAMA_DEFAULT_URL } from './ollama-provider.js';
import { OpenAIProvider } from './openai-provider.js';
import { ProviderError, PROVIDER_ERROR_CODES } from './provider-error.js';
import { redactorFromEnv } from './redact-secrets.js';
import type { ModelProvider } from './types.js';

export const PROVIDER_NAMES = ['openai', 'anthropic', 'ollama', 'codex', 'cli', 'offline'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Everything a provider is built from: env and config are injected, never read globally. */
export interface ProviderEnvironment {
  env: Env;
  providersConfig?: CodexFlowConfig['providers'];
  /** Working directory for the cli provider. */
  cwd?: string;
  fetch?: FetchLike;
  /** Extra or replacement providers by name (tests, embedders). */
  factories?: Readonly<Record<string, (environment: ProviderEnvironment) => ModelProvider>>;
}

export function settingsOf(environment: ProviderEnvironment, name: string): ProviderSettings {
  const value = (environment.providersConfig as Record<string, unknown> | undefined)?.[name];
  return value && typeof value === 'object' ? (value as ProviderSettings) : {};
}

const nonEmpty = (value: string | undefined): string | undefined => (value && value.trim() !== '' ? value.trim() : undefined);

/**
 * Whether a provider has what it needs, and why (for "provider: X (why)").
 * Ollama is "configured" here when its URL or model is set; auto-detection
 * additionally probes it (see resolve-provider.ts).
 */
export function configurationOf(name: string, environment: ProviderEnvironment): { configured: boolean; why: string } {
  const env = environment.env;
  const s = settingsOf(environment, name);
  switch (name) {
    case 'openai':
      if (nonEmpty(env.OPENAI_API_KEY)) return { configured: true, why: 'OPENAI_API_KEY is set' };
      if (nonEmpty(env.OPENAI_API_BASE) ?? s.baseUrl) return { configured: true, why: 'OPENAI_API_BASE points at an OpenAI-compatible server (no key)' };
      return { configured: false, why: 'OPENAI_API_KEY is not set' };
    case 'anthropic':
      if (nonEmpty(env.ANTHROPIC_API_KEY)) return { configured: true, why: 'ANTHROPIC_API_KEY is set' };
      if (nonEmpty(env.ANTHROPIC_API_BASE) ?? s.baseUrl) return { configured: true, why: 'ANTHROPIC_API_BASE is set (no key)' };
      return { configured: false, why: 'ANTHROPIC_API_KEY is not set' };
    case 'ollama':
      return nonEmpty(env.OLLAMA_URL) ?? nonEmpty(env.OLLAMA_MODEL) ?? s.baseUrl ?? s.model
        ? { configured: true, why: 'OLLAMA_URL/OLLAMA_MODEL is set' }
        : { configured: false, why: `OLLAMA_URL is not set (default ${OLLAMA_DEFAULT_URL} is probed)` };
    case 'codex':
      return nonEmpty(env.CODEX_URL) ?? s.baseUrl ? { configured: true, why: 'CODEX_URL is set' } : { configured: false, why: 'CODEX_URL is not set' };
    case 'cli':
      return s.command ?? nonEmpty(env.RUN_CMD) ? { configured: true, why: s.command ? 'providers.cli.command is set' : 'RUN_CMD is set' } : { configured: false, why: 'RUN_CMD is not set' };
    case 'offline':
      return { configured: true, why: 'built in' };
    default:
      return environment.factories?.[name] ? { configured: true, why: 'registered provider' } : { configured: false, why: 'unknown provider' };
  }
}

function unknownProvider(name: string, environment: ProviderEnvironment): InvalidInputError {
  const names = [...PROVIDER_NAMES, ...Object.keys(environment.factories ?? {})];
  return new InvalidInputError(`Unknown provider ${JSON.stringify(name)}: use one of ${[...new Set(names)].join(', ')}.`, { provider: name });
}

/**
 * Builds one provider from env + config. Throws a ProviderError
 * (`E_PROVIDER_CONFIG`) naming the missing variable when it is not configured.
 */
export function createProvider(name: string, environment: ProviderEnvironment): ModelProvider {
  const factory = environment.factories?.[name];
  if (factory) return factory(environment);
  if (!(PROVIDER_NAMES as readonly string[]).includes(name)) throw unknownProvider(name, environment);
  const env = environment.env;
  const s = settingsOf(environment, name);
  const status = configurationOf(name, environment);
  if (!status.configured && name !== 'ollama') {
    throw new ProviderError(`Provider ${name} is not configured: ${status.why}. Set it, or pick another provider with --provider.`, {
      provider: name,
      code: PROVIDER_ERROR_CODES.config,
      retryable: false,
    });
  }
  const redact = redactorFromEnv(env);
  const common = {
    redact,
    ...(s.timeoutMs !== undefined ? { connectTimeoutMs: s.timeoutMs } : {}),
    ...(s.idleTimeoutMs !== undefined ? { idleTimeoutMs: s.idleTimeoutMs } : {}),
    ...(environment.fetch ? { fetch: environment.fetch } : {}),
  };
  const model = (envName: string) => nonEmpty(env[envName]) ?? s.model;
  const defined = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  switch (name as ProviderName) {
    case 'openai':
      return new OpenAIProvider({ ...common, ...defined({ apiKey: nonEmpty(env.OPENAI_API_KEY), baseUrl: nonEmpty(env.OPENAI_API_BASE) ?? s.baseUrl, model: model('OPENAI_MODEL'), api: s.api }) });
    case 'anthropic':
      return new AnthropicProvider({ ...common, ...defined({ apiKey: nonEmpty(env.ANTHROPIC_API_KEY), baseUrl: nonEmpty(env.ANTHROPIC_API_BASE) ?? s.baseUrl, model: model('ANTHROPIC_MODEL') }) });
    case 'ollama':
      return new OllamaProvider({ ...common, ...defined({ baseUrl: nonEmpty(env.OLLAMA_URL) ?? s.baseUrl ?? OLLAMA_DEFAULT_URL, model: model('OLLAMA_MODEL') }) });
    case 'codex':
      return new CodexProvider({ ...common, ...defined({ apiKey: nonEmpty(env.CODEX_API_KEY), baseUrl: nonEmpty(env.CODEX_URL) ?? s.baseUrl, model: s.model }) });
    case 'cli':
      return new CliProvider({
        command: (s.command ?? env.RUN_CMD) as string,
        env,
        redact,
        ...defined({ cwd: environment.cwd, timeoutMs: s.timeoutMs, maxOutputBytes: s.maxOutputBytes, allowedCommands: s.allowedCommands }),
      });
    case 'offline':
      return new OfflineProvider();
  }
}
