import type { Dispatcher } from 'undici';
import type { HtmlErrorPageDetection } from '../http/http-request.js';
import { createHttpTransport, type HttpTransport } from '../http/http-transport.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { Logger } from '../provider/v1/logger.js';
import type { CallContext, SendContext } from '../provider/v1/send-context.js';
import type { Clock } from '../runtime/clock.js';
import type { VendorAnswerOrigin } from './vendor-codes.js';

/** How a provider reaches its vendor: made once per provider instance. */
export interface VendorConnectionOptions {
  /** Provider instance id. */
  provider: string;
  /** The vendor's name for messages, e.g. `iSMS`. */
  vendor: string;
  /** Origins tried in order (the provider's `baseUrls`). */
  origins: readonly string[];
  /** Per-try timeout in milliseconds (the transport's default when absent). */
  timeoutMs?: number | undefined;
  /** A transport of the provider's own: always used. */
  transport?: HttpTransport | undefined;
  /** A dispatcher of the provider's own (a `MockAgent` in tests): the provider then keeps its own transport. */
  dispatcher?: Dispatcher | undefined;
  /** Clock for the provider's own transport. */
  clock?: Clock | undefined;
  /** Logger for the provider's own transport. */
  logger?: Logger | undefined;
}

/** One request to a vendor page. */
export interface VendorRequest {
  /** Path appended to each origin, e.g. `/isms_send_all_id.php`. */
  path: string;
  /** Default `POST`. */
  method?: 'GET' | 'POST';
  /** Query string parameters. */
  query?: Record<string, string>;
  /** A form body. */
  form?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** Extra headers. */
  headers?: Record<string, string>;
  /**
   * `send` (default): the request may send and bill a message. `read`: it
   * changes nothing (balance, status, history), so every mirror may be tried.
   */
  kind?: 'send' | 'read';
  /**
   * The request carries a key the vendor deduplicates (sms.com.my `seqno`):
   * repeating exactly this request cannot send twice, so after an `unknown`
   * try the next mirror is safe.
   */
  deduplicated?: boolean;
  /** Origins for this request when they differ from the connection's. */
  origins?: readonly string[];
  /** How an HTML page is recognised (default `'body'`; `'none'` for vendors that answer in HTML). */
  htmlErrorPage?: HtmlErrorPageDetection;
  /** Largest answer read, in bytes. */
  maxResponseBytes?: number;
}

/** A vendor answer the transport did not classify as a failure (2xx-4xx, not an HTML error page). */
export interface VendorAnswer {
  /** The body as text. */
  body: string;
  /** HTTP status. */
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** The origin that answered, safe to log. */
  endpoint: string;
  /** Every attempt of this request, the successful one last. */
  attempts: Attempt[];
}

/**
 * The one way a provider calls its vendor. It forwards the call context whole
 * (signal, attempt recorder, logger, circuit breakers, the messenger's shared
 * transport), decides whether the next mirror is safe after an `unknown` try
 * (a `read`, a `deduplicated` request, or `delivery: 'at-least-once'`), and
 * lets the core transport classify every failure. Transport failures reject
 * with the transport's `PesanError`, naming the provider.
 *
 * @example
 * ```ts
 * const connection = new VendorConnection({ provider: 'acme', vendor: 'Acme', origins: ['https://api.acme.example'] });
 * const answer = await connection.call({ path: '/v1/sms', json: { key, to, text } }, ctx);
 * ```
 */
export class VendorConnection {
  readonly provider: string;
  readonly vendor: string;
  readonly origins: readonly string[];
  readonly #options: VendorConnectionOptions;
  #ownTransport: HttpTransport | undefined;

  constructor(options: VendorConnectionOptions) {
    this.provider = options.provider;
    this.vendor = options.vendor;
    this.origins = options.origins;
    this.#options = options;
    this.#ownTransport =
      options.transport ??
      (options.dispatcher === undefined
        ? undefined
        : createHttpTransport({
            dispatcher: options.dispatcher,
            ...(options.clock === undefined ? {} : { clock: options.clock }),
            ...(options.logger === undefined ? {} : { logger: options.logger }),
          }));
  }

  /** The transport a call with `context` uses: the provider's own, else the messenger's, else a default one. */
  transportFor(context: CallContext): HttpTransport {
    if (this.#ownTransport !== undefined) return this.#ownTransport;
    if (context.transport !== undefined) return context.transport;
    this.#ownTransport = createHttpTransport({
      ...(this.#options.clock === undefined ? {} : { clock: this.#options.clock }),
      ...(this.#options.logger === undefined ? {} : { logger: this.#options.logger }),
    });
    return this.#ownTransport;
  }

  /** Sends `request` to the vendor's mirrors in order. */
  async call(request: VendorRequest, context: CallContext | SendContext = {}): Promise<VendorAnswer> {
    const atLeastOnce = (context as SendContext).delivery === 'at-least-once';
    const response = await this.transportFor(context).request({
      provider: this.provider,
      origins: request.origins ?? this.origins,
      path: request.path,
      method: request.method ?? 'POST',
      ...(request.query === undefined ? {} : { query: request.query }),
      ...(request.form === undefined ? {} : { form: request.form }),
      ...(request.json === undefined ? {} : { json: request.json }),
      ...(request.headers === undefined ? {} : { headers: request.headers }),
      ...(this.#options.timeoutMs === undefined ? {} : { timeoutMs: this.#options.timeoutMs }),
      ...(request.htmlErrorPage === undefined ? {} : { htmlErrorPage: request.htmlErrorPage }),
      ...(request.maxResponseBytes === undefined ? {} : { maxResponseBytes: request.maxResponseBytes }),
      idempotent: request.kind === 'read' || request.deduplicated === true || atLeastOnce,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
      ...(context.recordAttempt === undefined ? {} : { recordAttempt: context.recordAttempt }),
      ...(context.endpointGuard === undefined ? {} : { endpointGuard: context.endpointGuard }),
      ...(context.logger === undefined ? {} : { logger: context.logger }),
    });
    const attempts = response.attempts ?? [];
    return {
      body: response.body,
      status: response.status,
      headers: response.headers,
      endpoint: attempts.at(-1)?.endpoint ?? response.origin,
      attempts,
    };
  }

  /** Where `answer` came from, for {@link vendorCodeError} and {@link unrecognisedAnswer}. */
  originOf(answer: VendorAnswer): VendorAnswerOrigin {
    return { provider: this.provider, vendor: this.vendor, endpoint: answer.endpoint, status: answer.status };
  }
}
