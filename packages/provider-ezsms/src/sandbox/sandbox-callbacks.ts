import { request } from 'node:http';

/** The longest the sandbox waits for an application's callback endpoint. */
export const CALLBACK_TIMEOUT_MS = 5_000;

/**
 * Pushes a vendor callback: an HTTP GET of `baseUrl` with `params` appended
 * to its query string, as sms.com.my does. Resolves with the HTTP status.
 */
export function pushCallback(baseUrl: string, params: Record<string, string>, signal: AbortSignal): Promise<number> {
  const url = new URL(baseUrl);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  if (url.protocol !== 'http:') return Promise.reject(new Error('the sandbox pushes callbacks over http:// only'));
  return new Promise<number>((resolve, reject) => {
    const outgoing = request(url, { method: 'GET', signal, timeout: CALLBACK_TIMEOUT_MS }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`callback to ${url.origin} timed out`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}
