import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import type { Logger } from '../provider/v1/logger.js';
import type { MessengerEventMap, MessengerEventName, MessengerListener } from './messenger-events.js';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

interface Subscription {
  // Stored loosely: `on` guarantees each listener only gets its own event's payload.
  readonly listener: (payload: never) => unknown;
}

/**
 * Typed publish/subscribe for messenger events. Listeners run synchronously in
 * subscription order; a listener that throws, or returns a promise that
 * rejects, is logged and never disturbs a send or the other listeners.
 */
@injectable()
export class EventBus {
  private readonly subscriptions = new Map<MessengerEventName, Subscription[]>();

  constructor(@inject(TOKENS.Logger) private readonly logger: Logger) {}

  /** Subscribes; returns a function that unsubscribes (calling it twice is harmless). */
  on<Name extends MessengerEventName>(event: Name, listener: MessengerListener<Name>): () => void {
    const subscription: Subscription = { listener };
    this.subscriptions.set(event, [...(this.subscriptions.get(event) ?? []), subscription]);
    return () => {
      const current = this.subscriptions.get(event) ?? [];
      this.subscriptions.set(
        event,
        current.filter((entry) => entry !== subscription),
      );
    };
  }

  /** Calls every listener of `event`. Never throws. */
  emit<Name extends MessengerEventName>(event: Name, payload: MessengerEventMap[Name]): void {
    // A snapshot, so a listener that unsubscribes (or subscribes) mid-emit does not skip anyone.
    const listeners = this.subscriptions.get(event) ?? [];
    for (const { listener } of listeners) {
      try {
        const returned = (listener as MessengerListener<Name>)(payload);
        if (isThenable(returned)) returned.then(undefined, (error: unknown) => this.report(event, error));
      } catch (error) {
        this.report(event, error);
      }
    }
  }

  /** Number of listeners of `event`. */
  listenerCount(event: MessengerEventName): number {
    return this.subscriptions.get(event)?.length ?? 0;
  }

  /** Drops every listener (on close). */
  clear(): void {
    this.subscriptions.clear();
  }

  private report(event: MessengerEventName, error: unknown): void {
    try {
      this.logger.error('pesan: an event listener failed', {
        event,
        error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error,
      });
    } catch {
      // A broken logger must not break a send either.
    }
  }
}
