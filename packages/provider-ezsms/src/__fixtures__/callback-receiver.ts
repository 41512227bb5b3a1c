import { createServer, type IncomingMessage } from 'node:http';
import type { WebhookRequest } from '@pesan/core';

/** A loopback HTTP server standing in for an application's callback URL. */
export interface CallbackReceiver {
  /** Base URL, e.g. `http://127.0.0.1:1234/hook?u=user`. */
  url(path?: string): string;
  /** Every callback received, as a `WebhookRequest`. */
  received: WebhookRequest[];
  close(): Promise<void>;
}

/** Starts a receiver answering `200 OK` to everything. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: WebhookRequest[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? 'GET',
        url: `http://${request.headers.host}${request.url}`,
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(', ') : (value ?? ''),
          ]),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
