import { deliverable, safeDeliver, type ContextEnvelope, type ContextFilter, type ContextHandler, type ContextSubscription } from './context-bus.js';

/** One `subscribe` call: what it listens for and where it is delivered. */
export interface ContextSubscriber {
  readonly filter: ContextFilter;
  readonly handler: ContextHandler;
}

/**
 * The subscribers a bus holds in this process, and delivery to them: the gate
 * (`deliverable`: the listener's `from` filter and the publisher's
 * `share_with`), a private copy per subscriber (so one cannot mutate what
 * another sees, as with Redis), and a throwing handler reported to `onError`
 * without stopping delivery to the others. Both backends deliver through this.
 */
export class ContextSubscribers {
  private readonly subscribers = new Set<ContextSubscriber>();

  add(filter: ContextFilter, handler: ContextHandler): ContextSubscription {
    const subscriber: ContextSubscriber = { filter, handler };
    this.subscribers.add(subscriber);
    return {
      unsubscribe: async () => {
        this.subscribers.delete(subscriber);
      },
    };
  }

  /** The subscribers the gate lets this envelope through to, at this moment. */
  matching(envelope: ContextEnvelope): ContextSubscriber[] {
    return [...this.subscribers].filter((subscriber) => deliverable(envelope, subscriber.filter));
  }

  /** Delivers a copy of `envelope` to each of `targets` that is still subscribed. */
  deliver(envelope: ContextEnvelope, targets: readonly ContextSubscriber[], onError: (error: unknown) => void): void {
    for (const target of targets) {
      if (this.subscribers.has(target)) safeDeliver(target.handler, structuredClone(envelope), onError);
    }
  }

  clear(): void {
    this.subscribers.clear();
  }
}
