import {
  type Balance,
  type BulkItem,
  type BulkResult,
  bulkResult,
  type CallContext,
  type Capabilities,
  defineCapabilities,
  formatPhoneNumber,
  type OutboundMessage,
  PesanError,
  type ProviderV1,
  providerFailure,
  providerMessage,
  type SegmentInfo,
  type SendContext,
  type SendResult,
  type VendorAnswer,
  VendorConnection,
  VendorDedupeKeys,
  type VendorRequest,
  type WebhookEvent,
  type WebhookRequest,
  withFields,
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
  /** A sender ID was asked for but left out: sender IDs are blocked for Malaysian numbers. */
  senderOmitted: boolean;
}

const SENDER_OMITTED_NOTE =
  'The sender ID was left out: sms.com.my says sender IDs are blocked for Malaysian numbers (option malaysiaSenderId).';

/** The dedupe parameter under both of the spec's spellings (`seqno` in the send section, `sseqno` in the barcode section). */
function seqnoParameters(seqno: string | undefined): Record<string, string> {
  return seqno === undefined ? {} : { seqno, sseqno: seqno };
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
  readonly #seqnos = new VendorDedupeKeys({ derive: seqnoFromIdempotencyKey });

  constructor(options: ResolvedEzsmsOptions) {
    this.#options = options;
    this.id = options.id;
    this.capabilities = defineCapabilities({
      channels: ['sms'],
      encodings: ['gsm7', 'ucs2'],
      maxBatch: options.bulkMode === 'grouped' ? options.bulkChunkSize : 1,
      flash: true,
      binary: true,
      balance: true,
      deliveryReports: true,
      inbound: true,
      idempotent: true,
      // Spec 1.84 states no longest text, so neither maxCharacters nor maxSegments: the vendor's answer says.
    });
    this.#connection = new VendorConnection({
      provider: options.id,
      vendor: 'sms.com.my',
      origins: options.baseUrls,
      timeoutMs: options.timeoutMs,
      transport: options.transport,
      dispatcher: options.dispatcher,
      clock: options.clock,
      logger: options.logger,
      secrets: [options.password],
    });
  }

  async send(msg: OutboundMessage, ctx: SendContext = {}): Promise<SendResult> {
    const prepared = this.#prepare(msg, 0, ctx);
    const params = withFields(this.#sendParams(prepared.mobile, prepared), seqnoParameters(prepared.seqno));
    return this.#settled([prepared], () =>
      this.#exchange(EZSMS_PATHS.send, params, prepared.seqno !== undefined, ctx, (answer) =>
        this.#result(prepared, answer, readSendAnswer(answer, this.id, prepared.seqno), false),
      ),
    );
  }

  async sendBulk(msgs: OutboundMessage[], ctx: SendContext = {}): Promise<BulkResult> {
    const items =
      this.#options.bulkMode === 'grouped'
        ? await this.#sendGrouped(msgs, ctx)
        : await mapWithConcurrency(msgs, this.#options.bulkConcurrency, (msg) =>
            this.send(msg, ctx).then(
              (result): BulkItem => ({ ok: true, result }),
              (error: unknown): BulkItem => ({
                ok: false,
                error: providerFailure(error, this.id),
                to: recipientOf(msg),
              }),
            ),
          );
    return bulkResult(items);
  }

  async getBalance(ctx: CallContext = {}): Promise<Balance> {
    const answer = await this.#call(EZSMS_PATHS.creditsLeft, {}, false, ctx, 'read');
    let credits: ReturnType<typeof readCreditsLeftAnswer>;
    try {
      credits = readCreditsLeftAnswer(answer, this.id);
    } catch (error) {
      throw this.#connection.redact(error);
    }
    return {
      provider: this.id,
      amount: credits.remaining,
      unit: 'credits',
      ...(credits.used === undefined ? {} : { used: credits.used }),
      raw: this.#connection.redact(answer.body),
    };
  }

  parseWebhook(request: WebhookRequest): WebhookEvent[] {
    try {
      return this.#connection.redact(
        parseEzsmsWebhook(request, {
          provider: this.id,
          receivedAt: new Date(this.#options.clock?.now() ?? Date.now()),
          defaultRegion: this.#options.defaultRegion,
        }),
      );
    } catch (error) {
      throw this.#connection.redact(error);
    }
  }

  segments(msg: OutboundMessage): SegmentInfo {
    return ezsmsSegments(msg);
  }

  async sendBarcode(message: EzsmsBarcodeMessage, ctx: SendContext = {}): Promise<SendResult> {
    assertBarcodeMessage(message, this.id);
    const prepared = this.#prepare(
      { to: message.to, text: message.text, from: message.from, idempotencyKey: message.idempotencyKey },
      0,
      {},
    );
    const params: Record<string, string> = {
      message: message.text,
      mobile: prepared.mobile,
      msgtype: message.msgType,
      ...(prepared.sender === undefined ? {} : { sender: prepared.sender }),
      ...seqnoParameters(prepared.seqno),
    };
    return this.#settled([prepared], () =>
      this.#exchange(EZSMS_PATHS.sendBarcode, params, prepared.seqno !== undefined, ctx, (answer) =>
        this.#result(prepared, answer, readSendAnswer(answer, this.id, prepared.seqno), false),
      ),
    );
  }

  async transferCredits(transfer: EzsmsCreditTransfer, ctx: CallContext = {}): Promise<EzsmsCreditTransferResult> {
    assertCreditTransfer(transfer, this.id);
    const key = transfer.idempotencyKey;
    const seqno = key === undefined ? undefined : this.#seqnos.keyFor(key);
    const params = { cust: transfer.customer, Credit: String(transfer.credits), ...seqnoParameters(seqno) };
    try {
      const result = await this.#exchange(this.#options.transferPath, params, seqno !== undefined, ctx, (answer) =>
        readTransferAnswer(answer, transfer, this.id, seqno),
      );
      if (key !== undefined) this.#seqnos.settle([key], 'success');
      return result;
    } catch (error) {
      const failure = providerFailure(error, this.id);
      if (key !== undefined) this.#seqnos.settle([key], failure.outcome);
      throw failure;
    }
  }

  /**
   * One vendor page through the kit. Credentials go in the form body with
   * `POST` (kept out of URLs and logs), in the query with `GET`. A request
   * carrying a seqno is `deduplicated`: the vendor answers 1718 to a repeat.
   */
  #call(
    path: string,
    params: Record<string, string>,
    deduplicated: boolean,
    ctx: CallContext,
    kind: 'send' | 'read' = 'send',
  ): Promise<VendorAnswer> {
    return this.#connection.call(this.#request(path, params, deduplicated, kind), ctx);
  }

  /** A send whose answer `read` judges, so the attempts carry the vendor's refusal (see `VendorConnection.exchange`). */
  #exchange<T>(
    path: string,
    params: Record<string, string>,
    deduplicated: boolean,
    ctx: CallContext,
    read: (answer: VendorAnswer) => T,
  ): Promise<T> {
    return this.#connection.exchange(this.#request(path, params, deduplicated, 'send'), ctx, read);
  }

  #request(path: string, params: Record<string, string>, deduplicated: boolean, kind: 'send' | 'read'): VendorRequest {
    const options = this.#options;
    const all = { username: options.username, password: options.password, ...params };
    return {
      path,
      method: options.method,
      ...(options.method === 'POST' ? { form: all } : { query: all }),
      kind,
      deduplicated,
    };
  }

  /**
   * Runs a send of `members` and moves their seqnos on after a definite
   * failure: a vendor that remembered a refused seqno must never see it again,
   * or it would answer "1718 duplicate" for a message it never sent.
   */
  async #settled<T>(members: readonly PreparedMessage[], send: () => Promise<T>): Promise<T> {
    const keys = members.flatMap((member) => (member.idempotencyKey === undefined ? [] : [member.idempotencyKey]));
    try {
      const result = await send();
      this.#seqnos.settle(keys, 'success');
      return result;
    } catch (error) {
      const failure = providerFailure(error, this.id);
      this.#seqnos.settle(keys, failure.outcome);
      throw failure;
    }
  }

  /** Validates (unless the messenger did) and writes one message for the vendor; throws `PesanError` naming this provider. */
  #prepare(msg: OutboundMessage, index: number, ctx: SendContext): PreparedMessage {
    try {
      const message = providerMessage(msg, ctx, this.id, this.#options.defaultRegion);
      if ((message.channel ?? 'sms') !== 'sms') {
        throw new PesanError('UNSUPPORTED', { message: 'sms.com.my sends SMS only; use a WhatsApp provider' });
      }
      const to = message.to;
      const requested = message.from ?? this.#options.sender;
      if (requested !== undefined) assertValidSenderId(requested, this.id);
      const malaysian = to.startsWith('+60') && this.#options.malaysiaSenderId !== 'send';
      const sender = malaysian ? undefined : requested;
      const wire = toEzsmsWireMessage(message);
      return {
        index,
        message,
        to,
        mobile: formatPhoneNumber(to, 'digits'),
        type: wire.type,
        body: wire.message,
        sender,
        senderOmitted: requested !== undefined && sender === undefined,
        idempotencyKey: message.idempotencyKey,
        seqno: message.idempotencyKey === undefined ? undefined : this.#seqnos.keyFor(message.idempotencyKey),
        segments: ezsmsSegments(message),
      };
    } catch (error) {
      throw providerFailure(error, this.id);
    }
  }

  #sendParams(mobile: string, prepared: PreparedMessage): Record<string, string> {
    return {
      message: prepared.body,
      mobile,
      type: String(prepared.type),
      ...(prepared.sender === undefined ? {} : { sender: prepared.sender }),
    };
  }

  /**
   * `ISendSMSNoDR.aspx` requests for messages sharing a body, type and sender.
   * A group's seqno is derived from every member's key, so retrying the same
   * group repeats exactly the request the vendor can deduplicate. One answer
   * code for many numbers holds for all of them only when it refuses the
   * whole request; otherwise they are `unknown`.
   */
  async #sendGrouped(msgs: OutboundMessage[], ctx: SendContext): Promise<BulkItem[]> {
    const items = new Array<BulkItem>(msgs.length);
    const ready: PreparedMessage[] = [];
    msgs.forEach((msg, index) => {
      try {
        ready.push(this.#prepare(msg, index, ctx));
      } catch (error) {
        items[index] = { ok: false, error: providerFailure(error, this.id), to: recipientOf(msg) };
      }
    });
    const requests = planGroupedRequests(ready, this.#options.bulkChunkSize);
    await mapWithConcurrency(requests, this.#options.bulkConcurrency, async ({ members }) => {
      const first = members[0] as PreparedMessage;
      const seqno = seqnoForGroup(members.map((member) => member.seqno));
      const params = withFields(
        this.#sendParams(members.map((member) => member.mobile).join(','), first),
        seqnoParameters(seqno),
      );
      try {
        await this.#settled(members, () =>
          this.#exchange(EZSMS_PATHS.sendWithoutReports, params, seqno !== undefined, ctx, (answer) => {
            const accepted = readSendAnswer(answer, this.id, seqno, members.length);
            for (const member of members) {
              items[member.index] = { ok: true, result: this.#result(member, answer, accepted, true, members.length) };
            }
          }),
        );
      } catch (error) {
        const failure = providerFailure(error, this.id);
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
    if (prepared.senderOmitted) notes.push(SENDER_OMITTED_NOTE);
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
      // Grouped sends keep results from inside the exchange, so `raw` is redacted here rather than by the kit.
      raw: this.#connection.redact(answer.body),
      ...(prepared.message.metadata === undefined ? {} : { metadata: prepared.message.metadata }),
    };
  }
}

function recipientOf(msg: OutboundMessage): string {
  return typeof msg?.to === 'string' ? msg.to : '';
}
