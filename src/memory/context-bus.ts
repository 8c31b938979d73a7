import type { Clock } from '../util/runtime-context.js';
import { assertSafeId } from '../util/safe-id.js';
import { sharingAllows, type MemoryPolicy } from './memory-policy.js';
import { redactValue } from './redact.js';

/** What a task publishes for others (SPEC §8): `publish({alias, agentId, data})`. */
export interface ContextMessage {
  alias: string;
  agentId: string;
  data: unknown;
  taskId?: string;
}

/** A message as delivered: redacted data, the time, and the publisher's sharing list. */
export interface ContextEnvelope extends ContextMessage {
  ts: string;
  /** The publisher's `sharing_policy.share_with` at publish time (gates delivery). */
  shareWith: readonly string[];
}

/** Who is listening: a reader alias (and agent id), optionally only from some publisher aliases. */
export interface ContextFilter {
  alias: string;
  agentId?: string;
  /** Only messages published by these aliases (still subject to their sharing policy). */
  from?: readonly string[];
}

export type ContextHandler = (message: ContextEnvelope) => void;

export interface ContextSubscription {
  unsubscribe(): Promise<void>;
}

/**
 * The context bus. Delivery is gated by the PUBLISHER's
 * `sharing_policy.share_with`: the same alias always receives, other aliases
 * (or agent ids) only if listed, or if the list holds `*`. Data is redacted by
 * the publisher's policy before it leaves `publish`. Delivery is asynchronous
 * in both backends; `subscribe` resolves once the subscription is live.
 */
export interface ContextBus {
  readonly kind: 'file' | 'redis';
  publish(message: ContextMessage): Promise<void>;
  subscribe(filter: ContextFilter, handler: ContextHandler): Promise<ContextSubscription>;
  close(): Promise<void>;
}

/** Validates ids and redacts: every backend builds envelopes with this. */
export function buildEnvelope(message: ContextMessage, policy: MemoryPolicy, clock: Clock): ContextEnvelope {
  assertSafeId('alias', message.alias);
  assertSafeId('agent id', message.agentId);
  if (message.taskId !== undefined) assertSafeId('task id', message.taskId);
  const envelope: ContextEnvelope = {
    alias: message.alias,
    agentId: message.agentId,
    data: redactValue(message.data, policy.redact),
    ts: new Date(clock.now()).toISOString(),
    shareWith: [...policy.shareWith],
  };
  if (message.taskId !== undefined) envelope.taskId = message.taskId;
  return envelope;
}

/** The delivery gate shared by every backend. */
export function deliverable(envelope: ContextEnvelope, filter: ContextFilter): boolean {
  if (filter.from && !filter.from.includes(envelope.alias)) return false;
  return sharingAllows(envelope.alias, { shareWith: envelope.shareWith }, filter.alias, filter.agentId);
}

/** Calls a handler without letting its exception break delivery to the others. */
export function safeDeliver(handler: ContextHandler, envelope: ContextEnvelope, onError: (error: unknown) => void): void {
  try {
    handler(envelope);
  } catch (error) {
    onError(error);
  }
}
