import {
  type Balance,
  type BulkItem,
  type BulkResult,
  type CallContext,
  type Capabilities,
  createHttpTransport,
  formatPhoneNumber,
  type OutboundMessage,
  PesanError,
  type ProviderV1,
  parseOutboundMessage,
  type SegmentInfo,
  type SendContext,
  type SendResult,
  toE164,
  type WebhookEvent,
  type WebhookRequest,
} from '@pesan/core';
import { assertBarcodeMessage, type EzsmsBarcodeMessage } from './barcode-message.js';
import { mapWithConcurrency } from './bounded-concurrency.js';
import {
  assertCreditTransfer,
  type EzsmsCreditTransfer,
  type EzsmsCreditTransferResult,
  readTransferAnswer,
} from './credit-transfer.js';
import { readCreditsLeftAnswer } from './credits-left-answer.js';
import { EZSMS_PATHS } from './ezsms-endpoints.js';
import { toEzsmsWireMessage } from './ezsms-message-type.js';
import { type EzsmsOptions, parseEzsmsOptions, type ResolvedEzsmsOptions } from './ezsms-options.js';
import { ezsmsSegments } from './ezsms-segments.js';
import { parseEzsmsWebhook } from './ezsms-webhook.js';
import { type GroupableMessage, planGroupedRequests } from './grouped-bulk-plan.js';
import { type AcceptedSend, readSendAnswer } from './send-answer.js';
import { assertValidSenderId } from './sender-id.js';
import { seqnoForGroup, seqnoFromIdempotencyKey } from './seqno.js';
import { callVendor, type VendorAnswer, type VendorConnection } from './vendor-call.js';

/**
 * The sms.com.my provider: the {@link ProviderV1} contract plus the vendor's
 * own 2D barcode messages and reseller credit transfers.
 */
export interface EzsmsProvider extends ProviderV1 {
  readonly type: 'ezsms';
  send(msg: OutboundMessage, ctx?: SendContext): Promise<SendResult>;
  sendBulk(msgs: OutboundMessage[], ctx?: SendContext): Promise<BulkResult>;
  getBalance(ctx?: CallContext): Promise<Balance>;
  parseWebhook(request: WebhookRequest): WebhookEvent[];
  /**
   * Sends a 2D barcode message through `ISendSMS2D.aspx`. Answers like a send
   * (`1701:<MsgId>`), so delivery reports match.
   */
  sendBarcode(message: EzsmsBarcodeMessage, ctx?: SendContext): Promise<SendResult>;
  /**
   * Moves credits from this (reseller) account to a customer. Not part of the
   * provider contract. The page's path is undocumented: see the `transferPath` option.
   */
  transferCredits(transfer: EzsmsCreditTransfer, ctx?: CallContext): Promise<EzsmsCreditTransferResult>;
}

/** A message checked and written for the vendor, before any request. */
interface PreparedMessage extends GroupableMessage {
  message: OutboundMessage;
  to: string;
  seqno: string | undefined;
  segments: SegmentInfo;
}

/**
 * Creates the sms.com.my (HTTP spec 1.84) provider.
 *
 * @example
 * ```ts
 * const provider = ezsms({ username: process.env.EZSMS_USER!, password: process.env.EZSMS_PASSWORD!, sender: 'MyShop' });
 * const result = await provider.send({ to: '+6591234567', text: 'Your code is 123456', idempotencyKey: 'otp-42' });
 * result.messageId; // the vendor's MsgId, matched by delivery reports
 * ```
 * @throws PesanError `INVALID_CONFIG` listing every invalid option.
 */
export function ezsms(options: EzsmsOptions): EzsmsProvider {
  return new EzsmsSmsProvider(parseEzsmsOptions(options));
}

class EzsmsSmsProvider implements EzsmsProvider {
  readonly specVersion = 'v1' as const;
  readonly type = 'ezsms' as const;
  readonly id: string;
  readonly capabilities: Capabilities;
  readonly #options: ResolvedEzsmsOptions;
  readonly #connection: VendorConnection;

  constructor(options: ResolvedEzsmsOptions) {
    this.#options = options;
    this.id = options.id;
    this.capabilities = Object.freeze({
      channels: Object.freeze(['sms'] as const),
      encodings: Object.freeze(['gsm7', 'ucs2'] as const),
      maxBatch: options.bulkMode === 'grouped' ? options.bulkChunkSize : 1,
      personalisedBulk: false,
      flash: true,
      binary: true,
      templates: false,
      files: false,
      balance: true,
      status: false,
      deliveryReports: true,
      inbound: true,
      nativeOtp: false,
      idempotent: true,
    });
    this.#connection = {
      provider: options.id,
      origins: options.baseUrls,
      method: options.method,
      username: options.username,
      password: options.password,
      transport:
        options.transport ??
        createHttpTransport({
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
          ...(options.clock ? { clock: options.clock } : {}),
          ...(options.logger ? { logger: options.logger } : {}),
        }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    };
  }

  async send(msg: OutboundMessage, ctx: SendContext = {}): Promise<SendResult> {
    const prepared = this.#prepare(msg, 0);
    const answer = await callVendor(this.#connection, {
      path: EZSMS_PATHS.send,
      params: this.#sendParams(prepared.mobile, prepared),
      idempotent: prepared.seqno !== undefined,
      context: ctx,
    });
    const accepted = readSendAnswer(answer, this.id, prepared.seqno);
    return this.#result(prepared, answer, accepted, false);
  }

  async sendBulk(msgs: OutboundMessage[], ctx: SendContext = {}): Promise<BulkResult> {
    const items =
      this.#options.bulkMode === 'grouped'
        ? await this.#sendGrouped(msgs, ctx)
        : await mapWithConcurrency(msgs, this.#options.bulkConcurrency, (msg) =>
            this.send(msg, ctx).then(
              (result): BulkItem => ({ ok: true, result }),
              (error: unknown): BulkItem => ({ ok: false, error: this.#asError(error), to: recipientOf(msg) }),
            ),
          );
    const sent = items.filter((item) => item.ok).length;
    return { items, totals: { sent, failed: items.length - sent } };
  }

  async getBalance(ctx: CallContext = {}): Promise<Balance> {
    const answer = await callVendor(this.#connection, {
      path: EZSMS_PATHS.creditsLeft,
      params: {},
      idempotent: true,
      context: ctx,
    });
    const credits = readCreditsLeftAnswer(answer, this.id);
    return {
      provider: this.id,
      amount: credits.remaining,
      unit: 'credits',
      ...(credits.used === undefined ? {} : { used: credits.used }),
      raw: answer.body,
    };
  }

  parseWebhook(request: WebhookRequest): WebhookEvent[] {
    return parseEzsmsWebhook(request, {
      provider: this.id,
      receivedAt: new Date(this.#options.clock?.now() ?? Date.now()),
      defaultRegion: this.#options.defaultRegion,
    });
  }

  segments(msg: OutboundMessage): SegmentInfo {
    return ezsmsSegments(msg);
  }

  async sendBarcode(message: EzsmsBarcodeMessage, ctx: SendContext = {}): Promise<SendResult> {
    assertBarcodeMessage(message, this.id);
    const prepared = this.#prepare(
      { to: message.to, text: message.text, from: message.from, idempotencyKey: message.idempotencyKey },
      0,
    );
    const params: Record<string, string> = {
      message: message.text,
      mobile: prepared.mobile,
      msgtype: message.msgType,
      ...(prepared.sender === undefined ? {} : { sender: prepared.sender }),
      ...(prepared.seqno === undefined ? {} : { seqno: prepared.seqno }),
    };
    const answer = await callVendor(this.#connection, {
      path: EZSMS_PATHS.sendBarcode,
      params,
      idempotent: prepared.seqno !== undefined,
      context: ctx,
    });
    return this.#result(prepared, answer, readSendAnswer(answer, this.id, prepared.seqno), false);
  }

  async transferCredits(transfer: EzsmsCreditTransfer, ctx: CallContext = {}): Promise<EzsmsCreditTransferResult> {
    assertCreditTransfer(transfer, this.id);
    const seqno = transfer.idempotencyKey === undefined ? undefined : seqnoFromIdempotencyKey(transfer.idempotencyKey);
    const answer = await callVendor(this.#connection, {
      path: this.#options.transferPath,
      params: {
        cust: transfer.customer,
        Credit: String(transfer.credits),
        ...(seqno === undefined ? {} : { seqno }),
      },
      idempotent: seqno !== undefined,
      context: ctx,
    });
    return readTransferAnswer(answer, transfer, this.id, seqno);
  }

  /** Validates and writes one message for the vendor; throws `PesanError` naming this provider. */
  #prepare(msg: OutboundMessage, index: number): PreparedMessage {
    try {
      const message = parseOutboundMessage(msg);
      if ((message.channel ?? 'sms') !== 'sms') {
        throw new PesanError('UNSUPPORTED', { message: 'sms.com.my sends SMS only; use a WhatsApp provider' });
      }
      const to = toE164(message.to, this.#options.defaultRegion);
      const sender = message.from ?? this.#options.sender;
      if (sender !== undefined) assertValidSenderId(sender, this.id);
      const wire = toEzsmsWireMessage(message);
      return {
        index,
        message,
        to,
        mobile: formatPhoneNumber(to, 'digits'),
        type: wire.type,
        body: wire.message,
        sender,
        idempotencyKey: message.idempotencyKey,
        seqno: message.idempotencyKey === undefined ? undefined : seqnoFromIdempotencyKey(message.idempotencyKey),
        segments: ezsmsSegments(message),
      };
    } catch (error) {
      throw this.#asError(error);
    }
  }

  #sendParams(mobile: string, prepared: PreparedMessage, seqno = prepared.seqno): Record<string, string> {
    return {
      message: prepared.body,
      mobile,
      type: String(prepared.type),
      ...(prepared.sender === undefined ? {} : { sender: prepared.sender }),
      ...(seqno === undefined ? {} : { seqno }),
    };
  }

  async #sendGrouped(msgs: OutboundMessage[], ctx: SendContext): Promise<BulkItem[]> {
    const items = new Array<BulkItem>(msgs.length);
    const ready: PreparedMessage[] = [];
    msgs.forEach((msg, index) => {
      try {
        ready.push(this.#prepare(msg, index));
      } catch (error) {
        items[index] = { ok: false, error: this.#asError(error), to: recipientOf(msg) };
      }
    });
    const requests = planGroupedRequests(ready, this.#options.bulkChunkSize);
    await mapWithConcurrency(requests, this.#options.bulkConcurrency, async ({ members }) => {
      const first = members[0] as PreparedMessage;
      const seqno = seqnoForGroup(members.map((member) => member.idempotencyKey));
      try {
        const answer = await callVendor(this.#connection, {
          path: EZSMS_PATHS.sendWithoutReports,
          params: this.#sendParams(members.map((member) => member.mobile).join(','), first, seqno),
          idempotent: seqno !== undefined,
          context: ctx,
        });
        const accepted = readSendAnswer(answer, this.id, seqno);
        for (const member of members) {
          items[member.index] = { ok: true, result: this.#result(member, answer, accepted, true, members.length) };
        }
      } catch (error) {
        const failure = this.#asError(error);
        for (const member of members) items[member.index] = { ok: false, error: failure, to: member.to };
      }
    });
    return items;
  }

  #result(
    prepared: PreparedMessage,
    answer: VendorAnswer,
    accepted: AcceptedSend,
    grouped: boolean,
    groupSize = 1,
  ): SendResult {
    const notes: string[] = [];
    if (grouped) {
      notes.push(
        `Sent through ISendSMSNoDR.aspx with ${groupSize} recipient(s): sms.com.my returns no MsgId there, so there is no messageId and no delivery report.`,
      );
    }
    if (accepted.kind === 'duplicate') {
      notes.push(
        'sms.com.my answered 1718 (duplicate seqno): a request with the same idempotencyKey was accepted in the last 24 h, so this retry sent nothing; its MsgId is not repeated, so delivery reports for it cannot be matched to this result.',
      );
    }
    const messageId = accepted.kind === 'accepted' && !grouped ? accepted.messageId : undefined;
    if (accepted.kind === 'accepted' && !grouped && messageId === undefined) {
      notes.push('sms.com.my answered 1701 without a MsgId, so delivery reports cannot be matched.');
    }
    return {
      status: 'queued',
      ...(messageId === undefined ? {} : { messageId }),
      provider: this.id,
      providerType: this.type,
      to: prepared.to,
      segments: prepared.segments.segments,
      attempts: answer.attempts,
      deliveryReports: messageId !== undefined,
      ...(notes.length > 0 ? { notes } : {}),
      raw: answer.body,
      ...(prepared.message.metadata === undefined ? {} : { metadata: prepared.message.metadata }),
    };
  }

  #asError(error: unknown): PesanError {
    if (PesanError.isInstance(error)) return error.provider === undefined ? error.with({ provider: this.id }) : error;
    return new PesanError('UNKNOWN', { message: String(error), provider: this.id, cause: error });
  }
}

function recipientOf(msg: OutboundMessage): string {
  return typeof msg?.to === 'string' ? msg.to : '';
}
