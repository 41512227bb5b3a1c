import type { IncomingMessage } from 'node:http';

/** Largest request body the sandbox reads. */
export const SANDBOX_MAX_REQUEST_BYTES = 1_048_576;

/** A request read off the wire. */
export interface ReadRequest {
  method: string;
  path: string;
  /** Query parameters, then form body parameters (the body wins). */
  parameters: Record<string, string>;
  body: string;
  contentType: string;
}

/** Thrown when a body exceeds {@link SANDBOX_MAX_REQUEST_BYTES}. */
export class RequestTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'RequestTooLargeError';
  }
}

/** Reads the whole request (bounded) and merges its query and form parameters. */
export async function readSandboxRequest(request: IncomingMessage): Promise<ReadRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > SANDBOX_MAX_REQUEST_BYTES) throw new RequestTooLargeError();
    chunks.push(buffer);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  const parameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) parameters[name] = value;
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(body)) parameters[name] = value;
  }
  return { method: request.method ?? 'GET', path: url.pathname, parameters, body, contentType };
}
