import type { Clock } from '../util/runtime-context.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit stays open before one probe is allowed. */
  cooldownMs: number;
  clock: Clock;
}

/**
 * Per-provider circuit breaker: after `failureThreshold` consecutive failures
 * the provider is skipped for `cooldownMs`; then exactly one probe call is let
 * through (half-open). Its success closes the circuit, its failure re-opens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private state: BreakerState = 'closed';
  private probeInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get currentState(): BreakerState {
    if (this.state === 'open' && this.options.clock.now() - this.openedAt >= this.options.cooldownMs) return 'half-open';
    return this.state;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Milliseconds until an open circuit allows its probe (0 when closed). */
  remainingCooldownMs(): number {
    if (this.state !== 'open') return 0;
    return Math.max(0, this.openedAt + this.options.cooldownMs - this.options.clock.now());
  }

  /** True when a call may go through now; in half-open state this reserves the single probe. */
  tryAcquire(): boolean {
    const state = this.currentState;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    if (this.probeInFlight) return false;
    this.state = 'half-open';
    this.probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.state = 'closed';
    this.probeInFlight = false;
  }

  recordFailure(): void {
    this.failures += 1;
    if (this.state === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.state = 'open';
      this.openedAt = this.options.clock.now();
    }
    this.probeInFlight = false;
  }

  /** The call ended without a verdict (aborted by the user): release a reserved probe. */
  release(): void {
    this.probeInFlight = false;
  }
}

/** One breaker per provider name; share one registry across calls so cooldowns persist. */
export class CircuitBreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly options: CircuitBreakerOptions) {}

  get(provider: string): CircuitBreaker {
    let breaker = this.breakers.get(provider);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options);
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }
}
