import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { EventBus } from '../events/event-bus.js';
import type { MessengerEventName, MessengerListener } from '../events/messenger-events.js';
import { IdempotencyGuard, type SendOutcome } from '../idempotency/idempotency-guard.js';
import type { MessengerOtp } from '../otp/messenger-otp.js';
import { type OtpDelivery, OtpService } from '../otp/otp-service.js';
import type { ScheduledMessage } from '../policy/message-holds.js';
import { type MessengerSuppression, messengerSuppression } from '../policy/messenger-suppression.js';
import type { MiddlewareOperation } from '../policy/middleware.js';
import { type PlanRoute, PolicyChain, type PolicySession } from '../policy/policy-chain.js';
import { Poller } from '../polling/poller.js';
import type { Balance } from '../provider/v1/balance.js';
import type { BulkItem, BulkResult } from '../provider/v1/bulk-result.js';
import type { Logger } from '../provider/v1/logger.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { RoutePlan } from '../routing/route-plan.js';
import { RouteResolver } from '../routing/route-resolver.js';
import { AbortFanout } from '../runtime/abort-fanout.js';
import type { Clock } from '../runtime/clock.js';
import type { IdGenerator } from '../runtime/id-generator.js';
import { recordStatusReport } from '../status/record-status-report.js';
import { isFinalStatus } from '../status/status-order.js';
import type { StatusRecord, StatusStore } from '../status/status-store.js';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.js';
import type { WebhookHandler } from '../webhooks/webhook-handler.js';
import { WhatsappWindowTracker } from '../whatsapp/whatsapp-windows.js';
import type { CampaignOptions, CampaignSource, CampaignSummary } from './campaign.js';
import { type CampaignDelivery, CampaignEngine } from './campaign-engine.js';
import { estimatePlan, type MessageEstimate } from './message-estimate.js';
import { prepareMessage, recipientOf } from './message-preparation.js';
import type { MessageStatusReport, Messenger, PollingHandle, PollingOptions, SendOptions } from './messenger.js';
import { ProviderCaller } from './provider-caller.js';
import { asPesanError } from './provider-failure.js';
import { ResolvedMessengerOptions } from './resolved-messenger-options.js';
import { RouteExecutor } from './route-executor.js';

/** Route planning that moves round-robin positions: a real send, not an estimate. */
const ADVANCE = Object.freeze({ advance: true });

/** The {@link Messenger} implementation, resolved from the messenger's child container. */
@injectable()
export class MessengerService implements Messenger {
  private readonly inFlight = new Set<Promise<unknown>>();
  // Aborted when close() gives up waiting: every provider call carries this signal.
  private readonly shutdown = new AbortController();
  // Links each send's signal to the caller's and to `shutdown` without AbortSignal.any, which leaks in Node 20.
  private readonly links = new AbortFanout();
  private closing: Promise<void> | undefined;
  private readonly pollers = new Set<Poller>();

  constructor(
    @inject(ResolvedMessengerOptions) private readonly settings: ResolvedMessengerOptions,
    @inject(RouteResolver) private readonly resolver: RouteResolver,
    @inject(RouteExecutor) private readonly executor: RouteExecutor,
    @inject(CampaignEngine) private readonly campaigns: CampaignEngine,
    @inject(ProviderCaller) private readonly caller: ProviderCaller,
    @inject(IdempotencyGuard) private readonly idempotency: IdempotencyGuard,
    @inject(TOKENS.StatusStore) private readonly statuses: StatusStore,
    @inject(WebhookEndpoint) private readonly webhookSlot: WebhookEndpoint,
    @inject(TOKENS.EventBus) private readonly events: EventBus,
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(WhatsappWindowTracker) readonly whatsapp: WhatsappWindowTracker,
    @inject(OtpService) otpService: OtpService,
    @inject(PolicyChain) private readonly policies: PolicyChain,
  ) {
    this.providers = settings.providers;
    this.carriesWhatsapp = [...this.providers.values()].some((provider) =>
      provider.capabilities.channels.includes('whatsapp'),
    );
    this.suppression = messengerSuppression(policies.services.suppression, clock, settings.defaultRegion);
    const delivery: OtpDelivery = {
      plan: (message) => this.plan(message, false),
      deliver: (message, shown, signal) => this.deliver(message, signal, shown, 'otp'),
    };
    this.otp = {
      send: (input) =>
        this.trackWithSignal({ signal: input?.signal }, (signal) => otpService.send(input, delivery, signal)),
      verify: (input) => this.trackWithSignal({ signal: input?.signal }, (signal) => otpService.verify(input, signal)),
    };
  }

  readonly otp: MessengerOtp;

  readonly suppression: MessengerSuppression;

  readonly providers: ReadonlyMap<string, ProviderV1>;

  /** Whether any provider carries WhatsApp: only then does routing need the recipient's window. */
  private readonly carriesWhatsapp: boolean;

  send(input: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    return this.trackWithSignal(options, async (signal) => {
      let message: OutboundMessage;
      try {
        message = prepareMessage(input, this.settings);
      } catch (error) {
        throw this.failed(asPesanError(error), { to: recipientOf(input) });
      }
      const key = message.idempotencyKey;
      if (key === undefined) {
        // `prepareMessage` made `message` (with `withFields`): the messenger's own to key, without a second copy.
        message.idempotencyKey = this.ids.next();
        return this.deliver(message, signal);
      }
      const claim = await this.idempotency.claim(key, message);
      if (claim.kind === 'replay') return claim.result;
      const outcome = await this.deliver(message, signal).then(
        (result): SendOutcome => ({ ok: true, result }),
        (error: unknown): SendOutcome => ({ ok: false, error: asPesanError(error) }),
      );
      await claim.settle(outcome);
      if (outcome.ok) return outcome.result;
      throw outcome.error;
    });
  }

  sendBulk(inputs: readonly OutboundMessage[], options: SendOptions = {}): Promise<BulkResult> {
    return this.trackWithSignal(options, async (signal) => {
      if (!Array.isArray(inputs)) {
        throw new PesanError('INVALID_MESSAGE', { message: 'sendBulk needs an array of messages' });
      }
      const items: BulkItem[] = new Array(inputs.length);
      let credits: number | undefined;
      const summary = await this.campaigns.run({
        source: inputs,
        // Everything in flight at once: the list is in memory already.
        options: {
          window: Math.max(1, inputs.length),
          onResult: (item) => {
            if (item.ok) {
              items[item.index] = { ok: true, result: item.result };
              if (item.result.credits !== undefined) credits = (credits ?? 0) + item.result.credits;
            } else items[item.index] = { ok: false, error: item.error, to: item.to };
          },
        },
        signal,
        delivery: this.campaignDelivery,
        mode: { kind: 'bulk' },
      });
      return {
        items,
        totals: { sent: summary.sent, failed: summary.failed, ...(credits === undefined ? {} : { credits }) },
      };
    });
  }

  sendCampaign(source: CampaignSource, options: CampaignOptions = {}): Promise<CampaignSummary> {
    return this.trackWithSignal(options, (signal) =>
      this.campaigns.run({
        source,
        options,
        signal,
        delivery: this.campaignDelivery,
        mode: { kind: 'campaign', campaignId: options.campaignId ?? this.ids.next() },
      }),
    );
  }

  /** What sends of `sendBulk` and `sendCampaign` share with `send`: routing, the status store, events. */
  private readonly campaignDelivery: CampaignDelivery = {
    // Through the middleware; their afterSend runs as each message settles.
    plan: (message) => this.policies.planMessage(message, this.shutdown.signal, this.planRoute),
    // Without a middleware session (the common case) no async step of its own per message.
    succeeded: (result, message) => {
      const settling = this.policies.settleMessage(message, { ok: true, result });
      return settling ? settling.then(() => this.succeeded(result, message)) : this.succeeded(result, message);
    },
    failed: (error, context) => {
      void this.policies.settleMessage(context.message, { ok: false, error });
      return this.failed(error, context);
    },
  };

  private readonly planRoute: PlanRoute = (message, advance) => this.plan(message, advance);

  /** The route of a message planned without waiting (no WhatsApp window to look up). */
  private readonly planAtOnce = (message: OutboundMessage): RoutePlan => this.resolver.resolve(message, ADVANCE);

  async estimate(input: OutboundMessage): Promise<MessageEstimate> {
    this.assertOpen();
    const message = prepareMessage(input, this.settings);
    const session = await this.policies.begin(message, 'estimate', this.shutdown.signal, this.planRoute);
    const estimate = estimatePlan(session.plan, session.message, this.providers);
    return session.adjustments.length === 0 ? estimate : { ...estimate, adjustments: [...session.adjustments] };
  }

  async cancelScheduled(id: string): Promise<boolean> {
    return this.policies.holds.cancel(id);
  }

  async listScheduled(): Promise<ScheduledMessage[]> {
    return this.policies.holds.list();
  }

  getBalance(providerId: string): Promise<Balance> {
    return this.track(async () => {
      const provider = this.provider(providerId);
      const getBalance = provider.getBalance;
      if (!getBalance) {
        throw new PesanError('UNSUPPORTED', {
          message: `Provider "${providerId}" cannot report its balance`,
          provider: providerId,
        });
      }
      return this.caller.call(provider, this.shutdown.signal, (context) => getBalance.call(provider, context));
    });
  }

  getStatus(messageId: string, providerId?: string): Promise<MessageStatusReport | undefined> {
    return this.track(async () => {
      let record = await this.statuses.get(messageId, providerId);
      if (!record) return undefined;
      const provider = this.providers.get(record.provider);
      const getStatus = provider?.getStatus;
      if (provider && getStatus && !isFinalStatus(record.status)) {
        try {
          const report = await this.caller.call(provider, this.shutdown.signal, (context) =>
            getStatus.call(provider, messageId, context),
          );
          const applied = await recordStatusReport(this.statuses, provider.id, report, 'poll');
          if (applied.changed) this.events.emit('status', { ...applied, provider: provider.id });
          record = applied.record;
        } catch (error) {
          // What the store knows is still true: answer it, and say the refresh failed.
          const refreshError = asPesanError(error);
          this.logger.warn('pesan: status refresh failed; answering from the status store', {
            provider: provider.id,
            messageId,
            code: refreshError.code,
          });
          return { ...statusReportOf(record), refreshError };
        }
      }
      return statusReportOf(record);
    });
  }

  get webhooks(): WebhookHandler {
    if (!this.webhookSlot.handler) {
      throw new PesanError('INVALID_CONFIG', {
        message: 'messenger.webhooks needs a secret: pass webhooks: { token } (16+ characters) to createMessenger',
      });
    }
    return this.webhookSlot.handler;
  }

  startPolling(options: PollingOptions = {}): PollingHandle {
    this.assertOpen();
    const poller = new Poller({
      providers: [...this.providers.values()].filter((provider) => provider.pollInbound || provider.getStatus),
      statusStore: this.statuses,
      clock: this.clock,
      logger: this.logger,
      intervalMs: options.intervalMs ?? 30_000,
      statusBatch: options.statusBatch,
      since: options.since,
      events: {
        status: (event) => this.events.emit('status', event),
        inbound: (event) => {
          if (event.channel === 'whatsapp') void this.whatsapp.recordInboundQuietly(event.from, event.at);
          if (this.policies.active) {
            this.policies.inbound(event).catch((error: unknown) => {
              this.logger.error('pesan: a middleware failed on a polled inbound message', {
                provider: event.provider,
                error: String(error),
              });
            });
          }
          this.events.emit('inbound', event);
        },
      },
    });
    this.pollers.add(poller);
    poller.start();
    return {
      pollNow: () => poller.tick(),
      stop: async () => {
        this.pollers.delete(poller);
        await poller.stop();
      },
    };
  }

  on<Name extends MessengerEventName>(event: Name, listener: MessengerListener<Name>): () => void {
    return this.events.on(event, listener);
  }

  close(): Promise<void> {
    if (!this.closing) {
      // Held messages (sendAt, quiet hours) would otherwise keep close() waiting for hours.
      this.policies.holds.cancelAll(
        new PesanError('CLOSED', { message: 'The messenger was closed while the message was held' }),
      );
      this.closing = this.drain();
    }
    return this.closing;
  }

  private async drain(): Promise<void> {
    await Promise.all([...this.pollers].map((poller) => poller.stop()));
    this.pollers.clear();
    const pending = [...this.inFlight];
    if (pending.length > 0) {
      const timer = new AbortController();
      const drained = Promise.allSettled(pending).then(() => true);
      const timedOut = this.clock.sleep(this.settings.closeTimeoutMs, timer.signal).then(
        () => false,
        () => false,
      );
      const finished = await Promise.race([drained, timedOut]);
      timer.abort();
      if (!finished) {
        this.logger.warn('pesan: close() timed out; aborting sends in flight', { inFlight: this.inFlight.size });
        this.shutdown.abort(new PesanError('CLOSED', { message: 'The messenger was closed while sending' }));
      }
    }
    this.events.clear();
    await this.settings.container.dispose();
  }

  /**
   * Sends `message` along its route. Events, results and errors show
   * `shown` instead (an OTP message with its code masked); the providers get `message`.
   */
  private async deliver(
    message: OutboundMessage,
    signal: AbortSignal,
    shown = message,
    operation: MiddlewareOperation = 'send',
  ): Promise<SendResult> {
    let session: PolicySession | undefined;
    try {
      // The middleware (and a sendAt hold) run first; the route is the one of the message they leave.
      // Without middleware, a hold or WhatsApp windows to look up, the route is planned at once.
      session =
        (this.carriesWhatsapp ? undefined : this.policies.passThrough(message, this.planAtOnce)) ??
        (await this.policies.begin(message, operation, signal, this.planRoute));
      const sent = shown === message ? session.message : shown;
      const result = await this.executor.run(this.executor.start(session.plan, sent), signal);
      if (PolicyChain.settles(session)) await session.settle({ ok: true, result });
      await this.succeeded(result, sent);
      return result;
    } catch (error) {
      const failure = asPesanError(error);
      await session?.settle({ ok: false, error: failure });
      throw this.failed(failure, { to: message.to, message: shown });
    }
  }

  /** The route plan of `message`, with the recipient's WhatsApp window when it matters. */
  private async plan(message: OutboundMessage, advance: boolean): Promise<RoutePlan> {
    const whatsappWindow = this.carriesWhatsapp ? await this.whatsapp.stateForRouting(message) : undefined;
    return this.resolver.resolve(message, {
      advance,
      ...(whatsappWindow === undefined ? {} : { whatsappWindow }),
    });
  }

  private async succeeded(result: SendResult, message: OutboundMessage): Promise<void> {
    if (result.messageId) {
      try {
        await this.statuses.apply({
          messageId: result.messageId,
          provider: result.provider,
          to: result.to,
          status: result.status,
          scope: 'platform',
          vendorStatus: result.status,
          at: new Date(this.clock.now()),
          source: 'send',
        });
      } catch (error) {
        // The message is sent: a failing store must not turn that into an error.
        this.logger.error('pesan: the status store failed to record a send', {
          provider: result.provider,
          messageId: result.messageId,
          error: String(error),
        });
      }
    }
    this.events.emit('sent', { result, message });
  }

  private failed(error: PesanError, context: { to?: string; message?: OutboundMessage }): PesanError {
    this.events.emit('failed', { error, ...context });
    return error;
  }

  private provider(providerId: string): ProviderV1 {
    const provider = this.providers.get(providerId);
    if (!provider) {
      throw new PesanError('NO_ROUTE', {
        message: `No provider "${providerId}" (known: ${[...this.providers.keys()].join(', ')})`,
      });
    }
    return provider;
  }

  /**
   * `track` for a send: `work` gets a signal that aborts with the caller's
   * `options.signal` or when `close()` gives up, and is unlinked from both
   * when the work settles, so nothing stays behind on long-lived signals.
   */
  private trackWithSignal<T>(options: SendOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const caller = options.signal;
    if (!caller) return this.track(() => work(this.shutdown.signal));
    return this.track(async () => {
      const send = new AbortController();
      const unlinkCaller = this.links.link(caller, send);
      const unlinkShutdown = this.links.link(this.shutdown.signal, send);
      try {
        return await work(send.signal);
      } finally {
        unlinkCaller();
        unlinkShutdown();
      }
    });
  }

  private assertOpen(): void {
    if (this.closing) throw new PesanError('CLOSED');
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    try {
      this.assertOpen();
    } catch (error) {
      return Promise.reject(error);
    }
    const promise = work();
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}

function statusReportOf(record: StatusRecord): MessageStatusReport {
  return {
    messageId: record.messageId,
    provider: record.provider,
    status: record.status,
    scope: record.scope,
    vendorStatus: record.vendorStatus ?? record.status,
    to: record.to,
    at: record.updatedAt,
    history: record.history,
  };
}
