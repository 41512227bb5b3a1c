import type { IncomingMessage } from 'node:http';
import { type BodyRead, declaredTooLarge } from './body-read.js';

/** What frameworks leave on a node request. */
export type FrameworkRequest = IncomingMessage & {
  /** Express: the URL before mounts stripped their path. */
  originalUrl?: string;
  /** A body a parser already read. */
  body?: unknown;
  /** body-parser's mark that it read the stream. */
  _body?: boolean;
  /** The raw body some frameworks and middlewares keep. */
  rawBody?: unknown;
  /** Express: the route parameters (`/api/hooks/:provider/:token`). */
  params?: { provider?: string; token?: string };
};

/**
 * The absolute URL of a node request, or `undefined` when it cannot be
 * built. Express mounts strip their path from `req.url`, so `originalUrl` is
 * preferred.
 */
export function nodeRequestUrl(request: FrameworkRequest): string | undefined {
  try {
    const host = request.headers.host ?? '127.0.0.1';
    return new URL(request.originalUrl ?? request.url ?? '/', `http://${host}`).href;
  } catch {
    return undefined;
  }
}

/**
 * The request headers, lower-case, repeated ones joined. `content-length` is
 * left out: a body a parser re-encoded no longer has that length.
 */
export function nodeRequestHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'content-length') continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Reads the body of a node request, unless a parser already consumed it
 * (Express 4 sets `req.body = {}` even when it parsed nothing, so `body`
 * alone proves nothing); then the raw body is used when kept, else the
 * parsed one is re-encoded the way the vendor sent it. Gives up past `limit`
 * bytes or after `timeoutMs`, and then leaves the rest of the stream flowing
 * to nowhere until the connection closes.
 */
export function readNodeRequestBody(request: FrameworkRequest, limit: number, timeoutMs: number): Promise<BodyRead> {
  const consumed = request._body === true || request.readableEnded || (request.complete && !request.readable);
  if (consumed && (typeof request.rawBody === 'string' || Buffer.isBuffer(request.rawBody))) {
    return Promise.resolve({ body: request.rawBody.toString() });
  }
  if (consumed && request.body !== undefined) {
    return Promise.resolve({ body: preParsedBody(request.body, request.headers['content-type'] ?? '') });
  }
  if (declaredTooLarge(request.headers['content-length'], limit)) return Promise.resolve({ refused: 'too-large' });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
      // Whatever is still coming is discarded, not buffered, until the socket closes.
      if (!request.readableEnded) request.resume();
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buffer.byteLength;
      if (size > limit) finish({ refused: 'too-large' });
      else chunks.push(buffer);
    };
    const onEnd = () => finish({ body: Buffer.concat(chunks).toString('utf8') });
    const onError = (error: unknown) => finish({ refused: 'unreadable', error });
    const onClose = () => {
      if (!request.complete) finish({ refused: 'unreadable', error: new Error('the client closed the connection') });
    };
    const timer = setTimeout(() => finish({ refused: 'timeout' }), timeoutMs);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

function preParsedBody(body: unknown, contentType: string): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (contentType.includes('application/x-www-form-urlencoded') && typeof body === 'object' && body !== null) {
    return new URLSearchParams(body as Record<string, string>).toString();
  }
  return JSON.stringify(body);
}
