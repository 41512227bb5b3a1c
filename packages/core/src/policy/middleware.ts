import type { PesanError } from '../errors/pesan-error.js';
import type { Logger } from '../provider/v1/logger.js';
import type { MessageAdjustment } from '../provider/v1/message-adjustment.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { RoutePlan } from '../routing/route-plan.js';
import type { Clock } from '../runtime/clock.js';
import type { InboundEvent } from '../webhooks/webhook-handler.js';
import type { SuppressionStore } from './suppression-store.js';

/**
 * What runs a message through the middleware: `send`; `bulk` (`sendBulk` and
 * `sendCampaign`); `otp` (`messenger.otp.send`); `estimate` (a dry run: see
 * {@link MiddlewareContext.dryRun}).
 */
export type MiddlewareOperation = 'send' | 'bulk' | 'otp' | 'estimate';

/** The messenger's services a middleware may use, outside any one send too. */
export interface MiddlewareServices {
  /** The messenger's clock: read time through it, so tests can fake it. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** The messenger's suppression list (`messenger.suppression`, `stores.suppression`). */
  readonly suppression: SuppressionStore;
}

/** One message on its way through the middleware. The same object reaches `afterSend`. */
export interface MiddlewareContext extends MiddlewareServices {
  /** The message: validated, recipient in E.164, as the middleware before this one left it. */
  readonly message: OutboundMessage;
  readonly operation: MiddlewareOperation;
  /**
   * `true` for `estimate()`: change the message as a send would (so the
   * estimate counts it), but hold nothing, count nothing, store nothing.
   * Refusing is fine: `estimate` rejects as `send` would.
   */
  readonly dryRun: boolean;
  /** Aborts when the send is cancelled or the messenger closes. */
  readonly signal: AbortSignal;
  /** The route this message would take now (providers in order, skipped ones with why). Never advances a rotation. */
  plan(): Promise<RoutePlan>;
  /**
   * Holds the send until `at` (milliseconds since the epoch) on the
   * messenger's clock; cancellable with `messenger.cancelScheduled(id)`
   * (rejects with `CANCELLED`), and by the send's signal. Resolves at once
   * in a dry run or when `at` has passed.
   */
  holdUntil(at: number, reason: string): Promise<void>;
  /** Reports a change to the message on the result (`SendResult.adjustments`) and the estimate. */
  adjust(adjustment: Omit<MessageAdjustment, 'policy'> & { policy?: string }): void;
}

/** What a send came to, as `afterSend` sees it. */
export type MiddlewareOutcome = { ok: true; result: SendResult } | { ok: false; error: PesanError };

/**
 * A sending policy. Each message goes through the messenger's middleware in
 * array order after it is validated and before any provider is called, for
 * `send`, `sendBulk`, `sendCampaign` and `messenger.otp.send` alike.
 *
 * - `beforeSend` may return a changed message (it is validated again and
 *   the route planned again), return nothing to keep it, throw a
 *   `PesanError` to refuse it (nothing is sent or billed; the error is what
 *   the caller gets), or `await context.holdUntil(...)` to delay it.
 * - `afterSend` sees the result or the error; it cannot change them, and what
 *   it throws is logged.
 * - `onInbound` sees every inbound message (webhooks before the vendor is
 *   answered, and polling).
 *
 * A middleware that throws anything but a `PesanError` has a bug: the send
 * fails with `INVALID_CONFIG` naming it (outcome `not_sent`), not as a
 * delivery failure.
 *
 * @example
 * ```ts
 * const noSalesOnSunday: Middleware = {
 *   name: 'noSalesOnSunday',
 *   beforeSend({ message, clock }) {
 *     const sunday = new Date(clock.now()).getUTCDay() === 0;
 *     if (sunday && message.category === 'promotional') {
 *       throw new PesanError('INVALID_MESSAGE', { message: 'No promotions on Sunday' });
 *     }
 *     return { ...message, metadata: { ...message.metadata, checkedAt: clock.now() } };
 *   },
 * };
 * ```
 */
export interface Middleware {
  /** Shown in errors, logs and `adjustments`. */
  readonly name: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: a middleware that keeps the message returns nothing.
  beforeSend?(context: MiddlewareContext): OutboundMessage | void | Promise<OutboundMessage | void>;
  afterSend?(context: MiddlewareContext, outcome: MiddlewareOutcome): void | Promise<void>;
  onInbound?(event: InboundEvent, services: MiddlewareServices): void | Promise<void>;
}
