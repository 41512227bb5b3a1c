import type { PesanError } from '../errors/pesan-error.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { InboundEvent, StatusEvent } from '../webhooks/webhook-handler.js';

export type { InboundEvent, StatusEvent } from '../webhooks/webhook-handler.js';

/** One provider or endpoint tried (or skipped) for a message. */
export interface AttemptEvent {
  attempt: Attempt;
  /** Recipient in E.164; absent for a bulk request that carried many messages. */
  to?: string;
  /** The message's idempotency key (the caller's, or one the messenger made up). */
  idempotencyKey?: string;
}

/** A message a provider accepted. */
export interface SentEvent {
  result: SendResult;
  message: OutboundMessage;
}

/** A message that could not be sent (validation, no route, or every provider failed). */
export interface FailedEvent {
  error: PesanError;
  /** Recipient as given, or in E.164 once it was validated. */
  to?: string;
  /** The validated message; absent when the input itself was invalid. */
  message?: OutboundMessage;
}

/** The messenger moved from one provider to the next after an error. */
export interface FailoverEvent {
  /** Provider that failed. */
  from: string;
  /** Provider tried next (the same one for an idempotent retry). */
  to: string;
  /** Why `from` failed. */
  error: PesanError;
  message: OutboundMessage;
}

/** State of one endpoint's circuit breaker. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** An endpoint's circuit breaker changed state. */
export interface CircuitEvent {
  provider: string;
  /** Origin of the endpoint. */
  endpoint: string;
  from: CircuitState;
  to: CircuitState;
  at: Date;
}

/**
 * Every event `messenger.on(...)` can listen to, with its payload. `status`
 * and `inbound` come from webhooks and polling.
 */
export interface MessengerEventMap {
  attempt: AttemptEvent;
  sent: SentEvent;
  failed: FailedEvent;
  failover: FailoverEvent;
  circuit: CircuitEvent;
  status: StatusEvent;
  inbound: InboundEvent;
}

/** A messenger event name. */
export type MessengerEventName = keyof MessengerEventMap;

/**
 * A listener. It may be async; what it throws or rejects with is logged, never
 * passed to the sender. What it returns is ignored (a promise is only watched
 * for rejection), so `(event) => list.push(event)` is a listener too.
 */
export type MessengerListener<Name extends MessengerEventName> = (payload: MessengerEventMap[Name]) => unknown;
