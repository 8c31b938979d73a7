import type { Env } from '../util/runtime-context.js';

export interface OtlpTraceTarget {
  /** Full URL spans are POSTed to (…/v1/traces). */
  url: string;
  headers: Record<string, string>;
  serviceName: string;
  /** Per-export timeout (`OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` / `OTEL_EXPORTER_OTLP_TIMEOUT`, ms); default 5,000. */
  timeoutMs: number;
}

export const DEFAULT_OTLP_TIMEOUT_MS = 5_000;

/**
 * Where to export traces, from the standard OpenTelemetry variables in the
 * injected env: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is) or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`), headers from
 * `OTEL_EXPORTER_OTLP_TRACES_HEADERS` / `OTEL_EXPORTER_OTLP_HEADERS`
 * (`k=v,k2=v2`, URL-encoded), `OTEL_SERVICE_NAME`, the timeouts. Undefined (tracing off)
 * when neither endpoint is set, or `OTEL_SDK_DISABLED=true`, or
 * `OTEL_TRACES_EXPORTER=none`.
 */
export function otlpTraceTarget(env: Env): OtlpTraceTarget | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const baseEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  let url: string | undefined;
  if (tracesEndpoint) url = tracesEndpoint;
  else if (baseEndpoint) url = `${baseEndpoint.replace(/\/+$/, '')}/v1/traces`;
  if (!url) return undefined;
  return {
    url,
    headers: { ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) },
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'codex-flow',
    timeoutMs: positiveInt(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ?? positiveInt(env.OTEL_EXPORTER_OTLP_TIMEOUT) ?? DEFAULT_OTLP_TIMEOUT_MS,
  };
}

function positiveInt(raw: string | undefined): number | undefined {
  const value = raw === undefined ? Number.NaN : Number(raw.trim());
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

function parseHeaders(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!raw) return headers;
  for (const pair of raw.split(',')) {
    const index = pair.indexOf('=');
    if (index <= 0) continue;
    const key = safeDecode(pair.slice(0, index).trim());
    const value = safeDecode(pair.slice(index + 1).trim());
    if (key) headers[key] = value;
  }
  return headers;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
