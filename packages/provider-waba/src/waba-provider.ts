import {
  type Capabilities,
  type Clock,
  defineCapabilities,
  type OutboundMessage,
  type ProviderV1,
  providerFailure,
  providerMessage,
  type SegmentInfo,
  type SendContext,
  type SendResult,
  systemClock,
  VendorConnection,
  type WebhookEvent,
  type WebhookRequest,
} from '@pesan/core';
import { readWabaAnswer } from './waba-answer.js';
import { WABA_VENDOR } from './waba-errors.js';
import {
  parseWabaOptions,
  type ResolvedWabaOptions,
  WABA_DEFAULT_BASE_URLS,
  WABA_SEND_PATH,
  type WabaOptions,
} from './waba-options.js';
import { WABA_MAX_TEXT_LENGTH, wabaRequest } from './waba-request.js';
import { wabaSegments } from './waba-segments.js';
import { parseWabaWebhook } from './waba-webhook.js';

/**
 * What the provider carries: WhatsApp only (templates, free text, files),
 * inbound messages and delivery statuses through its webhook. No SMS, no
 * balance (the vendor documents no WhatsApp balance), no status queries, no
 * batching.
 */
export const WABA_CAPABILITIES: Readonly<Capabilities> = defineCapabilities({
  channels: ['whatsapp'],
  templates: true,
  files: true,
  deliveryReports: true,
  inbound: true,
  // A free-text WhatsApp message carries at most 4096 characters.
  maxCharacters: WABA_MAX_TEXT_LENGTH,
});

/**
 * The WhatsApp Business API provider of iSMS / iwsapp.my (`type: 'waba'`).
 * Build it with {@link waba}.
 *
 * Sends templates, free text and files through `isms_send_waba.php` (JSON
 * POST), trying the documented origins in order as far as the delivery mode
 * allows, and reads the vendor's base64 webhooks (inbound messages and
 * delivery statuses).
 */
export class WabaProvider implements ProviderV1 {
  readonly specVersion = 'v1' as const;
  readonly type = 'waba';
  readonly id: string;
  readonly capabilities = WABA_CAPABILITIES;

  readonly #options: ResolvedWabaOptions;
  readonly #connection: VendorConnection;
  readonly #clock: Clock;

  constructor(options: ResolvedWabaOptions) {
    this.#options = options;
    this.id = options.id;
    this.#clock = options.clock ?? systemClock;
    this.#connection = new VendorConnection({
      provider: options.id,
      vendor: WABA_VENDOR,
      origins: options.baseUrls ?? WABA_DEFAULT_BASE_URLS,
      timeoutMs: options.timeoutMs,
      transport: options.transport,
      dispatcher: options.dispatcher,
      clock: options.clock,
      logger: options.logger,
      secrets: [options.appSecret, options.password],
    });
  }

  /** One WhatsApp message, whatever the text's length (see `wabaSegments`). Never calls the network. */
  segments(msg: OutboundMessage): SegmentInfo {
    return wabaSegments(msg);
  }

  /**
   * Sends one WhatsApp message (channel `whatsapp`): a template, a file or
   * free text. Resolves with status `queued`, the vendor's `messageId`, and
   * the answer (with its `requestId`) as `raw`; rejects with `PesanError`
   * (vendor codes from `WABA_ERROR_CODES`, transport failures classified by
   * the core transport). Bad input fails before any request.
   */
  async send(msg: OutboundMessage, ctx: SendContext = {}): Promise<SendResult> {
    const options = this.#options;
    try {
      const message = providerMessage(msg, ctx, this.id, options.defaultRegion);
      const request = wabaRequest(message, options, options.from, this.id, options.defaultRegion);
      const { answer, success } = await this.#connection.exchange(
        { path: WABA_SEND_PATH, json: request.body },
        ctx,
        (answer) => ({ answer, success: readWabaAnswer(answer.body, this.#connection.originOf(answer)) }),
      );
      const notes = [...request.notes, ...(success.messageId ? [] : ['The vendor answered OK without a messageId'])];
      return {
        status: 'queued',
        ...(success.messageId === undefined ? {} : { messageId: success.messageId }),
        provider: this.id,
        providerType: this.type,
        to: request.to,
        segments: 1,
        attempts: answer.attempts,
        deliveryReports: true,
        ...(notes.length === 0 ? {} : { notes }),
        raw: success.raw,
        ...(message.metadata === undefined ? {} : { metadata: message.metadata }),
      };
    } catch (error) {
      throw this.#connection.redact(providerFailure(error, this.id));
    }
  }

  /** Reads a webhook: inbound messages and delivery statuses (see `parseWabaWebhook`). */
  parseWebhook(request: WebhookRequest): WebhookEvent[] {
    try {
      return this.#connection.redact(
        parseWabaWebhook(request, {
          provider: this.id,
          defaultRegion: this.#options.defaultRegion,
          now: () => new Date(this.#clock.now()),
        }),
      );
    } catch (error) {
      throw this.#connection.redact(error);
    }
  }
}

/**
 * Creates the WhatsApp Business API provider of iSMS / iwsapp.my. Throws
 * `PesanError` `INVALID_CONFIG` listing every problem of the options.
 *
 * @example
 * ```ts
 * const whatsapp = waba({
 *   appId: process.env.WABA_APP_ID!,
 *   appSecret: process.env.WABA_APP_SECRET!,
 *   username: process.env.WABA_USERNAME!,
 *   password: process.env.WABA_PASSWORD!,
 *   from: '60123456789',
 * });
 * await whatsapp.send({
 *   to: '+60198765432',
 *   channel: 'whatsapp',
 *   template: { name: 'order_update', language: 'en', params: { order: 'A-17' } },
 * });
 * ```
 */
export function waba(options: WabaOptions): WabaProvider {
  return new WabaProvider(parseWabaOptions(options));
}
