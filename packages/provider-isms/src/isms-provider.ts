import {
  type Balance,
  type BulkItem,
  type BulkResult,
  bulkResult,
  type CallContext,
  type Capabilities,
  type Clock,
  defineCapabilities,
  type OutboundMessage,
  PesanError,
  type ProviderV1,
  providerFailure,
  type SegmentInfo,
  type SendContext,
  type SendResult,
  systemClock,
  toE164,
  type VendorAnswer,
  VendorConnection,
  type VendorRequest,
  type WebhookEvent,
  type WebhookRequest,
  withFields,
} from '@pesan/core';
import { type IsmsAnswerLine, parseIsmsClassicAnswer } from './isms-answer-parser.js';
import { parseIsmsBalanceAnswer } from './isms-balance-parser.js';
import { allocateCredits } from './isms-credit-allocation.js';
import { type IsmsPath, originsFor } from './isms-endpoints.js';
import { type IsmsErrorContext, ismsError, ismsInvalidResponse } from './isms-errors.js';
import { type IsmsRecipientAnswer, parseIsmsJsonAnswer } from './isms-json-answer-parser.js';
import { type IsmsMessage, type IsmsMessageRules, ismsSegments, prepareIsmsMessage } from './isms-message.js';
import { type IsmsOptions, parseIsmsOptions, type ResolvedIsmsOptions } from './isms-options.js';
import { parseIsmsWebhook } from './isms-webhook.js';

/** Most messages one `isms_send_json.php` request carries (`-1010` above). */
export const ISMS_JSON_MAX_BATCH = 50;
/** Most `;`-joined numbers per classic request ("suggest maximum 30 numbers per push"). */
export const ISMS_CLASSIC_MAX_BATCH = 30;

// Failures that will fail every later request of a bulk the same way: stop
// sending and report them for the rest without another request.
const ACCOUNT_WIDE_CODES = new Set(['AUTH_FAILED', 'ACCOUNT_SUSPENDED', 'IP_NOT_ALLOWED', 'TERMS_NOT_AGREED']);

const SENDER_ID_OMITTED_NOTE =
  'The sender ID was left out: iSMS says Malaysian numbers do not support one (option malaysiaSenderId).';

interface Chunk {
  /** Input indexes, in input order. */
  indexes: number[];
  messages: IsmsMessage[];
}

type ChunkOutcome = { ok: true; result: SendResult } | { ok: false; error: PesanError };

/** `error` carrying the attempts of the request that got the answer, unless it has its own. */
function withAttempts(error: PesanError, answer: VendorAnswer): PesanError {
  return error.attempts.length > 0 ? error : error.with({ attempts: answer.attempts });
}

function digitsOnly(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * Whether a JSON answer can be the one for `message`: it names no number, or
 * `message`'s. The vendor echoes `dstno` as sent, so the exact string is
 * checked first and the digits-only comparison (a regular expression
 * replace) runs only when it differs.
 */
function answeredFor(answer: IsmsRecipientAnswer, message: IsmsMessage): boolean {
  return answer.dstno === undefined || answer.dstno === message.dstno || digitsOnly(answer.dstno) === message.dstno;
}

/**
 * The iSMS provider (`type: 'isms'`). Build it with {@link isms}.
 *
 * Sends through the classic API (`isms_send_all_id.php`, form POST or GET) or
 * the JSON API (`isms_send_json.php`), walks the vendor's mirrors through the
 * provider kit's {@link VendorConnection}, reads balances and parses delivery
 * callbacks. iSMS has no status API, so there is no `getStatus`.
 */
export class IsmsProvider implements ProviderV1 {
  readonly specVersion = 'v1' as const;
  readonly type = 'isms';
  readonly id: string;
  readonly capabilities: Capabilities;

  readonly #options: ResolvedIsmsOptions;
  readonly #connection: VendorConnection;
  readonly #clock: Clock;
  /** What `prepareIsmsMessage` checks against, for a message the messenger validated and for one it did not. */
  readonly #rules: { readonly validated: IsmsMessageRules; readonly unvalidated: IsmsMessageRules };

  constructor(options: ResolvedIsmsOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.id = options.id;
    const rules: IsmsMessageRules = {
      provider: options.id,
      ...(options.senderId === undefined ? {} : { senderId: options.senderId }),
      malaysiaSenderId: options.malaysiaSenderId,
      maxBodyLength: options.maxBodyLength,
      defaultRegion: options.defaultRegion,
    };
    this.#rules = {
      validated: Object.freeze({ ...rules, validated: true }),
      unvalidated: Object.freeze({ ...rules, validated: false }),
    };
    this.#connection = new VendorConnection({
      provider: options.id,
      vendor: 'iSMS',
      origins: originsFor(options.classicEndpoint, options.baseUrls),
      timeoutMs: options.timeoutMs,
      transport: options.transport,
      dispatcher: options.dispatcher,
      clock: options.clock,
      logger: options.logger,
      secrets: [options.password],
    });
    const json = options.api === 'json';
    this.capabilities = defineCapabilities({
      channels: ['sms'],
      encodings: ['gsm7', 'ucs2'],
      maxBatch: json ? ISMS_JSON_MAX_BATCH : ISMS_CLASSIC_MAX_BATCH,
      personalisedBulk: json,
      balance: true,
      deliveryReports: true,
      // "msg: The message body (MAX limit : 700 char)"; a longer text goes to the route's next provider.
      maxCharacters: options.maxBodyLength,
    });
  }

  /**
   * Credits by iSMS billing: characters (code points), 153 per credit for
   * type 1 (ASCII) or 63 for type 2; `segments` equals `credits`. Never calls
   * the network.
   */
  segments(msg: OutboundMessage): SegmentInfo {
    const encoding = msg.encoding === 'gsm7' || msg.encoding === 'ucs2' ? msg.encoding : 'auto';
    return ismsSegments(msg.text ?? '', encoding);
  }

  /**
   * Sends one SMS. Resolves with status `queued` and the vendor's `trx_id` as
   * `messageId`; rejects with `PesanError` (vendor codes mapped by
   * `isms-errors.ts`, transport failures by the core transport).
   */
  async send(msg: OutboundMessage, ctx: SendContext = {}): Promise<SendResult> {
    const message = this.#prepare(msg, ctx);
    const [outcome] = await this.#sendChunk([message], ctx);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.result;
  }

  /**
   * Sends many SMS with the vendor's batching: JSON API requests of up to 50
   * messages sharing a type and sender ID, or classic requests of up to 30
   * `;`-joined numbers sharing a text. One item per input, in input order.
   */
  async sendBulk(msgs: OutboundMessage[], ctx: SendContext = {}): Promise<BulkResult> {
    const items: (BulkItem | undefined)[] = new Array(msgs.length);
    const prepared: { index: number; message: IsmsMessage }[] = [];
    msgs.forEach((msg, index) => {
      try {
        prepared.push({ index, message: this.#prepare(msg, ctx) });
      } catch (error) {
        items[index] = { ok: false, error: providerFailure(error, this.id), to: String(msg?.to ?? '') };
      }
    });

    const chunks = this.#options.api === 'json' ? this.#jsonChunks(prepared) : this.#classicChunks(prepared);
    let stopped: PesanError | undefined;
    for (const chunk of chunks) {
      let outcomes: ChunkOutcome[];
      if (stopped === undefined) {
        outcomes = await this.#sendChunk(chunk.messages, ctx);
        const failure = outcomes[0];
        if (failure !== undefined && !failure.ok && ACCOUNT_WIDE_CODES.has(failure.error.code)) stopped = failure.error;
      } else {
        const skipped = stopped.with({
          message: `Not sent: an earlier request of this bulk failed with ${stopped.code}. ${stopped.message}`,
          outcome: 'not_sent',
          details: { skipped: true },
        });
        outcomes = chunk.messages.map(() => ({ ok: false, error: skipped }));
      }
      chunk.indexes.forEach((inputIndex, position) => {
        const outcome = outcomes[position]!;
        items[inputIndex] = outcome.ok
          ? { ok: true, result: outcome.result }
          : { ok: false, error: outcome.error, to: chunk.messages[position]!.e164 };
      });
    }
    // Every index was filled above: by a preparation failure or by its chunk.
    return bulkResult(items as BulkItem[], { reportsCredits: true });
  }

  /** Credits left, from `isms_balance_json.php` (or `isms_balance.php`). Safe to retry on every mirror. */
  async getBalance(ctx: CallContext = {}): Promise<Balance> {
    const options = this.#options;
    const path: IsmsPath = options.balanceEndpoint;
    const credentials = { un: options.username, pwd: options.password };
    const jsonBody = path === 'isms_balance_json.php';
    const answer = await this.#call(
      path,
      {
        method: jsonBody ? 'POST' : options.method,
        ...(jsonBody
          ? { json: credentials }
          : options.method === 'GET'
            ? { query: credentials }
            : { form: credentials }),
        kind: 'read',
      },
      ctx,
    );
    try {
      const balance = parseIsmsBalanceAnswer(answer.body, this.#errorContext(answer));
      return { provider: this.id, amount: balance.amount, unit: 'credits', raw: this.#connection.redact(balance.raw) };
    } catch (error) {
      throw this.#connection.redact(withAttempts(providerFailure(error, this.id), answer));
    }
  }

  /** Parses a delivery callback (`?msisdn=&trx_id=&dn_status=`); see `parseIsmsWebhook`. */
  parseWebhook(request: WebhookRequest): WebhookEvent[] {
    try {
      return this.#connection.redact(
        parseIsmsWebhook(request, {
          provider: this.id,
          defaultRegion: this.#options.defaultRegion,
          now: () => new Date(this.#clock.now()),
        }),
      );
    } catch (error) {
      throw this.#connection.redact(error);
    }
  }

  #prepare(msg: OutboundMessage, ctx: SendContext): IsmsMessage {
    return prepareIsmsMessage(msg, ctx.validated === true ? this.#rules.validated : this.#rules.unvalidated);
  }

  #errorContext(answer: VendorAnswer, recipients = 1): IsmsErrorContext {
    return { provider: this.id, endpoint: answer.endpoint, status: answer.status, recipients };
  }

  #call(path: IsmsPath, request: Omit<VendorRequest, 'path'>, ctx: CallContext): Promise<VendorAnswer> {
    return this.#connection.call(
      withFields(request, { path: `/${path}`, origins: originsFor(path, this.#options.baseUrls) }),
      ctx,
    );
  }

  /**
   * A send request whose answer `read` turns into one outcome per message. A
   * single message's failure is thrown through the kit's exchange, so its
   * attempt ends with the vendor's outcome instead of the transport's success.
   */
  #exchange(
    path: IsmsPath,
    request: Omit<VendorRequest, 'path'>,
    ctx: SendContext,
    read: (answer: VendorAnswer) => ChunkOutcome[],
  ): Promise<ChunkOutcome[]> {
    return this.#connection.exchange(
      withFields(request, { path: `/${path}`, origins: originsFor(path, this.#options.baseUrls) }),
      ctx,
      (answer) => {
        const outcomes = read(answer);
        const only = outcomes.length === 1 ? outcomes[0] : undefined;
        if (only !== undefined && !only.ok) throw only.error;
        return outcomes;
      },
    );
  }

  /**
   * One request for a chunk (one message, or many sharing a request), every
   * failure turned into one outcome per message. An HTML page answering a
   * send is never a mirror to skip: `htmlErrorPage: 'body'` lets the kit read
   * a 2xx page as `unknown` and a 4xx page as `not_sent`.
   */
  async #sendChunk(messages: IsmsMessage[], ctx: SendContext): Promise<ChunkOutcome[]> {
    try {
      return this.#options.api === 'json'
        ? await this.#sendJson(messages, ctx)
        : await this.#sendClassic(messages, ctx);
    } catch (error) {
      const failure = providerFailure(error, this.id);
      return messages.map(() => ({ ok: false, error: failure }));
    }
  }

  /**
   * The result of an accepted message. `messageId` is the vendor's id for it,
   * when it gave one (delivery reports can be matched only then); `notes` say
   * what the answer lacked; `credits` is the message's share of the vendor's
   * bill, else the local estimate. Built field by field: a campaign makes one per message.
   */
  #result(
    message: IsmsMessage,
    answer: VendorAnswer,
    messageId: string | undefined,
    notes: string[] | undefined,
    credits?: number,
  ): SendResult {
    const result: SendResult = {
      status: 'queued',
      provider: this.id,
      providerType: this.type,
      to: message.e164,
      segments: message.segments.segments,
      attempts: answer.attempts,
      raw: answer.body,
    };
    const billed = credits ?? message.segments.credits;
    if (billed !== undefined) result.credits = billed;
    if (message.metadata !== undefined) result.metadata = message.metadata;
    if (messageId !== undefined) result.messageId = messageId;
    result.deliveryReports = messageId !== undefined;
    if (message.senderIdOmitted)
      result.notes = notes === undefined ? [SENDER_ID_OMITTED_NOTE] : [...notes, SENDER_ID_OMITTED_NOTE];
    else if (notes !== undefined && notes.length > 0) result.notes = notes;
    return result;
  }

  // Classic: one request per chunk of `;`-joined numbers sharing a text, type and sender ID.
  #sendClassic(messages: IsmsMessage[], ctx: SendContext): Promise<ChunkOutcome[]> {
    const first = messages[0]!;
    const options = this.#options;
    const parameters: Record<string, string> = {
      un: options.username,
      pwd: options.password,
      dstno: messages.map((message) => message.dstno).join(';'),
      msg: first.text,
      type: String(first.type),
      ...(first.senderId === undefined ? {} : { sendid: first.senderId }),
      agreedterm: 'YES',
    };
    return this.#exchange(
      options.classicEndpoint,
      { method: options.method, ...(options.method === 'GET' ? { query: parameters } : { form: parameters }) },
      ctx,
      (answer) => this.#readClassic(messages, answer),
    );
  }

  #readClassic(messages: IsmsMessage[], answer: VendorAnswer): ChunkOutcome[] {
    const first = messages[0]!;
    let parsed: ReturnType<typeof parseIsmsClassicAnswer>;
    try {
      parsed = parseIsmsClassicAnswer(answer.body, messages.length, this.#errorContext(answer, messages.length));
    } catch (error) {
      const failure = withAttempts(providerFailure(error, this.id), answer);
      return messages.map(() => ({ ok: false, error: failure }));
    }
    if (parsed.kind === 'per-recipient') {
      const lines = parsed.lines;
      return messages.map((message, position) => this.#recipientOutcome(message, lines[position]!, answer));
    }
    const trxId = parsed.trxId;
    if (messages.length === 1) {
      const notes =
        trxId === undefined
          ? ['iSMS answered without a transaction id: delivery callbacks cannot be matched to this message']
          : undefined;
      return [
        {
          ok: true,
          result: this.#result(first, answer, trxId, notes),
        },
      ];
    }
    const note =
      `iSMS answered one ${trxId === undefined ? 'success without a transaction id' : `transaction id (${trxId})`} ` +
      `for ${messages.length} recipients joined with ';': per-recipient ids are not available`;
    return messages.map((message) => ({
      ok: true,
      result: this.#result(message, answer, undefined, [note]),
    }));
  }

  // One line of a per-recipient classic answer, for the number at its position.
  #recipientOutcome(message: IsmsMessage, line: IsmsAnswerLine, answer: VendorAnswer): ChunkOutcome {
    if (line.kind === 'error') {
      return { ok: false, error: withAttempts(ismsError(line.error, this.#errorContext(answer)), answer) };
    }
    return {
      ok: true,
      result: this.#result(
        message,
        answer,
        line.trxId,
        line.trxId === undefined
          ? ["iSMS answered this recipient's line without a transaction id: delivery callbacks cannot be matched"]
          : undefined,
      ),
    };
  }

  // JSON: one request per chunk of up to 50 messages sharing a type and sender ID.
  async #sendJson(messages: IsmsMessage[], ctx: SendContext): Promise<ChunkOutcome[]> {
    const first = messages[0]!;
    const options = this.#options;
    const body = {
      un: options.username,
      pwd: options.password,
      type: String(first.type),
      agreedterm: 'YES',
      ...(first.senderId === undefined ? {} : { sendid: first.senderId }),
      messages: messages.map((message) => ({ dstno: message.dstno, msg: message.text })),
    };
    return this.#exchange(options.jsonEndpoint, { method: 'POST', json: body }, ctx, (answer) =>
      this.#readJson(messages, answer),
    );
  }

  #readJson(messages: IsmsMessage[], answer: VendorAnswer): ChunkOutcome[] {
    let answers: readonly (IsmsRecipientAnswer | undefined)[];
    let totalCreditsUsed: number | undefined;
    try {
      const parsed = parseIsmsJsonAnswer(answer.body, this.#errorContext(answer, messages.length));
      totalCreditsUsed = parsed.totalCreditsUsed;
      answers = this.#match(messages, parsed.recipients);
    } catch (error) {
      const failure = withAttempts(providerFailure(error, this.id), answer);
      return messages.map(() => ({ ok: false, error: failure }));
    }
    // The vendor's own bill (`total_credits_used`) wins over the local estimate.
    const credits =
      totalCreditsUsed === undefined
        ? undefined
        : allocateCredits(
            totalCreditsUsed,
            messages.map((message, position) => (answers[position]?.ok ? (message.segments.credits ?? 0) : 0)),
          );
    const outcomes: ChunkOutcome[] = new Array(messages.length);
    for (let position = 0; position < messages.length; position++) {
      outcomes[position] = this.#jsonOutcome(messages[position]!, answers[position], answer, credits?.[position]);
    }
    return outcomes;
  }

  /** The outcome of one message of a JSON send, from the vendor's answer for it. */
  #jsonOutcome(
    message: IsmsMessage,
    recipient: IsmsRecipientAnswer | undefined,
    answer: VendorAnswer,
    credits: number | undefined,
  ): ChunkOutcome {
    if (recipient === undefined) {
      const error = ismsInvalidResponse(
        answer.body,
        this.#errorContext(answer),
        'an answer without a result for this recipient',
      );
      return { ok: false, error: withAttempts(error, answer) };
    }
    if (!recipient.ok) return { ok: false, error: withAttempts(recipient.error, answer) };
    const notes = recipient.trxId === undefined ? ['iSMS answered without an sms_id for this recipient'] : undefined;
    return { ok: true, result: this.#result(message, answer, recipient.trxId, notes, credits) };
  }

  /**
   * Pairs requested numbers with answers: by position when the counts agree
   * and every answer that names a number names the one at its position, else
   * by number (first unused answer for that number). Unpaired numbers get
   * `undefined`, reported as `INVALID_RESPONSE`.
   */
  #match(
    messages: readonly IsmsMessage[],
    answers: readonly IsmsRecipientAnswer[],
  ): readonly (IsmsRecipientAnswer | undefined)[] {
    if (answers.length === messages.length && answers.every((answer, index) => answeredFor(answer, messages[index]!))) {
      return answers;
    }
    const requested = messages.map((message) => message.dstno);
    const queues = new Map<string, IsmsRecipientAnswer[]>();
    for (const answer of answers) {
      if (answer.dstno === undefined) continue;
      const key = digitsOnly(answer.dstno);
      const queue = queues.get(key) ?? [];
      queue.push(answer);
      queues.set(key, queue);
    }
    return requested.map((dstno) => queues.get(dstno)?.shift());
  }

  #jsonChunks(prepared: { index: number; message: IsmsMessage }[]): Chunk[] {
    const groups = new Map<string, Chunk[]>();
    const ordered: Chunk[] = [];
    for (const { index, message } of prepared) {
      const key = `${message.type}\u0000${message.senderId ?? ''}`;
      const chunks = groups.get(key) ?? [];
      let chunk = chunks.at(-1);
      if (chunk === undefined || chunk.messages.length >= ISMS_JSON_MAX_BATCH) {
        chunk = { indexes: [], messages: [] };
        chunks.push(chunk);
        ordered.push(chunk);
        groups.set(key, chunks);
      }
      chunk.indexes.push(index);
      chunk.messages.push(message);
    }
    return ordered;
  }

  #classicChunks(prepared: { index: number; message: IsmsMessage }[]): Chunk[] {
    // Per text: the chunks not yet full, each with its numbers, so a long
    // campaign stays linear.
    const open = new Map<string, { chunk: Chunk; numbers: Set<string> }[]>();
    const ordered: Chunk[] = [];
    for (const { index, message } of prepared) {
      const key = `${message.type}\u0000${message.senderId ?? ''}\u0000${message.text}`;
      const candidates = open.get(key) ?? [];
      open.set(key, candidates);
      // A number twice in one request could be sent once: the repeat goes in another request.
      let slot = candidates.find((candidate) => !candidate.numbers.has(message.dstno));
      if (slot === undefined) {
        slot = { chunk: { indexes: [], messages: [] }, numbers: new Set() };
        candidates.push(slot);
        ordered.push(slot.chunk);
      }
      slot.chunk.indexes.push(index);
      slot.chunk.messages.push(message);
      slot.numbers.add(message.dstno);
      if (slot.chunk.messages.length >= ISMS_CLASSIC_MAX_BATCH) candidates.splice(candidates.indexOf(slot), 1);
    }
    return ordered;
  }
}

/**
 * Creates an iSMS provider.
 *
 * @example
 * ```ts
 * import { isms } from '@pesan/provider-isms';
 *
 * const provider = isms({ username: process.env.ISMS_USERNAME!, password: process.env.ISMS_PASSWORD! });
 * const result = await provider.send({ to: '+60123456789', text: 'Your code is 123456' });
 * ```
 *
 * @throws PesanError `INVALID_CONFIG` listing every bad option.
 */
export function isms(options: IsmsOptions): IsmsProvider {
  const resolved = parseIsmsOptions(options);
  // toE164 validates the region before anything else: fail at start, not at the first send.
  try {
    toE164('+60123456789', resolved.defaultRegion);
  } catch (error) {
    throw PesanError.isInstance(error) ? error.with({ provider: resolved.id }) : error;
  }
  return new IsmsProvider(resolved);
}
