import type { Clock } from '../util/runtime-context.js';
import { buildEnvelope, type ContextBus, type ContextFilter, type ContextHandler, type ContextMessage, type ContextSubscription } from './context-bus.js';
import { ContextSubscribers } from './context-subscribers.js';
import type { MemoryPolicyResolver } from './memory-policy.js';

/** The embedded bus (paired with the file memory backend): in-process pub/sub, delivered on a later tick. */
export class InProcessContextBus implements ContextBus {
  readonly kind = 'file' as const;
  private readonly subscribers = new ContextSubscribers();

  constructor(
    private readonly policyFor: MemoryPolicyResolver,
    private readonly clock: Clock,
    private readonly onHandlerError: (error: unknown) => void = () => undefined,
  ) {}

  async publish(message: ContextMessage): Promise<void> {
    const envelope = buildEnvelope(message, this.policyFor(message.alias), this.clock);
    const targets = this.subscribers.matching(envelope);
    if (targets.length === 0) return;
    setImmediate(() => this.subscribers.deliver(envelope, targets, this.onHandlerError));
  }

  async subscribe(filter: ContextFilter, handler: ContextHandler): Promise<ContextSubscription> {
    return this.subscribers.add(filter, handler);
  }

  async close(): Promise<void> {
    this.subscribers.clear();
  }
}
