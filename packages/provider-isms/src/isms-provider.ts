import {
  type Attempt,
  type Balance,
  type BulkItem,
  type BulkResult,
  type CallContext,
  type Capabilities,
  type Clock,
  createHttpTransport,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  type OutboundMessage,
  PesanError,
  type ProviderV1,
  type SegmentInfo,
  type SendContext,
  type SendResult,
  systemClock,
  toE164,
  type WebhookEvent,
  type WebhookRequest,
} from '@pesan/core';
import { type IsmsAnswerLine, parseIsmsClassicAnswer } from './isms-answer-parser.js';
import { parseIsmsBalanceAnswer } from './isms-balance-parser.js';
import { type IsmsPath, originsFor } from './isms-endpoints.js';
import { ismsError, ismsInvalidResponse } from './isms-errors.js';
import { type IsmsRecipientAnswer, parseIsmsJsonAnswer } from './isms-json-answer-parser.js';
import { type IsmsMessage, ismsSegments, prepareIsmsMessage } from './isms-message.js';
import { type IsmsOptions, parseIsmsOptions, type ResolvedIsmsOptions } from './isms-options.js';
import { parseIsmsWebhook } from './isms-webhook.js';

/** Most messages one `isms_send_json.php` request carries (`-1010` above). */
export const ISMS_JSON_MAX_BATCH = 50;
/** Most `;`-joined numbers per classic request ("suggest maximum 30 numbers per push"). */
export const ISMS_CLASSIC_MAX_BATCH = 30;

// Failures that will fail every later request of a bulk the same way: stop
// sending and report them for the rest without another request.
const ACCOUNT_WIDE_CODES = new Set(['AUTH_FAILED', 'ACCOUNT_SUSPENDED', 'IP_NOT_ALLOWED', 'TERMS_NOT_AGREED']);

interface Chunk {
  /** Input indexes, in input order. */
  indexes: number[];
  messages: IsmsMessage[];
}

type ChunkOutcome = { ok: true; result: SendResult } | { ok: false; error: PesanError };

function attemptsOf(error: PesanError): Attempt[] | undefined {
  const attempts = error.details?.attempts;
  return Array.isArray(attempts) ? (attempts as Attempt[]) : undefined;
}

function withAttempts(error: PesanError, attempts: Attempt[] | undefined): PesanError {
  if (attempts === undefined || attemptsOf(error) !== undefined) return error;
  return error.with({ details: { ...error.details, attempts } });
}

function digitsOnly(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * The iSMS provider (`type: 'isms'`). Build it with {@link isms}.
 *
 * Sends through the classic API (`isms_send_all_id.php`, form POST or GET) or
 * the JSON API (`isms_send_json.php`), walks the vendor's mirrors through the
 * core transport, reads balances and parses delivery callbacks. iSMS has no
 * status API, so there is no `getStatus`.
 */
export class IsmsProvider implements ProviderV1 {
  readonly specVersion = 'v1' as const;
  readonly type = 'isms';
  readonly id: string;
  readonly capabilities: Capabilities;

  readonly #options: ResolvedIsmsOptions;
  readonly #transport: HttpTransport;
  readonly #clock: Clock;

  constructor(options: ResolvedIsmsOptions, transport: HttpTransport, clock: Clock = systemClock) {
    this.#options = options;
    this.#transport = transport;
    this.#clock = clock;
    this.id = options.id;
    const json = options.api === 'json';
    this.capabilities = Object.freeze({
      channels: Object.freeze(['sms'] as const),
      encodings: Object.freeze(['gsm7', 'ucs2'] as const),
      maxBatch: json ? ISMS_JSON_MAX_BATCH : ISMS_CLASSIC_MAX_BATCH,
      personalisedBulk: json,
      flash: false,
      binary: false,
      templates: false,
      files: false,
      balance: true,
      status: false,
      deliveryReports: true,
      inbound: false,
      nativeOtp: false,
      idempotent: false,
    });
  }

  /**
   * Credits by iSMS billing: characters (code points), 153 per credit for
   * type 1 (GSM-7) or 63 for type 2; `segments` equals `credits`. Never calls
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
    const message = this.#prepare(msg);
    const outcome =
      this.#options.api === 'json'
        ? (await this.#sendJson([message], ctx))[0]!
        : (await this.#sendClassic([message], ctx))[0]!;
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
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
        prepared.push({ index, message: this.#prepare(msg) });
      } catch (error) {
        items[index] = { ok: false, error: this.#asPesanError(error), to: String(msg?.to ?? '') };
      }
    });

    const json = this.#options.api === 'json';
    const chunks = json ? this.#jsonChunks(prepared) : this.#classicChunks(prepared);
    let stopped: PesanError | undefined;
    for (const chunk of chunks) {
      let outcomes: ChunkOutcome[];
      if (stopped === undefined) {
        outcomes = json ? await this.#sendJson(chunk.messages, ctx) : await this.#sendClassic(chunk.messages, ctx);
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
        const message = chunk.messages[position]!;
        items[inputIndex] = outcome.ok
          ? { ok: true, result: outcome.result }
          : { ok: false, error: outcome.error, to: message.e164 };
      });
    }

    const finalItems = Array.from(
      { length: msgs.length },
      (_, index): BulkItem =>
        items[index] ?? {
          ok: false,
          error: new PesanError('UNKNOWN', { provider: this.id, message: 'No result was produced for this message' }),
          to: String(msgs[index]?.to ?? ''),
        },
    );
    let sent = 0;
    let credits = 0;
    for (const item of finalItems) {
      if (!item.ok) continue;
      sent += 1;
      credits += item.result.credits ?? 0;
    }
    return { items: finalItems, totals: { sent, failed: finalItems.length - sent, credits } };
  }

  /** Credits left, from `isms_balance_json.php` (or `isms_balance.php`). Safe to retry on every mirror. */
  async getBalance(ctx: CallContext = {}): Promise<Balance> {
    const options = this.#options;
    const path: IsmsPath = options.balanceEndpoint;
    const credentials = { un: options.username, pwd: options.password };
    const jsonBody = path === 'isms_balance_json.php';
    const response = await this.#request(
      {
        path,
        method: jsonBody ? 'POST' : options.method,
        ...(jsonBody
          ? { json: credentials }
          : options.method === 'GET'
            ? { query: credentials }
            : { form: credentials }),
        idempotent: true,
      },
      ctx,
    );
    try {
      const answer = parseIsmsBalanceAnswer(response.body, this.#errorContext(response));
      return { provider: this.id, amount: answer.amount, unit: 'credits', raw: answer.raw };
    } catch (error) {
      throw withAttempts(this.#asPesanError(error), response.attempts);
    }
  }

  /** Parses a delivery callback (`?msisdn=&trx_id=&dn_status=`); see `parseIsmsWebhook`. */
  parseWebhook(request: WebhookRequest): WebhookEvent[] {
    return parseIsmsWebhook(request, {
      provider: this.id,
      defaultRegion: this.#options.defaultRegion,
      now: () => new Date(this.#clock.now()),
    });
  }

  #prepare(msg: OutboundMessage): IsmsMessage {
    const options = this.#options;
    return prepareIsmsMessage(msg, {
      provider: this.id,
      ...(options.senderId === undefined ? {} : { senderId: options.senderId }),
      maxBodyLength: options.maxBodyLength,
      defaultRegion: options.defaultRegion,
    });
  }

  #asPesanError(error: unknown): PesanError {
    if (PesanError.isInstance(error)) return error.provider === undefined ? error.with({ provider: this.id }) : error;
    return new PesanError('UNKNOWN', {
      provider: this.id,
      message: 'Unexpected failure in the iSMS provider',
      cause: error,
    });
  }

  #errorContext(response: HttpResponse) {
    return { provider: this.id, endpoint: response.origin };
  }

  async #request(
    request: Pick<HttpRequest, 'path' | 'method' | 'form' | 'query' | 'json' | 'idempotent' | 'htmlErrorPage'> & {
      path: IsmsPath;
    },
    ctx: CallContext,
  ): Promise<HttpResponse> {
    const options = this.#options;
    try {
      return await this.#transport.request({
        ...request,
        provider: this.id,
        origins: originsFor(request.path, options.baseUrls),
        path: `/${request.path}`,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
        ...(ctx.recordAttempt === undefined ? {} : { recordAttempt: ctx.recordAttempt }),
        ...(ctx.endpointGuard === undefined ? {} : { endpointGuard: ctx.endpointGuard }),
        ...(ctx.logger === undefined ? {} : { logger: ctx.logger }),
      });
    } catch (error) {
      throw this.#asPesanError(error);
    }
  }

  /**
   * How the transport treats an HTML page answering a send. At most once (the
   * default): `'none'`, so a 2xx or 4xx HTML page reaches the iSMS parser
   * instead of moving to the next mirror, because a mirror that answered a
   * page may still have accepted the SMS (a PHP warning or a proxy page in
   * front of a working script), and sending it again through another mirror
   * could deliver and bill it twice. 5xx is still `not_sent` by its status.
   * With `delivery: 'at-least-once'` a duplicate is accepted, so the
   * transport's usual detection moves on to the next mirror.
   */
  #sendHtmlErrorPage(ctx: SendContext): HttpRequest['htmlErrorPage'] {
    return ctx.delivery === 'at-least-once' ? 'body' : 'none';
  }

  /** A 4xx answer is the web server refusing the request, so an unreadable one was not processed. */
  #unreadable(error: PesanError, response: HttpResponse): PesanError {
    if (error.code === 'INVALID_RESPONSE' && response.status >= 400) return error.with({ outcome: 'not_sent' });
    return error;
  }

  #result(message: IsmsMessage, response: HttpResponse, extra: Partial<SendResult>): SendResult {
    return {
      status: 'queued',
      provider: this.id,
      providerType: this.type,
      to: message.e164,
      segments: message.segments.segments,
      ...(message.segments.credits === undefined ? {} : { credits: message.segments.credits }),
      attempts: response.attempts ?? [],
      raw: response.body,
      ...(message.metadata === undefined ? {} : { metadata: message.metadata }),
      ...extra,
    };
  }

  // Classic: one request per chunk of `;`-joined numbers sharing a text, type and sender ID.
  async #sendClassic(messages: IsmsMessage[], ctx: SendContext): Promise<ChunkOutcome[]> {
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
    let response: HttpResponse;
    try {
      response = await this.#request(
        {
          path: options.classicEndpoint,
          method: options.method,
          ...(options.method === 'GET' ? { query: parameters } : { form: parameters }),
          idempotent: ctx.delivery === 'at-least-once',
          htmlErrorPage: this.#sendHtmlErrorPage(ctx),
        },
        ctx,
      );
    } catch (error) {
      const failure = this.#asPesanError(error);
      return messages.map(() => ({ ok: false, error: failure }));
    }
    let answer: ReturnType<typeof parseIsmsClassicAnswer>;
    try {
      answer = parseIsmsClassicAnswer(response.body, messages.length, this.#errorContext(response));
    } catch (error) {
      const failure = withAttempts(this.#unreadable(this.#asPesanError(error), response), response.attempts);
      return messages.map(() => ({ ok: false, error: failure }));
    }
    if (answer.kind === 'per-recipient') {
      const lines = answer.lines;
      return messages.map((message, position) => this.#recipientOutcome(message, lines[position]!, response));
    }
    const trxId = answer.trxId;
    if (messages.length === 1) {
      const notes =
        trxId === undefined
          ? ['iSMS answered without a transaction id: delivery callbacks cannot be matched to this message']
          : undefined;
      return [
        {
          ok: true,
          result: this.#result(first, response, {
            ...(trxId === undefined ? {} : { messageId: trxId }),
            deliveryReports: trxId !== undefined,
            ...(notes === undefined ? {} : { notes }),
          }),
        },
      ];
    }
    const note =
      `iSMS answered one ${trxId === undefined ? 'success without a transaction id' : `transaction id (${trxId})`} ` +
      `for ${messages.length} recipients joined with ';': per-recipient ids are not available`;
    return messages.map((message) => ({
      ok: true,
      result: this.#result(message, response, { deliveryReports: false, notes: [note] }),
    }));
  }

  // One line of a per-recipient classic answer, for the number at its position.
  #recipientOutcome(message: IsmsMessage, line: IsmsAnswerLine, response: HttpResponse): ChunkOutcome {
    if (line.kind === 'error') {
      return { ok: false, error: withAttempts(ismsError(line.error, this.#errorContext(response)), response.attempts) };
    }
    return {
      ok: true,
      result: this.#result(message, response, {
        ...(line.trxId === undefined ? {} : { messageId: line.trxId }),
        deliveryReports: line.trxId !== undefined,
        ...(line.trxId === undefined
          ? {
              notes: [
                "iSMS answered this recipient's line without a transaction id: delivery callbacks cannot be matched",
              ],
            }
          : {}),
      }),
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
    let response: HttpResponse;
    try {
      response = await this.#request(
        {
          path: options.jsonEndpoint,
          method: 'POST',
          json: body,
          idempotent: ctx.delivery === 'at-least-once',
          htmlErrorPage: this.#sendHtmlErrorPage(ctx),
        },
        ctx,
      );
    } catch (error) {
      const failure = this.#asPesanError(error);
      return messages.map(() => ({ ok: false, error: failure }));
    }
    let answers: (IsmsRecipientAnswer | undefined)[];
    try {
      const answer = parseIsmsJsonAnswer(response.body, this.#errorContext(response));
      answers = this.#match(
        messages.map((message) => message.dstno),
        answer.recipients,
      );
    } catch (error) {
      const failure = withAttempts(this.#unreadable(this.#asPesanError(error), response), response.attempts);
      return messages.map(() => ({ ok: false, error: failure }));
    }
    return messages.map((message, position): ChunkOutcome => {
      const answer = answers[position];
      if (answer === undefined) {
        const error = ismsInvalidResponse(
          response.body,
          this.#errorContext(response),
          'an answer without a result for this recipient',
        );
        return { ok: false, error: withAttempts(error, response.attempts) };
      }
      if (!answer.ok) return { ok: false, error: withAttempts(answer.error, response.attempts) };
      return {
        ok: true,
        result: this.#result(message, response, {
          ...(answer.trxId === undefined ? {} : { messageId: answer.trxId }),
          deliveryReports: answer.trxId !== undefined,
          ...(answer.trxId === undefined ? { notes: ['iSMS answered without an sms_id for this recipient'] } : {}),
        }),
      };
    });
  }

  /**
   * Pairs requested numbers with answers: by position when the counts agree
   * and every answer that names a number names the one at its position, else
   * by number (first unused answer for that number). Unpaired numbers get
   * `undefined`, reported as `INVALID_RESPONSE`.
   */
  #match(requested: string[], answers: readonly IsmsRecipientAnswer[]): (IsmsRecipientAnswer | undefined)[] {
    const byPosition =
      answers.length === requested.length &&
      answers.every((answer, index) => answer.dstno === undefined || digitsOnly(answer.dstno) === requested[index]);
    if (byPosition) return [...answers];
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
  const transport =
    resolved.transport ??
    createHttpTransport({
      ...(resolved.dispatcher === undefined ? {} : { dispatcher: resolved.dispatcher }),
      ...(resolved.clock === undefined ? {} : { clock: resolved.clock }),
      ...(resolved.logger === undefined ? {} : { logger: resolved.logger }),
    });
  return new IsmsProvider(resolved, transport, resolved.clock ?? systemClock);
}
