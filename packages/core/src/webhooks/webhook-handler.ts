import { PesanError } from '../errors/pesan-error.js';
import type { InboundMessage } from '../provider/v1/inbound-message.js';
import type { Logger } from '../provider/v1/logger.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { WebhookEvent } from '../provider/v1/webhook-event.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { silentLogger } from '../runtime/logger.js';
import { recordStatusReport } from '../status/record-status-report.js';
import type { StatusApplyResult, StatusStore } from '../status/status-store.js';
import type { WhatsappWindows } from '../whatsapp/whatsapp-windows.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { toWebRequest } from './node-request.js';

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
  /** Largest body accepted, in bytes. Default 64 KiB. */
  maxBodyBytes?: number;
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
  logger?: Logger;
}

/** The vendor-facing endpoint of a messenger. */
export interface WebhookHandler {
  /** Handles a Web `Request` (Hono, Next.js, Bun, Deno, undici). Never throws. */
  handle(request: Request): Promise<Response>;
  /** A `(req, res)` listener for `node:http` and Express. */
  nodeListener(): (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => void;
  /** The URL to give a vendor: `<base>/webhooks/<providerId>/<token>`. */
  callbackUrl(providerId: string, base: string): string;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Finds `<providerId>/<token>` after the last `webhooks` segment, so the
 * handler works wherever it is mounted (`/webhooks/...`, `/api/webhooks/...`).
 */
function routeOf(pathname: string): { providerId: string; token: string } | 'malformed' | undefined {
  const segments = pathname.split('/').filter((segment) => segment.length > 0);
  const index = segments.lastIndexOf('webhooks');
  if (index < 0 || segments.length !== index + 3) return undefined;
  try {
    const providerId = decodeURIComponent(segments[index + 1] ?? '');
    const token = decodeURIComponent(segments[index + 2] ?? '');
    return { providerId, token };
  } catch {
    return 'malformed';
  }
}

async function readBody(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toWebhookRequest(request: Request, body: string): WebhookRequest {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { method: request.method.toUpperCase(), url: request.url, headers, body };
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
  const logger = options.logger ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  /** Emits after the answer: statuses applied in this request (even if a later one failed), then inbound messages. */
  function emitLater(providerId: string, applied: StatusApplyResult[], inbound: InboundEvent[]): void {
    setImmediate(() => {
      const emit = (send: () => void) => {
        try {
          send();
        } catch (error) {
          logger.error('webhook event listener failed', { provider: providerId, error: String(error) });
        }
      };
      for (const result of applied) {
        if (!result.duplicate) emit(() => options.events.status({ ...result, provider: providerId }));
      }
      for (const message of inbound) emit(() => options.events.inbound(message));
    });
  }

  async function recordWindow(providerId: string, from: string, at: Date): Promise<void> {
    try {
      await options.windows?.recordInbound(from, at);
    } catch (error) {
      logger.error('webhook: the WhatsApp window store failed', { provider: providerId, error: String(error) });
    }
  }

  async function handle(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return text(400, 'Bad Request');
    }
    const route = routeOf(url.pathname);
    if (route === 'malformed') {
      logger.warn('webhook rejected: malformed path', { path: url.pathname });
      return text(400, 'Bad Request');
    }
    if (!route) {
      logger.warn('webhook rejected: no route', { path: url.pathname });
      return text(404, 'Not Found');
    }
    if (!constantTimeEqual(route.token, options.token)) {
      logger.warn('webhook rejected: wrong token', { provider: route.providerId });
      return text(401, 'Unauthorized');
    }
    const provider = options.providers.get(route.providerId);
    if (!provider?.parseWebhook) {
      logger.warn('webhook rejected: unknown provider', { provider: route.providerId });
      return text(404, 'Not Found');
    }
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      logger.warn('webhook rejected: method not allowed', { provider: route.providerId, method });
      return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, POST' } });
    }

    let body: string | undefined;
    try {
      body = await readBody(request, maxBodyBytes);
    } catch (error) {
      logger.warn('webhook rejected: body could not be read', { provider: route.providerId, error: String(error) });
      return text(400, 'Bad Request');
    }
    if (body === undefined) {
      logger.warn('webhook rejected: body too large', { provider: route.providerId, limit: maxBodyBytes });
      return text(413, 'Payload Too Large');
    }

    let events: WebhookEvent[];
    try {
      events = provider.parseWebhook(toWebhookRequest(request, body));
    } catch (error) {
      logger.warn('webhook rejected: unparseable payload', {
        provider: route.providerId,
        error: PesanError.isInstance(error) ? error.message : String(error),
      });
      return text(400, 'Bad Request');
    }

    const applied: StatusApplyResult[] = [];
    const inbound: InboundEvent[] = [];
    try {
      for (const event of events) {
        if (event.type === 'status') {
          applied.push(await recordStatusReport(options.statusStore, route.providerId, event, 'webhook'));
        } else {
          const { type: _type, ...message } = event;
          const inboundEvent: InboundEvent = { ...message, provider: route.providerId };
          await options.onInbound?.(inboundEvent);
          inbound.push(inboundEvent);
          if (message.channel === 'whatsapp') await recordWindow(route.providerId, message.from, message.at);
        }
      }
    } catch (error) {
      // Answering 5xx makes the vendor retry, so nothing is lost. What was
      // applied already is still announced: the retry will find it a duplicate.
      logger.error('webhook: storing the callback failed', { provider: route.providerId, error: String(error) });
      emitLater(route.providerId, applied, inbound);
      return text(500, 'Internal Server Error');
    }

    emitLater(route.providerId, applied, inbound);
    return text(200, 'OK');
  }

  function nodeListener() {
    return (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
      void toWebRequest(request, maxBodyBytes)
        .then((webRequest) => {
          if (webRequest) return handle(webRequest);
          logger.warn('webhook rejected: body too large', { path: request.url, limit: maxBodyBytes });
          return text(413, 'Payload Too Large');
        })
        .catch((error: unknown) => {
          logger.error('webhook: request could not be read', { error: String(error) });
          return text(400, 'Bad Request');
        })
        .then(async (answer) => {
          response.statusCode = answer.status;
          answer.headers.forEach((value, name) => {
            response.setHeader(name, value);
          });
          response.end(await answer.text());
        });
    };
  }

  function callbackUrl(providerId: string, base: string): string {
    const trimmed = base.replace(/\/+$/, '');
    return `${trimmed}/webhooks/${encodeURIComponent(providerId)}/${encodeURIComponent(options.token)}`;
  }

  return { handle, nodeListener, callbackUrl };
}
