import type { Attempt } from '../provider/v1/attempt.js';
import type { AttemptRecorder } from '../provider/v1/attempt-recorder.js';
import type { EndpointGuard } from '../provider/v1/endpoint-guard.js';
import type { Logger } from '../provider/v1/logger.js';
import type { CarriesCallAbort } from '../runtime/call-abort.js';

/**
 * Which answers count as an HTML page where the vendor's own answer was
 * expected (a web server, proxy, load balancer or PHP warning answered). With
 * a 4xx status the request was refused before any script ran (`not_sent`);
 * with a 2xx status it may have been processed (`INVALID_RESPONSE`,
 * `unknown`); 5xx statuses follow the status rules (503 `not_sent`, the rest
 * `unknown`).
 *
 * - `'body'` (default): the body starts with `<!DOCTYPE html` or `<html`.
 *   The `content-type` is not trusted: PHP vendors label their plain-text
 *   answers `text/html`.
 * - `'body-or-content-type'`: also any answer labelled `text/html`, for
 *   vendors whose own answers are honestly labelled (JSON, `text/plain`).
 * - `'none'`: never; the vendor's own answers are HTML.
 */
export type HtmlErrorPageDetection = 'body' | 'body-or-content-type' | 'none';

/**
 * One logical request, tried against each origin in turn. Inside the
 * messenger it may carry the provider call's `CallAbort` (`[CALL_ABORT]`)
 * in place of `signal`: the transport listens to whichever it has.
 */
export interface HttpRequest extends CarriesCallAbort {
  /** Provider instance id, for attempts, errors and the endpoint guard. */
  provider: string;
  /** Origins (`https://host[:port]`), tried in order. */
  origins: readonly string[];
  /** Path appended to each origin, e.g. `/isms_send_all_id.php`. */
  path: string;
  /** `GET` or `POST`. */
  method: 'GET' | 'POST';
  /** Query string parameters (encoded by the transport). */
  query?: Record<string, string>;
  /** A form-encoded body (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Per-try timeout in milliseconds (default 15 000). */
  timeoutMs?: number;
  /**
   * True when sending the request twice is harmless (reads, or vendor
   * deduplication): then an `unknown` outcome (timeout or reset after the
   * request was written) moves on to the next origin instead of stopping.
   */
  idempotent?: boolean;
  /** Aborts every try. */
  signal?: AbortSignal;
  /** Receives one attempt per origin tried (or skipped). */
  recordAttempt?: AttemptRecorder;
  /** Circuit breakers consulted before each origin. */
  endpointGuard?: EndpointGuard;
  /** Logger. */
  logger?: Logger;
  /** How an HTML error page is recognised (default `'body'`). */
  htmlErrorPage?: HtmlErrorPageDetection;
  /** Largest response body read, in bytes (default 1 MiB); a larger one is `INVALID_RESPONSE`. */
  maxResponseBytes?: number;
}

/** A vendor answer that was not classified as a transport failure. */
export interface HttpResponse {
  /** The origin that answered. */
  origin: string;
  /**
   * The URL requested, safe to log: every query value is replaced by `***`
   * (query strings carry credentials and phone numbers).
   */
  url: string;
  /** HTTP status (2xx-4xx; 5xx become `PROVIDER_UNAVAILABLE` errors: 503 `not_sent`, the rest `unknown`). */
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** The body as text. */
  body: string;
  /** Duration of the successful try in milliseconds. */
  durationMs: number;
  /** Every attempt of this request, skipped and failed origins first, the successful try last. Always set by `HttpTransport`. */
  attempts?: Attempt[];
}
