import { MockAgent } from 'undici';

/** One request the mock vendor received, as it was sent. */
export interface MockVendorRequest {
  /** The origin it went to. */
  origin: string;
  /** `GET`, `POST`, ... */
  method: string;
  /** The path as requested, query string included. */
  path: string;
  /** The path without the query string. */
  pathname: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Form body parameters (empty for other bodies). */
  form: Record<string, string>;
  /** The body, parsed, when it is JSON. */
  json?: unknown;
  /** The raw body (empty without one). */
  body: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

/** An answer: a body with status 200, or status, body and headers. */
export type MockVendorReply =
  | string
  | { status?: number; body: string; contentType?: string; headers?: Record<string, string> };

/** How a route answers: always the same, in turn (the last one repeats), or computed from the request. */
export type MockVendorAnswer =
  | MockVendorReply
  | readonly MockVendorReply[]
  | ((request: MockVendorRequest) => MockVendorReply);

/** An undici `MockAgent` standing in for a vendor, recording every request. */
export interface MockVendor {
  /** Pass as the provider's `dispatcher`. */
  readonly agent: MockAgent;
  /** Every request, oldest first. */
  readonly requests: MockVendorRequest[];
  /**
   * Answers every request to `origin` whose path (without its query) is
   * `pathname`, or any path for `'*'`, with any method.
   */
  route(origin: string, pathname: string, answer: MockVendorAnswer): void;
  /** Closes the agent. */
  close(): Promise<void>;
}

function headersOf(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let index = 0; index + 1 < raw.length; index += 2)
      headers[String(raw[index]).toLowerCase()] = String(raw[index + 1]);
  } else if (raw && typeof raw === 'object') {
    for (const [name, value] of Object.entries(raw)) headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

function jsonOf(body: string, contentType: string | undefined): unknown {
  if (!contentType?.includes('json')) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * A mock vendor for unit tests: no network (`disableNetConnect`), every
 * request recorded exactly as sent, answers scripted per route.
 *
 * ```ts
 * const vendor = createMockVendor();
 * vendor.route('https://api.acme.example', '/v1/sms', '{"status":"0","id":"7"}');
 * const provider = acme({ apiKey, dispatcher: vendor.agent });
 * await provider.send({ to: '+60123456789', text: 'Hi' });
 * expect(vendor.requests[0]?.json).toEqual({ to: '60123456789', text: 'Hi' });
 * ```
 *
 * @param options.contentType content type of string answers (default `text/plain; charset=utf-8`).
 */
export function createMockVendor(options: { contentType?: string } = {}): MockVendor {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const requests: MockVendorRequest[] = [];
  const defaultContentType = options.contentType ?? 'text/plain; charset=utf-8';
  return {
    agent,
    requests,
    route(origin, pathname, answer) {
      let turn = 0;
      agent
        .get(origin)
        .intercept({
          path: (requested: string) => pathname === '*' || requested.split('?')[0] === pathname,
          method: () => true,
        })
        .reply((options) => {
          const url = new URL(options.path, origin);
          const body =
            typeof options.body === 'string' ? options.body : options.body == null ? '' : String(options.body);
          const headers = headersOf(options.headers);
          const json = jsonOf(body, headers['content-type']);
          const request: MockVendorRequest = {
            origin,
            method: options.method,
            path: options.path,
            pathname: url.pathname,
            query: Object.fromEntries(url.searchParams),
            form: headers['content-type']?.includes('x-www-form-urlencoded')
              ? Object.fromEntries(new URLSearchParams(body))
              : {},
            ...(json === undefined ? {} : { json }),
            body,
            headers,
          };
          requests.push(request);
          const reply =
            typeof answer === 'function'
              ? answer(request)
              : Array.isArray(answer)
                ? (answer[Math.min(turn++, answer.length - 1)] ?? '')
                : (answer as MockVendorReply);
          const {
            status = 200,
            body: data,
            contentType = defaultContentType,
            headers: extra = {},
          } = typeof reply === 'string' ? { body: reply } : reply;
          return { statusCode: status, data, responseOptions: { headers: { 'content-type': contentType, ...extra } } };
        })
        .persist();
    },
    close: () => agent.close(),
  };
}
