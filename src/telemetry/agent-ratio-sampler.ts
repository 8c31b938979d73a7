import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace-base';

/** Span attribute carrying the agent's `observability.tracing.sample_rate`. */
export const SAMPLE_RATE_ATTRIBUTE = 'codex_flow.sample_rate';

/**
 * A sampler that applies each agent's own `observability.tracing.sample_rate`
 * (passed as the {@link SAMPLE_RATE_ATTRIBUTE} start attribute) with the
 * standard TraceIdRatioBased algorithm, so the decision is consistent for a
 * trace id across processes.
 */
export class AgentRatioSampler implements Sampler {
  private readonly byRate = new Map<number, TraceIdRatioBasedSampler>();

  shouldSample(context: Context, traceId: string, _name: string, _kind: SpanKind, attributes: Attributes, _links: Link[]): SamplingResult {
    const raw = attributes[SAMPLE_RATE_ATTRIBUTE];
    const rate = typeof raw === 'number' && Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
    if (rate <= 0) return { decision: SamplingDecision.NOT_RECORD };
    let sampler = this.byRate.get(rate);
    if (!sampler) {
      sampler = new TraceIdRatioBasedSampler(rate);
      this.byRate.set(rate, sampler);
    }
    return sampler.shouldSample(context, traceId);
  }

  toString(): string {
    return 'AgentRatioSampler{observability.tracing.sample_rate per agent}';
  }
}
