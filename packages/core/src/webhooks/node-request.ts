/** What frameworks leave on a node request. */
type FrameworkRequest = import('node:http').IncomingMessage & {
  /** Express: the URL before mounts stripped their path. */
  originalUrl?: string;
  /** A body a parser already read. */
  body?: unknown;
  /** body-parser's mark that it read the stream. */
  _body?: boolean;
  /** The raw body some frameworks and middlewares keep. */
  rawBody?: unknown;
};

/**
 * Turns a node request into a Web `Request`. Express mounts strip their path
 * from `req.url`, so `originalUrl` is preferred. The stream is read unless a
 * parser already consumed it (Express 4 sets `req.body = {}` even when it
 * parsed nothing, so `body` alone proves nothing); then the raw body is used
 * when kept, else the parsed one is re-encoded the way the vendor sent it.
 */
export async function toWebRequest(request: FrameworkRequest, limit: number): Promise<Request | undefined> {
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
  const consumed = request._body === true || request.readableEnded || (request.complete && !request.readable);
  if (consumed && (typeof request.rawBody === 'string' || Buffer.isBuffer(request.rawBody))) {
    body = request.rawBody.toString();
  } else if (consumed && request.body !== undefined) {
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
