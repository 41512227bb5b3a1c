import { PesanError } from '../errors/pesan-error.js';
import type { Logger } from '../provider/v1/logger.js';
import type { MessageAdjustment } from '../provider/v1/message-adjustment.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { RoutePlan } from '../routing/route-plan.js';
import type { Clock } from '../runtime/clock.js';
import type { InboundEvent } from '../webhooks/webhook-handler.js';
import { MessageHolds } from './message-holds.js';
import type {
  Middleware,
  MiddlewareContext,
  MiddlewareOperation,
  MiddlewareOutcome,
  MiddlewareServices,
} from './middleware.js';
import { sendAtTime } from './send-at.js';
import type { SuppressionStore } from './suppression-store.js';

/** Plans a message's route: `advance: false` peeks (no rotation moves). */
export type PlanRoute = (message: OutboundMessage, advance: boolean) => Promise<RoutePlan>;

/** A message that went through the middleware: what to send, along which route. */
export interface PolicySession {
  readonly message: OutboundMessage;
  readonly plan: RoutePlan;
  /** What the middleware changed (also put on the result by `settle`). */
  readonly adjustments: readonly MessageAdjustment[];
  /** Runs every `afterSend` and puts the adjustments on the result. Never throws. */
  settle(outcome: MiddlewareOutcome): Promise<void>;
}

/** Options of {@link PolicyChain}. */
export interface PolicyChainOptions {
  readonly middleware: readonly Middleware[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly suppression: SuppressionStore;
  /** Validates a message a middleware returned, as the messenger validates input. */
  readonly prepare: (message: unknown) => OutboundMessage;
}

const settled: PolicySession['settle'] = async () => {};
const NO_ADJUSTMENTS: readonly MessageAdjustment[] = Object.freeze([]);

/**
 * Runs messages through the messenger's middleware (in array order) and the
 * `sendAt` hold, between validation and the first provider call. `send`,
 * `sendBulk`, `sendCampaign` and `otp.send` all come through here.
 */
export class PolicyChain {
  readonly holds: MessageHolds;
  readonly services: MiddlewareServices;
  private readonly middleware: readonly Middleware[];
  private readonly prepare: (message: unknown) => OutboundMessage;
  /** Sessions of bulk and campaign messages, found again by the message object when they settle. */
  private readonly sessions = new WeakMap<OutboundMessage, PolicySession>();
  private anonymous = 0;

  constructor(options: PolicyChainOptions) {
    this.middleware = [...options.middleware];
    this.prepare = options.prepare;
    this.holds = new MessageHolds(options.clock);
    this.services = { clock: options.clock, logger: options.logger, suppression: options.suppression };
  }

  /** Whether any middleware is configured. */
  get active(): boolean {
    return this.middleware.length > 0;
  }

  /**
   * Holds the message until its `sendAt`, runs every `beforeSend`, and plans
   * the route of the message they leave. Rejects with what refused it (and
   * has run the `afterSend`s of the middleware it reached).
   */
  async begin(
    message: OutboundMessage,
    operation: MiddlewareOperation,
    signal: AbortSignal,
    plan: PlanRoute,
  ): Promise<PolicySession> {
    const dryRun = operation === 'estimate';
    if (this.leavesAsIs(message)) {
      return { message, plan: await plan(message, !dryRun), adjustments: [], settle: settled };
    }
    let current = message;
    if (message.sendAt !== undefined) {
      const at = sendAtTime(message.sendAt, this.services.clock.now());
      const { sendAt: _sendAt, ...rest } = message;
      current = rest;
      if (!dryRun) {
        await this.holds.hold(
          { id: this.idOf(current), to: current.to, sendAt: new Date(at), reason: 'sendAt' },
          signal,
        );
      }
    }
    const adjustments: MessageAdjustment[] = [];
    const reached: { middleware: Middleware; context: MiddlewareContext }[] = [];
    const settle = (outcome: MiddlewareOutcome) => this.after(reached, adjustments, outcome);
    try {
      for (const middleware of this.middleware) {
        if (!middleware.beforeSend) {
          if (middleware.afterSend)
            reached.push({
              middleware,
              context: this.context(current, middleware, operation, signal, plan, adjustments),
            });
          continue;
        }
        const context = this.context(current, middleware, operation, signal, plan, adjustments);
        reached.push({ middleware, context });
        let returned: OutboundMessage | undefined;
        try {
          returned = (await middleware.beforeSend(context)) ?? undefined;
        } catch (error) {
          throw this.refusal(middleware, error, signal);
        }
        if (returned !== undefined && returned !== current) current = this.revalidate(returned, current, middleware);
      }
      return { message: current, plan: await plan(current, !dryRun), adjustments, settle };
    } catch (error) {
      await settle({
        ok: false,
        error: PesanError.isInstance(error) ? error : new PesanError('UNKNOWN', { cause: error }),
      });
      throw error;
    }
  }

  /**
   * {@link begin} without waiting, for a message nothing holds or changes (no
   * middleware, no `sendAt`) and a route planned at once by `plan`; `undefined`
   * when the chain has work to do (then call {@link begin}). Its `settle` does
   * nothing, and {@link settles} says so.
   */
  passThrough(message: OutboundMessage, plan: (message: OutboundMessage) => RoutePlan): PolicySession | undefined {
    if (!this.leavesAsIs(message)) return undefined;
    return { message, plan: plan(message), adjustments: NO_ADJUSTMENTS, settle: settled };
  }

  /** Whether `session.settle` has anything to do (it does not for a {@link passThrough} session). */
  static settles(session: PolicySession): boolean {
    return session.settle !== settled;
  }

  /**
   * {@link begin} for `sendBulk` and `sendCampaign`: answers the plan, and
   * keeps the session for {@link settleMessage} with the same message object.
   */
  async planMessage(message: OutboundMessage, signal: AbortSignal, plan: PlanRoute): Promise<RoutePlan> {
    if (this.leavesAsIs(message)) return plan(message, true);
    const session = await this.begin(message, 'bulk', signal, plan);
    this.sessions.set(message, session);
    return session.plan;
  }

  /**
   * The `afterSend`s of a message {@link planMessage} let through. Never
   * rejects. `undefined` when there are none (no middleware, no hold: most
   * campaigns), so such a message takes no async step here.
   */
  settleMessage(message: OutboundMessage | undefined, outcome: MiddlewareOutcome): Promise<void> | undefined {
    if (message === undefined || this.leavesAsIs(message)) return undefined;
    const session = this.sessions.get(message);
    if (!session) return undefined;
    this.sessions.delete(message);
    return session.settle(outcome);
  }

  /** Whether nothing applies to `message`: no middleware and no `sendAt` hold. */
  private leavesAsIs(message: OutboundMessage): boolean {
    return this.middleware.length === 0 && message.sendAt === undefined;
  }

  /** Every middleware's `onInbound`, in order. Rejects with the first failure (a webhook then answers 500). */
  async inbound(event: InboundEvent): Promise<void> {
    for (const middleware of this.middleware) {
      if (middleware.onInbound) await middleware.onInbound(event, this.services);
    }
  }

  private context(
    message: OutboundMessage,
    middleware: Middleware,
    operation: MiddlewareOperation,
    signal: AbortSignal,
    plan: PlanRoute,
    adjustments: MessageAdjustment[],
  ): MiddlewareContext {
    const dryRun = operation === 'estimate';
    let planned: Promise<RoutePlan> | undefined;
    return {
      ...this.services,
      message,
      operation,
      dryRun,
      signal,
      plan: () => {
        planned ??= plan(message, false);
        return planned;
      },
      holdUntil: async (at, reason) => {
        if (dryRun) return;
        await this.holds.hold(
          { id: this.idOf(message), to: message.to, sendAt: new Date(at), reason: reason || middleware.name },
          signal,
        );
      },
      adjust: (adjustment) => {
        adjustments.push({ ...adjustment, policy: adjustment.policy ?? middleware.name });
      },
    };
  }

  private idOf(message: OutboundMessage): string {
    return message.idempotencyKey ?? `held-${++this.anonymous}`;
  }

  /** A returned message, validated; it keeps the key the messenger claimed for it. */
  private revalidate(returned: unknown, current: OutboundMessage, middleware: Middleware): OutboundMessage {
    let message: OutboundMessage;
    try {
      message = this.prepare(returned);
    } catch (error) {
      if (!PesanError.isInstance(error)) throw error;
      throw error.with({
        message: `${error.message} (the message middleware "${middleware.name}" returned)`,
        details: { ...error.details, middleware: middleware.name },
      });
    }
    if (current.idempotencyKey === undefined) return message;
    return { ...message, idempotencyKey: current.idempotencyKey };
  }

  /** What a throwing `beforeSend` means: a refusal (`PesanError`), a cancellation, or a bug. */
  private refusal(middleware: Middleware, error: unknown, signal: AbortSignal): unknown {
    if (PesanError.isInstance(error)) return error;
    if (signal.aborted && error === signal.reason) return error;
    this.services.logger.error('pesan: a middleware threw something other than a PesanError', {
      middleware: middleware.name,
      error: String(error),
    });
    return new PesanError('INVALID_CONFIG', {
      message: `Middleware "${middleware.name}" threw ${describe(error)}: a bug in the middleware, not a send failure (nothing was sent)`,
      outcome: 'not_sent',
      cause: error,
      details: { middleware: middleware.name },
    });
  }

  private async after(
    reached: readonly { middleware: Middleware; context: MiddlewareContext }[],
    adjustments: readonly MessageAdjustment[],
    outcome: MiddlewareOutcome,
  ): Promise<void> {
    if (outcome.ok && adjustments.length > 0) {
      outcome.result.adjustments = [...(outcome.result.adjustments ?? []), ...adjustments];
    }
    for (const { middleware, context } of reached) {
      if (!middleware.afterSend) continue;
      try {
        await middleware.afterSend(context, outcome);
      } catch (error) {
        this.services.logger.error('pesan: a middleware failed after the send; the outcome stands', {
          middleware: middleware.name,
          error: String(error),
        });
      }
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? `"${error}"` : String(error);
}
