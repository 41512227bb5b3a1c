import { inject, injectable } from 'tsyringe';
import type { Dispatcher } from 'undici';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { Logger } from '../provider/v1/logger.js';
import { type AbortSource, abortSourceOf, listenForAbort } from '../runtime/call-abort.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { startDeadline } from '../runtime/deadline.js';
import { silentLogger } from '../runtime/logger.js';
import { encodeForm } from './form-encoding.js';
import { isHtmlErrorPage } from './html-error-page.js';
import type { HttpRequest, HttpResponse } from './http-request.js';
import { classifyNetworkError } from './network-error-classifier.js';
import { dispatchTarget, redactOrigin, redactUrl } from './request-url.js';
import { sharedDispatcher } from './shared-dispatcher.js';
import { ResponseTooLargeError, TryHandler } from './try-handler.js';

/** Per-try timeout when the request gives none. */
export const DEFAULT_HTTP_TIMEOUT_MS = 15_000;
/** Largest response body read when the request gives no limit: 1 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;

/** What {@link createHttpTransport} takes; everything is optional. */
export interface HttpTransportOptions {
  /** undici dispatcher (an `Agent`, or a `MockAgent` in tests). Default: one shared keep-alive `Agent`. */
  dispatcher?: Dispatcher;
  /** Time source for durations and per-try timeouts. Default: the system clock. */
  clock?: Clock;
  /** Logger used when a request brings none. Default: silent. */
  logger?: Logger;
}

type TryResult =
  | { kind: 'answer'; response: HttpResponse }
  /** `stop`: do not try further origins whatever the outcome; `blameEndpoint`: report a failure to the guard. */
  | { kind: 'failure'; error: PesanError; stop: boolean; blameEndpoint: boolean };

interface PreparedRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** Query-less URLs whose redacted form is remembered; past this the memory starts over. */
const MAX_REMEMBERED_URLS = 256;

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface AnswerContext {
  provider: string;
  endpoint: string;
  details: { status: number };
}

/**
 * A 5xx answer. 503 is the server saying it is not taking requests (not sent);
 * 500, 502, 504 and the rest come from a script that failed or a gateway that
 * lost the upstream answer: the vendor's script may have run (unknown).
 */
function serverError(status: number, context: AnswerContext): PesanError {
  if (status === 503) {
    return new PesanError('PROVIDER_UNAVAILABLE', {
      ...context,
      outcome: 'not_sent',
      message: 'The vendor answered HTTP 503: it is not taking requests.',
    });
  }
  return new PesanError('PROVIDER_UNAVAILABLE', {
    ...context,
    outcome: 'unknown',
    message: `The vendor answered HTTP ${status}; its script may have run and accepted the request.`,
  });
}

/**
 * An HTML page where the vendor's own answer was expected. With a 4xx status
 * the web server refused the request before any script ran (not sent); a 5xx
 * status is read as {@link serverError}; any other status means something
 * answered after the request was delivered, so the vendor may have it.
 */
function htmlPageError(status: number, body: string, context: AnswerContext): PesanError {
  if (status >= 500) return serverError(status, context);
  const details = { status, body: body.slice(0, 2000) };
  if (status >= 400) {
    return new PesanError('INVALID_RESPONSE', {
      ...context,
      details,
      outcome: 'not_sent',
      message: `The vendor's web server refused the request with an HTML error page (HTTP ${status}).`,
    });
  }
  return new PesanError('INVALID_RESPONSE', {
    ...context,
    details,
    outcome: 'unknown',
    message: `The vendor answered an HTML page (HTTP ${status}) instead of its own answer; it may have accepted the request.`,
  });
}

function prepare(request: HttpRequest): PreparedRequest {
  if (request.form !== undefined && request.json !== undefined) {
    throw new PesanError('INVALID_CONFIG', {
      provider: request.provider,
      message: 'An HTTP request takes a form body or a JSON body, not both.',
    });
  }
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (request.form !== undefined) {
    body = encodeForm(request.form);
    if (!hasHeader(request.headers ?? {}, 'content-type'))
      headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    if (!hasHeader(request.headers ?? {}, 'content-type')) headers['content-type'] = 'application/json';
  }
  return {
    method: request.method,
    headers: request.headers === undefined ? headers : Object.assign(headers, request.headers),
    body,
    timeoutMs: positiveOr(request.timeoutMs, DEFAULT_HTTP_TIMEOUT_MS),
    maxResponseBytes: positiveOr(request.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
  };
}

/**
 * The one HTTP client every provider calls. It tries the request's origins in
 * order, consults the endpoint guard (circuit breakers) before each, records
 * every try as an {@link Attempt}, and turns every transport failure into a
 * {@link PesanError} whose `outcome` says whether the vendor may have the
 * request:
 *
 * - `not_sent` (refused, DNS, TLS, connect timeout, anything before the
 *   request was written, HTTP 503, an HTML error page with a 4xx status):
 *   the next origin is tried;
 * - `unknown` (timeout or reset after the request was written, HTTP 500,
 *   502, 504 and other 5xx, an HTML page with a 2xx status, an unreadable
 *   answer): it stops, unless the request is `idempotent`;
 * - 429: `RATE_LIMITED`, `not_sent`, it stops (a mirror of the same account is limited too).
 *
 * Any other answer, 4xx included, is returned for the provider to read: vendors
 * put their own codes in bodies.
 *
 * @example
 * ```ts
 * const transport = createHttpTransport();
 * const response = await transport.request({
 *   provider: 'isms', origins: ['https://www.isms.com.my'], path: '/isms_send_all_id.php',
 *   method: 'POST', form: { un, pwd, dstno, msg, type: '1' },
 *   signal: ctx.signal, recordAttempt: ctx.recordAttempt, endpointGuard: ctx.endpointGuard,
 * });
 * ```
 */
@injectable()
export class HttpTransport {
  readonly #dispatcher: Dispatcher;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #redactedUrls = new Map<string, string>();

  constructor(
    @inject(TOKENS.Dispatcher) dispatcher: Dispatcher,
    @inject(TOKENS.Clock) clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.#dispatcher = dispatcher;
    this.#clock = clock;
    this.#logger = logger;
  }

  /**
   * Sends `request` to its origins in order until one answers.
   *
   * @returns the first answer that is not a transport failure.
   * @throws PesanError when no origin answered; `details.attempts` lists every
   * attempt and `details.errors` every origin's error. Its `outcome` is
   * `unknown` when any try may have reached the vendor.
   */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const prepared = prepare(request);
    if (request.origins.length === 0) {
      throw new PesanError('INVALID_CONFIG', {
        provider: request.provider,
        message: 'No origins to send the request to.',
      });
    }
    const logger = request.logger ?? this.#logger;
    // The silent default logger drops every line: its fields are not even built.
    const debug = logger !== silentLogger;
    const provider = request.provider;
    const attempts: Attempt[] = [];
    const errors: PesanError[] = [];
    const record = (attempt: Attempt) => {
      attempts.push(attempt);
      request.recordAttempt?.(attempt);
    };
    const fail = (error: PesanError): PesanError => {
      const outcome = attempts.some((attempt) => attempt.outcome === 'unknown') ? 'unknown' : error.outcome;
      return error.with({ outcome, details: { ...error.details, attempts, errors } });
    };

    const abortSource = abortSourceOf(request);
    for (const origin of request.origins) {
      const endpoint = redactOrigin(origin);
      if (abortSource?.aborted) {
        throw fail(this.#callerAbort(request, endpoint, false, abortSource.reason));
      }
      if (request.endpointGuard?.allow(provider, origin) === false) {
        if (debug) logger.debug('http endpoint skipped: circuit open', { provider, origin: endpoint });
        record({
          provider,
          endpoint,
          outcome: 'skipped',
          reason: 'circuit open',
          durationMs: 0,
          startedAt: new Date(this.#clock.now()),
        });
        continue;
      }

      const startedAt = this.#clock.now();
      if (debug)
        logger.debug('http request', { provider, method: request.method, origin: endpoint, path: request.path });
      const result = await this.#try(request, prepared, origin, endpoint, abortSource);
      const durationMs = Math.max(0, this.#clock.now() - startedAt);

      if (result.kind === 'answer') {
        request.endpointGuard?.report(provider, origin, 'success');
        record({ provider, endpoint, outcome: 'success', durationMs, startedAt: new Date(startedAt) });
        if (debug) {
          const { status } = result.response;
          logger.debug('http answer', { provider, origin: endpoint, path: request.path, status, durationMs });
        }
        const response = result.response;
        response.durationMs = durationMs;
        response.attempts = attempts;
        return response;
      }

      const { error } = result;
      if (result.blameEndpoint) request.endpointGuard?.report(provider, origin, 'failure');
      record({
        provider,
        endpoint,
        outcome: error.outcome,
        errorCode: error.code,
        reason: error.message,
        durationMs,
        startedAt: new Date(startedAt),
      });
      errors.push(error);
      logger.warn('http try failed', {
        provider,
        origin: endpoint,
        path: request.path,
        code: error.code,
        outcome: error.outcome,
        durationMs,
      });

      const mayContinue =
        !result.stop && (error.outcome === 'not_sent' || (error.outcome === 'unknown' && request.idempotent === true));
      if (!mayContinue) throw fail(error);
    }

    const last = errors.at(-1);
    if (last !== undefined) throw fail(last);
    throw fail(
      new PesanError('PROVIDER_UNAVAILABLE', {
        provider,
        outcome: 'not_sent',
        message: 'Every endpoint was skipped: its circuit is open.',
      }),
    );
  }

  #callerAbort(request: HttpRequest, endpoint: string, written: boolean, cause: unknown): PesanError {
    return new PesanError('TIMEOUT', {
      provider: request.provider,
      endpoint,
      outcome: written ? 'unknown' : 'not_sent',
      cause,
      message: written
        ? 'The caller aborted the request after it was written; the vendor may have accepted it.'
        : 'The caller aborted the request before it was sent.',
      details: { aborted: true },
    });
  }

  async #try(
    request: HttpRequest,
    prepared: PreparedRequest,
    origin: string,
    endpoint: string,
    abortSource: AbortSource,
  ): Promise<TryResult> {
    const handler = new TryHandler(prepared.maxResponseBytes);
    let abortedBy: 'caller' | 'timeout' | undefined;
    const abort = (by: 'caller' | 'timeout', reason: unknown) => {
      abortedBy ??= by;
      handler.abort(reason);
    };
    const stopListening = listenForAbort(abortSource, () => abort('caller', abortSource?.reason));
    // One timer bounds the whole try, connecting included (undici's own timeouts start once connected).
    const cancelDeadline = startDeadline(this.#clock, prepared.timeoutMs, () =>
      abort('timeout', new Error(`The try exceeded ${prepared.timeoutMs} ms.`)),
    );
    const target = dispatchTarget(origin, request.path, request.query);
    try {
      this.#dispatcher.dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: prepared.method,
          headers: prepared.headers,
          body: prepared.body,
          headersTimeout: prepared.timeoutMs,
          bodyTimeout: prepared.timeoutMs,
        },
        handler,
      );
      const { status, headers, body } = await handler.answer;
      const context = { provider: request.provider, endpoint, details: { status } };

      if (status === 429) {
        return {
          kind: 'failure',
          stop: true,
          blameEndpoint: true,
          error: new PesanError('RATE_LIMITED', {
            ...context,
            outcome: 'not_sent',
            message: 'The vendor answered HTTP 429: too many requests.',
            details: { status, retryAfterMs: retryAfterMs(headers['retry-after'], this.#clock.now()) },
          }),
        };
      }
      if (status >= 500) {
        return { kind: 'failure', stop: false, blameEndpoint: true, error: serverError(status, context) };
      }
      if (isHtmlErrorPage(body, headers['content-type'], request.htmlErrorPage)) {
        return { kind: 'failure', stop: false, blameEndpoint: true, error: htmlPageError(status, body, context) };
      }
      return {
        kind: 'answer',
        response: { origin, url: this.#redactedUrl(target.url, request.query), status, headers, body, durationMs: 0 },
      };
    } catch (error) {
      return this.#failure(
        request,
        endpoint,
        error,
        { written: handler.written, answered: handler.answered },
        abortedBy,
        prepared.timeoutMs,
      );
    } finally {
      cancelDeadline();
      stopListening();
    }
  }

  /** `redactUrl(url)`, remembered for URLs without a query (a few per provider: origin and path). */
  #redactedUrl(url: string, query: Record<string, string> | undefined): string {
    if (query !== undefined) return redactUrl(url);
    let redacted = this.#redactedUrls.get(url);
    if (redacted === undefined) {
      redacted = redactUrl(url);
      if (this.#redactedUrls.size >= MAX_REMEMBERED_URLS) this.#redactedUrls.clear();
      this.#redactedUrls.set(url, redacted);
    }
    return redacted;
  }

  #failure(
    request: HttpRequest,
    endpoint: string,
    error: unknown,
    progress: { written: boolean; answered: boolean },
    abortedBy: 'caller' | 'timeout' | undefined,
    timeoutMs: number,
  ): TryResult {
    const { written } = progress;
    if (abortedBy === 'caller') {
      return {
        kind: 'failure',
        stop: true,
        blameEndpoint: false,
        error: this.#callerAbort(request, endpoint, written, error),
      };
    }
    const context = { provider: request.provider, endpoint, cause: error };
    if (abortedBy === 'timeout') {
      const timeout = written
        ? new PesanError('TIMEOUT', {
            ...context,
            outcome: 'unknown',
            message: `No answer within ${timeoutMs} ms after the request was written; the vendor may have accepted it.`,
          })
        : new PesanError('PROVIDER_UNAVAILABLE', {
            ...context,
            outcome: 'not_sent',
            message: `No connection within ${timeoutMs} ms.`,
          });
      return { kind: 'failure', stop: false, blameEndpoint: true, error: timeout };
    }
    if (error instanceof ResponseTooLargeError) {
      return {
        kind: 'failure',
        stop: false,
        blameEndpoint: true,
        error: new PesanError('INVALID_RESPONSE', { ...context, outcome: 'unknown', message: error.message }),
      };
    }
    return {
      kind: 'failure',
      stop: false,
      blameEndpoint: true,
      error: classifyNetworkError(error, { provider: request.provider, endpoint, ...progress }),
    };
  }
}

/**
 * An {@link HttpTransport} without dependency injection: for providers used
 * on their own.
 *
 * @example
 * ```ts
 * const mockAgent = new MockAgent();
 * mockAgent.disableNetConnect();
 * const transport = createHttpTransport({ dispatcher: mockAgent });
 * ```
 */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  return new HttpTransport(
    options.dispatcher ?? sharedDispatcher(),
    options.clock ?? systemClock,
    options.logger ?? silentLogger,
  );
}
