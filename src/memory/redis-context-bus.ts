import type { Redis } from 'ioredis';
import type { Clock } from '../util/runtime-context.js';
import { buildEnvelope, type ContextBus, type ContextEnvelope, type ContextFilter, type ContextHandler, type ContextMessage, type ContextSubscription } from './context-bus.js';
import { ContextSubscribers } from './context-subscribers.js';
import type { MemoryPolicyResolver } from './memory-policy.js';
import { openRedis, closeRedis, redisUnavailable, type RedisSettings } from './redis-connection.js';

export interface RedisContextBusOptions {
  /** Connection used to PUBLISH (shared with the memory store). */
  client: Redis;
  settings: RedisSettings;
  clock: Clock;
  policyFor: MemoryPolicyResolver;
  onHandlerError?: (error: unknown) => void;
}

/** `<prefix>bus`: the one pub/sub channel; gating happens on delivery, as in the in-process bus. */
export function redisBusChannel(prefix: string): string {
  return `${prefix}bus`;
}

/** Context bus over Redis pub/sub: works across processes and machines sharing MEM_REDIS_URL. */
export class RedisContextBus implements ContextBus {
  readonly kind = 'redis' as const;
  private readonly subscribers = new ContextSubscribers();
  private subscriberClient: Promise<Redis> | undefined;

  constructor(private readonly options: RedisContextBusOptions) {}

  async publish(message: ContextMessage): Promise<void> {
    const envelope = buildEnvelope(message, this.options.policyFor(message.alias), this.options.clock);
    try {
      await this.options.client.publish(redisBusChannel(this.options.settings.prefix), JSON.stringify(envelope));
    } catch (error) {
      throw redisUnavailable(this.options.settings.url, error);
    }
  }

  async subscribe(filter: ContextFilter, handler: ContextHandler): Promise<ContextSubscription> {
    await this.listen();
    return this.subscribers.add(filter, handler);
  }

  async close(): Promise<void> {
    this.subscribers.clear();
    const pending = this.subscriberClient;
    this.subscriberClient = undefined;
    const client = pending ? await pending.catch(() => undefined) : undefined;
    if (client) await closeRedis(client);
  }

  /** Opens the dedicated subscriber connection once and SUBSCRIBEs to the channel. */
  private listen(): Promise<Redis> {
    this.subscriberClient ??= (async () => {
      const { settings } = this.options;
      const client = await openRedis(settings.url, 'bus-subscriber');
      const channel = redisBusChannel(settings.prefix);
      client.on('message', (received: string, payload: string) => {
        if (received === channel) this.dispatch(payload);
      });
      try {
        await client.subscribe(channel);
      } catch (error) {
        client.disconnect();
        throw redisUnavailable(settings.url, error);
      }
      return client;
    })();
    const pending = this.subscriberClient;
    pending.catch(() => {
      if (this.subscriberClient === pending) this.subscriberClient = undefined;
    });
    return pending;
  }

  private dispatch(payload: string): void {
    let envelope: ContextEnvelope;
    try {
      envelope = JSON.parse(payload) as ContextEnvelope;
    } catch {
      return;
    }
    if (!envelope || typeof envelope.alias !== 'string' || !Array.isArray(envelope.shareWith)) return;
    this.subscribers.deliver(envelope, this.subscribers.matching(envelope), this.options.onHandlerError ?? (() => undefined));
  }
}
