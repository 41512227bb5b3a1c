import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** One request a mirror received, read and parsed, as a vendor sandbox's `handle` sees it. */
export interface SandboxRequest {
  /** Index of the mirror that received it (0 is `urls[0]`). */
  readonly mirror: number;
  /** `GET`, `POST`, ... */
  readonly method: string;
  /** The path as sent, without the query, e.g. `/isms_send_all_id.php`. */
  readonly path: string;
  /** The whole URL, against the mirror's origin. */
  readonly url: URL;
  /** The query string as sent, without `?` (for vendors that limit its length). */
  readonly rawQuery: string;
  /** Headers as Node reads them (lower-case names). */
  readonly headers: IncomingHttpHeaders;
  /** `content-type`, lower case; `''` when absent. */
  readonly contentType: string;
  /** The body as UTF-8 text. */
  readonly body: string;
  /** Query parameters. */
  readonly query: URLSearchParams;
  /** Form parameters of an `application/x-www-form-urlencoded` body; empty otherwise. */
  readonly form: URLSearchParams;
  /** Query then form parameters in one record; a later value of a name wins. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The body parsed as JSON when it is a JSON object or array; `undefined` otherwise. */
  readonly json?: unknown;
}

function parseJson(body: string): unknown {
  const start = body.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Builds the {@link SandboxRequest} of a received request and its body. */
export function createSandboxRequest(incoming: IncomingMessage, mirror: number, body: string): SandboxRequest {
  const target = incoming.url ?? '/';
  const url = new URL(target, `http://${incoming.headers.host ?? '127.0.0.1'}`);
  const contentType = (incoming.headers['content-type'] ?? '').toLowerCase();
  const form = contentType.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(body)
    : new URLSearchParams();
  const parameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) parameters[name] = value;
  for (const [name, value] of form) parameters[name] = value;
  const json = parseJson(body);
  const question = target.indexOf('?');
  return {
    mirror,
    method: incoming.method ?? 'GET',
    path: url.pathname,
    url,
    rawQuery: question === -1 ? '' : target.slice(question + 1),
    headers: incoming.headers,
    contentType,
    body,
    query: url.searchParams,
    form,
    parameters,
    ...(json === undefined ? {} : { json }),
  };
}
