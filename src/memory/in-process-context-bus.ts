import type { Clock } from '../util/runtime-context.js';
import {
  buildEnvelope,
  deliverable,
  safeDeliver,
  type ContextBus,
  type ContextEnvelope,
  type ContextFilter,
  type ContextHandler,
  type ContextMessage,
  type ContextSubscription,
} from './context-bus.js';
import type { MemoryPolicyResolver } from './memory-policy.js';

interface Subscriber {
  filter: ContextFilter;
  handler: ContextHandler;
}

/** The embedded bus (paired with the file memory backend): in-process pub/sub, delivered on a later tick. */
export class InProcessContextBus implements ContextBus {
  readonly kind = 'file' as const;
  private readonly subscribers = new Set<Subscriber>();

  constructor(
    private readonly policyFor: MemoryPolicyResolver,
    private readonly clock: Clock,
    private readonly onHandlerError: (error: unknown) => void = () => undefined,
  ) {}

  async publish(message: ContextMessage): Promise<void> {
    const envelope = buildEnvelope(message, this.policyFor(message.alias), this.clock);
    const targets = [...this.subscribers].filter((subscriber) => deliverable(envelope, subscriber.filter));
    if (targets.length === 0) return;
    setImmediate(() => {
      for (const target of targets) {
        if (this.subscribers.has(target)) safeDeliver(target.handler, copy(envelope), this.onHandlerError);
      }
    });
  }

  async subscribe(filter: ContextFilter, handler: ContextHandler): Promise<ContextSubscription> {
    const subscriber: Subscriber = { filter, handler };
    this.subscribers.add(subscriber);
    return {
      unsubscribe: async () => {
        this.subscribers.delete(subscriber);
      },
    };
  }

  async close(): Promise<void> {
    this.subscribers.clear();
  }
}

/** Each subscriber gets its own copy, as with Redis, so one cannot mutate what another sees. */
function copy(envelope: ContextEnvelope): ContextEnvelope {
  return structuredClone(envelope);
}
