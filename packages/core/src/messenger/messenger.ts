import type { PesanError } from '../errors/pesan-error.js';
import type { MessengerEventName, MessengerListener } from '../events/messenger-events.js';
import type { MessengerOtp } from '../otp/messenger-otp.js';
import type { ScheduledMessage } from '../policy/message-holds.js';
import type { MessengerSuppression } from '../policy/messenger-suppression.js';
import type { Balance } from '../provider/v1/balance.js';
import type { BulkResult } from '../provider/v1/bulk-result.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { StatusReport } from '../provider/v1/status-report.js';
import type { StatusHistoryEntry } from '../status/status-store.js';
import type { WebhookHandler } from '../webhooks/webhook-handler.js';
import type { WhatsappWindows } from '../whatsapp/whatsapp-windows.js';
import type { CampaignOptions, CampaignSource, CampaignSummary } from './campaign.js';
import type { MessageEstimate } from './message-estimate.js';

/** Per-call options of `send` and `sendBulk`. */
export interface SendOptions {
  /** Aborts the send: no further provider or failover is tried. */
  signal?: AbortSignal;
}

/** What `getStatus` answers: the current status, who sent the message, and every report so far. */
export interface MessageStatusReport extends StatusReport {
  /** Provider instance id that sent the message. */
  provider: string;
  /** Every distinct report, oldest first; reports that arrived late are kept with `applied: false`. */
  history: StatusHistoryEntry[];
  /**
   * Set when the provider could not be asked for a fresher status: the rest
   * of the report is what the status store knew.
   */
  refreshError?: PesanError;
}

/** Options of `startPolling`. */
export interface PollingOptions {
  /** Time between polling rounds. Default 30 000 ms. */
  intervalMs?: number;
  /** Most pending messages asked about per provider and round. Default 50. */
  statusBatch?: number;
  /** Where the inbound cursor starts. Default: now. */
  since?: Date;
}

/** A running poller. */
export interface PollingHandle {
  /** Runs one round now (after the round in progress, if any). */
  pollNow(): Promise<void>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Sends through many providers behind one interface. Made by
 * `createMessenger` or `createMessengerFromConfig`.
 */
export interface Messenger {
  /** Providers by id. */
  readonly providers: ReadonlyMap<string, ProviderV1>;

  /**
   * Validates `message`, then sends it along the route with failover by the
   * delivery mode. Resolves when a provider accepted it; rejects with
   * `PesanError` (see the delivery semantics in the docs) otherwise. A second
   * send with the same `idempotencyKey` returns the first result and sends nothing.
   */
  send(message: OutboundMessage, options?: SendOptions): Promise<SendResult>;

  /**
   * Sends many messages, batching where the provider can. Resolves with one
   * item per input in input order; invalid or failed messages are failed
   * items, never a rejection.
   */
  sendBulk(messages: readonly OutboundMessage[], options?: SendOptions): Promise<BulkResult>;

  /**
   * Streams a campaign: `source` is an array, iterable or async iterable of
   * messages (a CSV parser's records), read only as fast as messages settle,
   * so memory is bounded by `options.window` messages in flight, never by
   * the campaign's length. Vendor batching, per-provider concurrency and
   * limits, and failover one by one for messages a batch did not take, as
   * `sendBulk`. Each message without an `idempotencyKey` gets
   * `${campaignId}:${index}`. `onResult` is called once per settled message;
   * the promise resolves with the summary (also after `signal` cancels), and
   * `resumeFrom: summary.lastSettledIndex + 1` with the same `campaignId`
   * resumes without sending anything twice. See {@link CampaignOptions}.
   */
  sendCampaign(source: CampaignSource, options?: CampaignOptions): Promise<CampaignSummary>;

  /**
   * Providers a send would try, encoding, segments, credits and cost; no
   * network. The middleware change the message as a send would (an `RM0 `
   * prefix, look-alikes replaced: see `adjustments`) but hold, count and
   * store nothing. Rejects on an invalid message.
   */
  estimate(message: OutboundMessage): Promise<MessageEstimate>;

  /**
   * The numbers that opted out: `add`, `remove`, `has`, `get`, `list`. The
   * `optOuts()` middleware fills it from inbound keywords and refuses sends
   * to them (`OPTED_OUT`).
   */
  readonly suppression: MessengerSuppression;

  /**
   * Cancels a message held by `sendAt` (or by quiet hours): its send rejects
   * with `CANCELLED` and nothing is sent. `id` is the message's
   * `idempotencyKey`. Resolves `false` when nothing with that id is held.
   */
  cancelScheduled(id: string): Promise<boolean>;

  /** The messages held in this process (`sendAt`, quiet hours), soonest first. */
  listScheduled(): Promise<ScheduledMessage[]>;

  /** The remaining credit at a provider. `UNSUPPORTED` when it cannot tell. */
  getBalance(providerId: string): Promise<Balance>;

  /**
   * The status of a message, from the status store (sends, webhooks and
   * polling write to it). When the status is not final and the provider can
   * be asked (`getStatus`), it is asked first and its answer applied.
   * `undefined` for a message id the store has never seen. Give
   * `providerId` when two providers may use the same id; without it the most
   * recently updated record with that id answers.
   */
  getStatus(messageId: string, providerId?: string): Promise<MessageStatusReport | undefined>;

  /**
   * The vendor-facing webhook endpoint: `handle(Request)`, `nodeListener()`
   * and `callbackUrl(providerId, base)`. Needs `webhooks: { token }` in the
   * options; reading it without one throws `INVALID_CONFIG`.
   */
  readonly webhooks: WebhookHandler;

  /**
   * The 24 h WhatsApp windows: `isWindowOpen(to)`, `window(to)` and
   * `recordInbound(from)`. Every inbound WhatsApp message that reaches
   * `webhooks` or polling opens its sender's window; `whatsappFirst` and a
   * cross-channel `cheapest` send free text by SMS when it is known closed.
   */
  readonly whatsapp: WhatsappWindows;

  /**
   * One-time passwords over the messenger's route: `send({ to })` and
   * `verify({ to, code })`. Needs `otp: { secret }` in the options; without
   * it both reject with `INVALID_CONFIG`.
   */
  readonly otp: MessengerOtp;

  /**
   * Polls providers without push: `pollInbound` for inbound messages (emitted
   * once each as `inbound` events) and `getStatus` for messages that are not
   * final (emitted as `status` events). Stops on `close()`.
   */
  startPolling(options?: PollingOptions): PollingHandle;

  /** Listens to an event; returns the function that stops listening. */
  on<Name extends MessengerEventName>(event: Name, listener: MessengerListener<Name>): () => void;

  /**
   * Stops accepting sends (later calls reject with `CLOSED`), waits for sends
   * in flight (at most `closeTimeoutMs`, then aborts them) and releases the
   * messenger's container. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}
