import type { Dispatcher } from 'undici';
import type { PesanError } from '../errors/pesan-error.js';
import type { HtmlErrorPageDetection, HttpRequest, HttpResponse } from '../http/http-request.js';
import { createHttpTransport, type HttpTransport } from '../http/http-transport.js';
import { providerFailure } from '../messenger/provider-failure.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { AttemptRecorder } from '../provider/v1/attempt-recorder.js';
import type { Logger } from '../provider/v1/logger.js';
import type { CallContext, SendContext } from '../provider/v1/send-context.js';
import { CALL_ABORT, type CarriesCallAbort } from '../runtime/call-abort.js';
import type { Clock } from '../runtime/clock.js';
import type { LoggerInput } from '../runtime/logger-adapter.js';
import { SecretRedactor } from './secret-redactor.js';
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
  /** Logger for the provider's own transport (a pino-style one is adapted, see `toLogger`). */
  logger?: LoggerInput | undefined;
  /**
   * Every secret the provider was given (passwords, API keys, app secrets;
   * not user names). They are redacted, in every form an echoed request can
   * take, from errors, attempts, log lines and `exchange` results (see
   * {@link SecretRedactor}); `answer.body` stays as the vendor sent it, so
   * a provider that builds `raw` or an error from it outside `exchange`
   * passes it through {@link VendorConnection.redact}.
   */
  secrets?: readonly (string | undefined)[] | undefined;
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

/** `attempts` with the last one (the try that got the answer) ending as `error` says. */
function endedBy(attempts: readonly Attempt[], error: PesanError): Attempt[] {
  const last = attempts.at(-1);
  if (last === undefined || last.outcome !== 'success') return [...attempts];
  return [...attempts.slice(0, -1), { ...last, outcome: error.outcome, errorCode: error.code, reason: error.message }];
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
  /** Removes the provider's secrets (see {@link VendorConnectionOptions.secrets}). */
  readonly redactor: SecretRedactor;
  readonly #options: VendorConnectionOptions;
  #ownTransport: HttpTransport | undefined;

  constructor(options: VendorConnectionOptions) {
    this.provider = options.provider;
    this.vendor = options.vendor;
    this.origins = options.origins;
    this.#options = options;
    this.redactor = new SecretRedactor(options.secrets ?? []);
    this.#ownTransport =
      options.transport ??
      (options.dispatcher === undefined
        ? undefined
        : createHttpTransport({
            dispatcher: options.dispatcher,
            ...(options.clock === undefined ? {} : { clock: options.clock }),
            ...(options.logger === undefined ? {} : { logger: this.redactor.logger(options.logger) }),
          }));
  }

  /** `value` without the provider's secrets: for `raw`, errors and events built outside {@link exchange}. */
  redact<T>(value: T): T {
    return this.redactor.redact(value);
  }

  /** The logger a provider's own lines go to: the context's, else `fallback`, redacted. */
  loggerFor(context: CallContext, fallback: Logger): Logger {
    return this.redactor.logger(context.logger ?? fallback);
  }

  /** The transport a call with `context` uses: the provider's own, else the messenger's, else a default one. */
  transportFor(context: CallContext): HttpTransport {
    if (this.#ownTransport !== undefined) return this.#ownTransport;
    if (context.transport !== undefined) return context.transport;
    this.#ownTransport = createHttpTransport({
      ...(this.#options.clock === undefined ? {} : { clock: this.#options.clock }),
      ...(this.#options.logger === undefined ? {} : { logger: this.redactor.logger(this.#options.logger) }),
    });
    return this.#ownTransport;
  }

  /**
   * Sends `request` to the vendor's mirrors in order. Its errors, attempts
   * and log lines carry no secret; `body` is the vendor's answer as sent.
   */
  call(request: VendorRequest, context: CallContext | SendContext = {}): Promise<VendorAnswer> {
    return this.#redactedCall(request, context, context.recordAttempt);
  }

  /** {@link call} with its attempts going to `record` instead of the context's recorder. */
  async #redactedCall(
    request: VendorRequest,
    context: CallContext | SendContext,
    record: AttemptRecorder | undefined,
  ): Promise<VendorAnswer> {
    const atLeastOnce = (context as SendContext).delivery === 'at-least-once';
    // The transport hands each attempt to `recordAttempt` and lists the same object in `attempts`: redact it once.
    // A request has an attempt per origin, so two short arrays beat a Map.
    const originals: Attempt[] = [];
    const copies: Attempt[] = [];
    const redactAttempt = (attempt: Attempt): Attempt => {
      const known = originals.indexOf(attempt);
      if (known >= 0) return copies[known]!;
      const copy = this.redactor.redact(attempt);
      originals.push(attempt);
      copies.push(copy);
      return copy;
    };
    const httpRequest: HttpRequest = {
      provider: this.provider,
      origins: request.origins ?? this.origins,
      path: request.path,
      method: request.method ?? 'POST',
      query: request.query,
      form: request.form,
      json: request.json,
      headers: request.headers,
      timeoutMs: this.#options.timeoutMs,
      htmlErrorPage: request.htmlErrorPage,
      maxResponseBytes: request.maxResponseBytes,
      idempotent: request.kind === 'read' || request.deduplicated === true || atLeastOnce,
      recordAttempt: record === undefined ? undefined : (attempt: Attempt) => record(redactAttempt(attempt)),
      endpointGuard: context.endpointGuard,
      logger: context.logger === undefined ? undefined : this.redactor.logger(context.logger),
    };
    // The messenger's call abort when there is one: reading `context.signal` would build a signal for nothing.
    const callAbort = (context as CarriesCallAbort)[CALL_ABORT];
    if (callAbort !== undefined) httpRequest[CALL_ABORT] = callAbort;
    else httpRequest.signal = context.signal;
    let response: HttpResponse;
    try {
      response = await this.transportFor(context).request(httpRequest);
    } catch (error) {
      throw this.redactor.redact(error);
    }
    const attempts = (response.attempts ?? []).map(redactAttempt);
    return {
      body: response.body,
      status: response.status,
      headers: response.headers,
      endpoint: attempts.at(-1)?.endpoint ?? response.origin,
      attempts,
    };
  }

  /**
   * Sends `request` and reads its answer with `read`, so the attempts tell
   * what the vendor said. The transport records a try that got an answer as
   * a success; when `read` throws (a vendor refusal, an answer outside the
   * grammar), that last attempt ends with the error's outcome and code
   * instead. The attempts reach `ctx.recordAttempt` once, after `read`, and
   * a thrown error carries them as `error.attempts`. The provider passes
   * `ctx` whole; `read` returns the result. What `read` returns or throws
   * leaves without the provider's secrets, so a result's `raw` and an error
   * quoting the answer are safe to log.
   */
  async exchange<T>(
    request: VendorRequest,
    context: CallContext | SendContext,
    read: (answer: VendorAnswer) => T,
  ): Promise<T> {
    const record = context.recordAttempt;
    const held: Attempt[] = [];
    const release = (attempts: readonly Attempt[]) => {
      if (record !== undefined) for (const attempt of attempts) record(attempt);
    };
    let answer: VendorAnswer;
    try {
      // The context is not copied: the messenger's has a `signal` getter that a copy would call.
      answer = await this.#redactedCall(
        request,
        context,
        record === undefined ? undefined : (attempt: Attempt) => held.push(attempt),
      );
    } catch (error) {
      release(held);
      throw error;
    }
    try {
      const result = this.redactor.redact(read(answer));
      release(held);
      return result;
    } catch (thrown) {
      const error = this.redactor.redact(providerFailure(thrown, this.provider));
      release(endedBy(held, error));
      throw error.with({ attempts: endedBy(answer.attempts, error) });
    }
  }

  /** Where `answer` came from, for {@link vendorCodeError} and {@link unrecognisedAnswer}. */
  originOf(answer: VendorAnswer): VendorAnswerOrigin {
    return { provider: this.provider, vendor: this.vendor, endpoint: answer.endpoint, status: answer.status };
  }
}
