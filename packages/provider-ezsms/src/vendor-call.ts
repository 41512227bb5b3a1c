import { type Attempt, type CallContext, type HttpResponse, type HttpTransport, type SendContext } from '@pesan/core';

/** How the provider reaches the vendor. */
export interface VendorConnection {
  /** Provider instance id. */
  provider: string;
  /** Origins, tried in order. */
  origins: readonly string[];
  /** `POST` (a form body) or `GET` (a query string). */
  method: 'GET' | 'POST';
  timeoutMs?: number;
  username: string;
  password: string;
  transport: HttpTransport;
}

/** One call to a vendor page. */
export interface VendorCall {
  /** Path appended to each origin. */
  path: string;
  /** Parameters besides `username` and `password`. */
  params: Record<string, string>;
  /**
   * Whether sending twice is harmless (a read, or a seqno the vendor dedupes):
   * then a timeout after the request was written moves on to the next mirror.
   */
  idempotent: boolean;
  context?: CallContext | SendContext;
}

/** The vendor's answer and the attempts that got it. */
export interface VendorAnswer {
  body: string;
  status: number;
  /** The origin that answered, safe to log. */
  endpoint: string;
  attempts: Attempt[];
  response: HttpResponse;
}

/**
 * Calls one vendor page through the core transport, forwarding the caller's
 * signal, attempt recorder, circuit breakers and logger. Credentials go in the
 * form body with `POST` (kept out of URLs and logs), in the query with `GET`.
 * Transport failures reject with the transport's `PesanError`.
 */
export async function callVendor(connection: VendorConnection, call: VendorCall): Promise<VendorAnswer> {
  const params = { username: connection.username, password: connection.password, ...call.params };
  const context = call.context ?? {};
  const atLeastOnce = 'delivery' in context && context.delivery === 'at-least-once';
  const response = await connection.transport.request({
    provider: connection.provider,
    origins: connection.origins,
    path: call.path,
    method: connection.method,
    ...(connection.method === 'POST' ? { form: params } : { query: params }),
    ...(connection.timeoutMs === undefined ? {} : { timeoutMs: connection.timeoutMs }),
    idempotent: call.idempotent || atLeastOnce,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.recordAttempt ? { recordAttempt: context.recordAttempt } : {}),
    ...(context.endpointGuard ? { endpointGuard: context.endpointGuard } : {}),
    ...(context.logger ? { logger: context.logger } : {}),
  });
  const attempts = response.attempts ?? [];
  return {
    body: response.body,
    status: response.status,
    endpoint: attempts.at(-1)?.endpoint ?? response.origin,
    attempts,
    response,
  };
}
