import { PesanError } from '../errors/pesan-error.js';
import type { InboundMessage } from '../provider/v1/inbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { Logger } from '../provider/v1/send-context.js';
import type { WebhookEvent } from '../provider/v1/webhook-event.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { silentLogger } from '../runtime/logger.js';
import { recordStatusReport } from '../status/record-status-report.js';
import type { StatusApplyResult, StatusStore } from '../status/status-store.js';
import { constantTimeEqual } from './constant-time-equal.js';

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
function routeOf(pathname: string): { providerId: string; token: string } | undefined {
  const segments = pathname.split('/').filter((segment) => segment.length > 0);
  const index = segments.lastIndexOf('webhooks');
  if (index < 0 || segments.length !== index + 3) return undefined;
  const providerId = decodeURIComponent(segments[index + 1] ?? '');
  const token = decodeURIComponent(segments[index + 2] ?? '');
  return { providerId, token };
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

  function emitLater(providerId: string, events: WebhookEvent[], applied: StatusApplyResult[]): void {
    setImmediate(() => {
      let statusIndex = 0;
      for (const event of events) {
        try {
          if (event.type === 'status') {
            const result = applied[statusIndex++];
            if (result && !result.duplicate) options.events.status({ ...result, provider: providerId });
          } else {
            const { type: _type, ...message } = event;
            options.events.inbound({ ...message, provider: providerId });
          }
        } catch (error) {
          logger.error('webhook event listener failed', { provider: providerId, error: String(error) });
        }
      }
    });
  }

  async function handle(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return text(400, 'Bad Request');
    }
    const route = routeOf(url.pathname);
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
    try {
      for (const event of events) {
        if (event.type !== 'status') continue;
        applied.push(await recordStatusReport(options.statusStore, route.providerId, event, 'webhook'));
      }
    } catch (error) {
      // Answering 5xx makes the vendor retry, so the report is not lost.
      logger.error('webhook: status store failed', { provider: route.providerId, error: String(error) });
      return text(500, 'Internal Server Error');
    }

    emitLater(route.providerId, events, applied);
    return text(200, 'OK');
  }

  function nodeListener() {
    return (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
      void toWebRequest(request, maxBodyBytes)
        .then((webRequest) => (webRequest ? handle(webRequest) : text(413, 'Payload Too Large')))
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

/**
 * Turns a node request into a Web `Request`. Express mounts strip their path
 * from `req.url`, so `originalUrl` is preferred; a body an Express parser
 * already read is re-encoded the way the vendor sent it.
 */
async function toWebRequest(
  request: import('node:http').IncomingMessage & { originalUrl?: string; body?: unknown },
  limit: number,
): Promise<Request | undefined> {
  const host = request.headers.host ?? '127.0.0.1';
  const url = new URL(request.originalUrl ?? request.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = (request.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });

  let body: string;
  if (request.body !== undefined) {
    body = preParsedBody(request.body, headers.get('content-type') ?? '');
  } else {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.byteLength;
      if (size > limit) return undefined;
      chunks.push(buffer);
    }
    body = Buffer.concat(chunks).toString('utf8');
  }
  headers.delete('content-length');
  return new Request(url, { method, headers, body });
}

function preParsedBody(body: unknown, contentType: string): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (contentType.includes('application/x-www-form-urlencoded') && typeof body === 'object' && body !== null) {
    return new URLSearchParams(body as Record<string, string>).toString();
  }
  return JSON.stringify(body);
}
