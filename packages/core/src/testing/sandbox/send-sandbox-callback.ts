import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How {@link sendSandboxCallback} calls a callback URL. */
export interface SandboxCallbackRequest {
  /** Default `GET`. */
  method?: string;
  /** Parameters appended to the URL's query string, in order (a vendor's GET callback). */
  query?: Readonly<Record<string, string>>;
  /** Request headers (a JSON `content-type`, a signature). */
  headers?: Readonly<Record<string, string>>;
  /** A request body (a JSON or form callback). */
  body?: string;
  /** Aborts the push (the sandbox stopping). */
  signal?: AbortSignal;
  /** Longest wait for the callback's answer. Default 5 000 ms. */
  timeoutMs?: number;
}

/** What a callback URL answered: its status and the start of its body. */
export interface SandboxCallbackAnswer {
  status: number;
  /** The body's first 64 KiB, as UTF-8. */
  body: string;
}

/** The longest a sandbox waits for an application's callback endpoint by default. */
export const SANDBOX_CALLBACK_TIMEOUT_MS = 5_000;

const MAX_ANSWER_BYTES = 65_536;

/** The URL a callback goes to: `url` with `query` appended. */
export function sandboxCallbackTarget(url: string, query: Readonly<Record<string, string>> = {}): URL {
  const target = new URL(url);
  for (const [name, value] of Object.entries(query)) target.searchParams.append(name, value);
  return target;
}

/**
 * Pushes one vendor callback over HTTP(S), as a vendor's platform does, and
 * resolves with the answer. Rejects on a connection error, a timeout or an
 * abort; any HTTP status resolves.
 */
export function sendSandboxCallback(url: string, options: SandboxCallbackRequest = {}): Promise<SandboxCallbackAnswer> {
  let target: URL;
  try {
    target = sandboxCallbackTarget(url, options.query);
  } catch (error) {
    return Promise.reject(error);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return Promise.reject(new Error(`the sandbox pushes callbacks over http(s) only, not ${target.protocol}`));
  }
  const timeoutMs = options.timeoutMs ?? SANDBOX_CALLBACK_TIMEOUT_MS;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(target, {
      method: options.method ?? 'GET',
      headers: {
        ...options.headers,
        ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }),
      },
      timeout: timeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8'),
        }),
      );
      response.on('error', reject);
      response.on('close', () => {
        if (!response.complete) reject(new Error('callback answer cut short'));
      });
    });
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`callback to ${target.origin} had no answer in ${timeoutMs} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
