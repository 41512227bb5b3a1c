import { PesanError } from '../errors/pesan-error.js';
import type { InboundMessage } from '../provider/v1/inbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { WebhookEvent } from '../provider/v1/webhook-event.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { silentLogger } from '../runtime/logger.js';
import { type LoggerInput, toLogger } from '../runtime/logger-adapter.js';
import { withFields } from '../runtime/with-fields.js';
import { recordStatusReport } from '../status/record-status-report.js';
import type { StatusApplyResult, StatusStore } from '../status/status-store.js';
import type { WhatsappWindows } from '../whatsapp/whatsapp-windows.js';
import type { BodyRead } from './body-read.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { type FrameworkRequest, nodeRequestHeaders, nodeRequestUrl, readNodeRequestBody } from './node-request.js';
import { tokenFingerprint } from './token-fingerprint.js';
import { readWebRequestBody } from './web-request-body.js';
import { oversizedWebhookField } from './webhook-field-limits.js';
import { webhookPath, webhookPathProblem } from './webhook-path.js';

/** A status change, as the `status` event carries it. */
export interface StatusEvent extends StatusApplyResult {
  provider: string;
}

/** An inbound message, as the `inbound` event carries it. */
export interface InboundEvent extends InboundMessage {
  provider: string;
}

/** Where the handler sends what it learned. Called after the answer is decided. */
export interface WebhookEventSink {
  status(event: StatusEvent): void;
  inbound(event: InboundEvent): void;
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** Providers by instance id. */
  providers: ReadonlyMap<string, ProviderV1>;
  /** The shared secret in every callback URL. Required: vendors sign nothing. */
  token: string;
  /** Where statuses are applied before answering. */
  statusStore: StatusStore;
  /** Receives events once the answer is decided. */
  events: WebhookEventSink;
  /**
   * Largest body accepted, in bytes. Default 64 KiB. A larger declared
   * `Content-Length` is refused with 413 before any of the body is read.
   */
  maxBodyBytes?: number;
  /**
   * Longest time a client may take to send its body, in milliseconds, for
   * `handle()` and `nodeListener()` alike; then it gets 408 (and
   * `nodeListener()` closes the connection). Default 10 000.
   */
  bodyTimeoutMs?: number;
  /**
   * Awaited for each inbound message BEFORE the vendor is answered: store the
   * message here (a queue, a table) and it cannot be lost; if it throws, the
   * vendor gets a 500 and sends the callback again (so it may run twice for
   * one message: deduplicate on `vendorMessageId` where there is one).
   */
  onInbound?: (event: InboundEvent) => Promise<void> | void;
  /**
   * Where inbound WhatsApp messages open their sender's 24 h window, before
   * the vendor is answered. A failure is logged, not answered with 500: the
   * message itself was handled, and a stale window only sends a later reply
   * by SMS.
   */
  windows?: Pick<WhatsappWindows, 'recordInbound'>;
  /**
   * The callback path pattern, with `:provider` and `:token` segments. Default
   * `/webhooks/:provider/:token`. A request matches when its path ends with
   * the pattern, so a mount prefix in front is fine; `callbackUrl` builds it.
   */
  path?: string;
  /** Where rejected callbacks are logged (at `warn`) and failures (at `error`). A pino-style logger is adapted. */
  logger?: LoggerInput;
}

/**
 * The provider id and token of a callback, as a framework's router captured
 * them (`/api/hooks/:provider/:token`): given, they are used instead of
 * reading the request's path.
 */
export interface WebhookRouteParams {
  /** The provider instance id. */
  provider?: string | undefined;
  /** The webhook token. */
  token?: string | undefined;
}

/** The vendor-facing endpoint of a messenger. */
export interface WebhookHandler {
  /**
   * Handles a Web `Request` (Hono, Next.js, Bun, Deno, undici). Never throws.
   * The provider id and token come from `params` when both are given (a
   * framework's route parameters), else from the path (see `webhooks.path`).
   */
  handle(request: Request, params?: WebhookRouteParams): Promise<Response>;
  /**
   * A `(req, res)` listener for `node:http` and Express. The method, path and
   * token are checked before the body is read; a request refused before its
   * body was read is answered with `Connection: close`, so the client cannot
   * keep trickling. Express route parameters `req.params.provider` and
   * `req.params.token`, when both are there, are used instead of the path.
   */
  nodeListener(): (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => void;
  /** The URL to give a vendor: `<base>` plus the callback path (`/webhooks/<providerId>/<token>` by default). */
  callbackUrl(providerId: string, base: string): string;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;
const ALLOWED_METHODS = 'GET, POST';
/** Longest error text a log line carries. */
const LOGGED_ERROR_CHARACTERS = 200;

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
};

/** An answer before it is written: `handle()` makes a `Response` of it, `nodeListener()` writes it to the socket. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  /** Answered before the body was read: `nodeListener()` closes the connection after it. */
  close?: boolean;
}

function answer(status: number, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } };
}

/** Route parameters as given, when both are strings. */
function givenRoute(params: WebhookRouteParams | undefined): { providerId: string; token: string } | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const { provider, token } = params;
  return typeof provider === 'string' && typeof token === 'string' ? { providerId: provider, token } : undefined;
}

function webHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return headers;
}

/** A request whose method, path and token passed: only its body is left to read. */
interface Admitted {
  providerId: string;
  provider: ProviderV1 & Required<Pick<ProviderV1, 'parseWebhook'>>;
  method: 'GET' | 'POST';
  url: string;
}

/**
 * Builds the webhook endpoint: checks the token in constant time, lets the
 * provider parse the callback, applies statuses to the store, answers, and
 * only then emits events, so a slow or throwing listener can neither delay nor
 * break the vendor's answer.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  if (!options.token || options.token.length < 16) {
    throw new PesanError('INVALID_CONFIG', { message: 'webhooks.token: at least 16 characters are required' });
  }
  const pathProblem = options.path === undefined ? undefined : webhookPathProblem(options.path);
  if (pathProblem !== undefined) {
    throw new PesanError('INVALID_CONFIG', { message: `webhooks.path: ${pathProblem}` });
  }
  const path = webhookPath(options.path);
  const logger = toLogger(options.logger) ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;

  /** Emits after the answer: statuses applied in this request (even if a later one failed), then inbound messages. */
  function emitLater(providerId: string, applied: StatusApplyResult[], inbound: InboundEvent[]): void {
    setImmediate(() => {
      const emit = (send: () => void) => {
        try {
          send();
        } catch (error) {
          logger.error('webhook event listener failed', { provider: providerId, error: loggable(error) });
        }
      };
      for (const result of applied) {
        if (!result.duplicate) emit(() => options.events.status(withFields(result, { provider: providerId })));
      }
      for (const message of inbound) emit(() => options.events.inbound(message));
    });
  }

  async function recordWindow(providerId: string, from: string, at: Date): Promise<void> {
    try {
      await options.windows?.recordInbound(from, at);
    } catch (error) {
      logger.error('webhook: the WhatsApp window store failed', { provider: providerId, error: loggable(error) });
    }
  }

  /**
   * Error text fit for a log: the token and anything shaped like a query
   * string (vendor credentials ride in some callback URLs) are cut out, and
   * the rest is kept short.
   */
  function loggable(error: unknown): string {
    const message = PesanError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
    return message
      .split(options.token)
      .join('[token]')
      .replace(/\?[^\s"'`]+/g, '[query]')
      .slice(0, LOGGED_ERROR_CHARACTERS);
  }

  /** The provider id for a log line: known ids as they are, anything else (it came from the URL) as a fingerprint. */
  function providerField(providerId: string): Record<string, string> {
    return options.providers.has(providerId)
      ? { provider: providerId }
      : { providerFingerprint: tokenFingerprint(providerId) };
  }

  /**
   * Decides from the request line alone, before a byte of the body is read:
   * method, path (or the route parameters given), token (in constant time),
   * provider. Logs carry no path or query string, only the provider and
   * fingerprints.
   */
  function admit(rawMethod: string, url: string | undefined, params?: WebhookRouteParams): Admitted | Answer {
    const method = rawMethod.toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      logger.warn('webhook rejected: method not allowed', { method: method.slice(0, 16) });
      return { ...answer(405, { allow: ALLOWED_METHODS }), close: true };
    }
    let pathname: string;
    try {
      pathname = new URL(url ?? '').pathname;
    } catch {
      logger.warn('webhook rejected: unreadable URL', {});
      return { ...answer(400), close: true };
    }
    const route = givenRoute(params) ?? path.match(pathname);
    if (route === 'malformed') {
      logger.warn('webhook rejected: malformed path', {});
      return { ...answer(400), close: true };
    }
    if (!route) {
      logger.warn('webhook rejected: no route', {});
      return { ...answer(404), close: true };
    }
    if (!constantTimeEqual(route.token, options.token)) {
      logger.warn('webhook rejected: wrong token', {
        ...providerField(route.providerId),
        tokenFingerprint: tokenFingerprint(route.token),
      });
      return { ...answer(401), close: true };
    }
    const provider = options.providers.get(route.providerId);
    if (!provider?.parseWebhook) {
      logger.warn('webhook rejected: unknown provider', providerField(route.providerId));
      return { ...answer(404), close: true };
    }
    return {
      providerId: route.providerId,
      provider: provider as Admitted['provider'],
      method,
      url: url as string,
    };
  }

  function refusedBody(admitted: Admitted, read: Exclude<BodyRead, { body: string }>): Answer {
    const provider = admitted.providerId;
    if (read.refused === 'too-large') {
      logger.warn('webhook rejected: body too large', { provider, limit: maxBodyBytes });
      return { ...answer(413), close: true };
    }
    if (read.refused === 'timeout') {
      logger.warn('webhook rejected: body not received in time', { provider, timeoutMs: bodyTimeoutMs });
      return { ...answer(408), close: true };
    }
    logger.warn('webhook rejected: body could not be read', { provider, error: loggable(read.error) });
    return { ...answer(400), close: true };
  }

  /** Parses, checks and stores a callback whose body has been read. */
  async function accept(admitted: Admitted, request: WebhookRequest): Promise<Answer> {
    const providerId = admitted.providerId;
    let events: WebhookEvent[];
    try {
      events = admitted.provider.parseWebhook(request);
    } catch (error) {
      logger.warn('webhook rejected: unparseable payload', { provider: providerId, error: loggable(error) });
      return answer(400);
    }
    for (const event of events) {
      const problem = oversizedWebhookField(event);
      if (problem) {
        logger.warn('webhook rejected: a field is longer than any vendor sends', { provider: providerId, problem });
        return answer(400);
      }
    }

    const applied: StatusApplyResult[] = [];
    const inbound: InboundEvent[] = [];
    try {
      for (const event of events) {
        if (event.type === 'status') {
          applied.push(await recordStatusReport(options.statusStore, providerId, event, 'webhook'));
        } else {
          const { type: _type, ...message } = event;
          const inboundEvent: InboundEvent = withFields(message, { provider: providerId });
          await options.onInbound?.(inboundEvent);
          inbound.push(inboundEvent);
          if (message.channel === 'whatsapp') await recordWindow(providerId, message.from, message.at);
        }
      }
    } catch (error) {
      // Answering 5xx makes the vendor retry, so nothing is lost. What was
      // applied already is still announced: the retry will find it a duplicate.
      logger.error('webhook: storing the callback failed', { provider: providerId, error: loggable(error) });
      emitLater(providerId, applied, inbound);
      return answer(500);
    }

    emitLater(providerId, applied, inbound);
    return answer(200);
  }

  async function answerWeb(request: Request, params?: WebhookRouteParams): Promise<Answer> {
    const admitted = admit(request.method, request.url, params);
    if (!('provider' in admitted)) return admitted;
    const read =
      admitted.method === 'GET' ? { body: '' } : await readWebRequestBody(request, maxBodyBytes, bodyTimeoutMs);
    if (!('body' in read)) return refusedBody(admitted, read);
    const headers = webHeaders(request);
    return accept(admitted, { method: admitted.method, url: admitted.url, headers, body: read.body });
  }

  async function answerNode(request: FrameworkRequest): Promise<Answer> {
    const admitted = admit(request.method ?? 'GET', nodeRequestUrl(request), request.params);
    if (!('provider' in admitted)) return admitted;
    const read =
      admitted.method === 'GET' ? { body: '' } : await readNodeRequestBody(request, maxBodyBytes, bodyTimeoutMs);
    if (!('body' in read)) return refusedBody(admitted, read);
    const headers = nodeRequestHeaders(request);
    return accept(admitted, { method: admitted.method, url: admitted.url, headers, body: read.body });
  }

  function failed(error: unknown): Answer {
    logger.error('webhook: the request could not be handled', { error: loggable(error) });
    return answer(500);
  }

  async function handle(request: Request, params?: WebhookRouteParams): Promise<Response> {
    const decided = await answerWeb(request, params).catch(failed);
    return new Response(REASONS[decided.status] ?? '', { status: decided.status, headers: decided.headers });
  }

  function nodeListener() {
    return (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
      void answerNode(request)
        .catch(failed)
        .then((decided) => {
          if (response.headersSent || response.writableEnded) return;
          response.statusCode = decided.status;
          for (const [name, value] of Object.entries(decided.headers)) response.setHeader(name, value);
          // Node closes the socket once the answer is written (and discards the
          // rest of the body meanwhile), so a trickling client is cut off.
          if (decided.close || !request.complete) response.setHeader('connection', 'close');
          response.end(REASONS[decided.status] ?? '');
        });
    };
  }

  function callbackUrl(providerId: string, base: string): string {
    // A loop, not `/\/+$/`, which is quadratic on a long run of slashes.
    let end = base.length;
    while (end > 0 && base[end - 1] === '/') end -= 1;
    return `${base.slice(0, end)}${path.build(providerId, options.token)}`;
  }

  return { handle, nodeListener, callbackUrl };
}
