import type { ChatMessage, ModelRequest, RequestLimits } from '../providers/types.js';
import type { LazyAbortController } from './lazy-abort-controller.js';

/**
 * The request of one task attempt. `signal` is an own, enumerable accessor
 * (so `{ ...request }`, as the failover provider does, still carries the
 * signal) that creates the AbortSignal only when a provider reads it.
 *
 * Why a class and one shared accessor: an object literal with a getter (or a
 * getter closure per request) gives every request its own hidden class, which
 * cost ~1.5 µs per task in bench/orchestrator; one shared getter keeps a
 * single shape. The controller sits in a private field: invisible to spread,
 * `Object.keys`, JSON and test equality, like the closure it replaces.
 */
export class AttemptRequest implements ModelRequest {
  private static readonly signalProperty: PropertyDescriptor = {
    get(this: AttemptRequest): AbortSignal {
      return this.#controller.signal;
    },
    enumerable: true,
    configurable: true,
  };

  readonly #controller: LazyAbortController;
  // `declare`: no field initialisers, so the own keys come in the order the constructor assigns them
  declare agentId: string;
  declare alias: string;
  declare taskId: string;
  declare task: string;
  declare messages: ChatMessage[];
  declare signal: AbortSignal;
  declare limits: RequestLimits;

  constructor(agentId: string, alias: string, taskId: string, task: string, messages: ChatMessage[], limits: RequestLimits, controller: LazyAbortController) {
    this.#controller = controller;
    this.agentId = agentId;
    this.alias = alias;
    this.taskId = taskId;
    this.task = task;
    this.messages = messages;
    Object.defineProperty(this, 'signal', AttemptRequest.signalProperty);
    this.limits = limits;
  }
}
