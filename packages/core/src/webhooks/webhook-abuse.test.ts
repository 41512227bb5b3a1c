import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import type { Logger } from '../provider/v1/logger.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { WebhookEvent } from '../provider/v1/webhook-event.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { MemoryStatusStore } from '../status/memory-status-store.js';
import { tokenFingerprint } from './token-fingerprint.js';
import { WEBHOOK_FIELD_LIMITS } from './webhook-field-limits.js';
import { createWebhookHandler, type InboundEvent } from './webhook-handler.js';

const TOKEN = 'abuse-test-token-0123456789';
const base = 'https://app.example';

/**
 * GET `?id=&s=&vs=` is a delivery report (`vs` the vendor status, default `s`);
 * POST form `from`, `text`, `channel` is an inbound message.
 */
function provider(): ProviderV1 {
  const fake = createFakeProvider({ id: 'fake', capabilities: { deliveryReports: true, inbound: true } });
  fake.parseWebhook = (request: WebhookRequest): WebhookEvent[] => {
    if (request.method === 'POST') {
      const form = new URLSearchParams(request.body);
      const from = form.get('from');
      if (!from) throw new PesanError('INVALID_RESPONSE', { message: 'no sender' });
      const channel = form.get('channel') === 'whatsapp' ? 'whatsapp' : 'sms';
      return [{ type: 'inbound', channel, from, text: form.get('text') ?? '', at: new Date(0), raw: request.body }];
    }
    const query = new URL(request.url).searchParams;
    const messageId = query.get('id');
    const status = query.get('s');
    if (!messageId || status !== 'delivered') {
      // Echoes the URL, as a careless community provider might.
      throw new PesanError('INVALID_RESPONSE', { message: `unreadable callback ${request.url}` });
    }
    return [
      { type: 'status', messageId, status, scope: 'carrier', vendorStatus: query.get('vs') ?? status, at: new Date(0) },
    ];
  };
  return fake;
}

interface LogLine {
  level: string;
  line: string;
}

function setup(options: { bodyTimeoutMs?: number; maxBodyBytes?: number } = {}) {
  const lines: LogLine[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, line: `${message} ${JSON.stringify(fields ?? {})}` });
    };
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const statusStore = new MemoryStatusStore();
  const inbound: InboundEvent[] = [];
  const handler = createWebhookHandler({
    providers: new Map([['fake', provider()]]),
    token: TOKEN,
    statusStore,
    logger,
    maxBodyBytes: options.maxBodyBytes ?? 1024,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 200,
    events: { status: () => {}, inbound: (event) => inbound.push(event) },
  });
  return { handler, statusStore, lines, inbound };
}

let servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  servers = [];
});

async function listen(listener: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(listener);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

interface RawExchange {
  /** Everything the server sent. */
  received: string;
  /** Milliseconds from connecting until the server closed the connection, or `undefined` if it did not within `waitMs`. */
  closedAfterMs: number | undefined;
}

/**
 * Speaks HTTP/1.1 over a raw socket: writes `head`, then trickles `trickle`
 * one byte every `everyMs` (a bounded loop), and waits at most `waitMs` for
 * the server to close the connection.
 */
function rawExchange(
  port: number,
  head: string,
  options: { trickle?: string; everyMs?: number; waitMs?: number } = {},
): Promise<RawExchange> {
  const { trickle = '', everyMs = 50, waitMs = 2000 } = options;
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let interval: NodeJS.Timeout | undefined;
    const finish = (closedAfterMs: number | undefined) => {
      clearInterval(interval);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ received, closedAfterMs });
    };
    const deadline = setTimeout(() => finish(undefined), waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => finish(Date.now() - started));
    socket.on('connect', () => {
      socket.write(head);
      interval = setInterval(() => {
        if (sent >= trickle.length || socket.destroyed) return clearInterval(interval);
        socket.write(trickle[sent] ?? '');
        sent += 1;
      }, everyMs);
    });
  });
}

const statusLine = (received: string) => received.split('\r\n')[0];

describe('nodeListener decides from the request line before reading a body', () => {
  it('answers a wrong token with 401 without reading a large body', async () => {
    const { handler } = setup();
    const port = await listen(handler.nodeListener());
    const response = await fetch(`http://127.0.0.1:${port}/webhooks/fake/wrong-token-of-some-length`, {
      method: 'POST',
      body: 'x'.repeat(100_000),
    }).catch((error: unknown) => error);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(401);
  });

  it('cuts off a wrong-token client trickling its body, long before any server timeout', async () => {
    const { handler } = setup({ bodyTimeoutMs: 10_000 });
    const port = await listen(handler.nodeListener());
    const exchanges = await Promise.all(
      Array.from({ length: 20 }, () =>
        rawExchange(
          port,
          'POST /webhooks/fake/wrong-token-of-some-length HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n',
          { trickle: 'x'.repeat(30), everyMs: 50, waitMs: 3000 },
        ),
      ),
    );
    for (const exchange of exchanges) {
      expect(statusLine(exchange.received)).toBe('HTTP/1.1 401 Unauthorized');
      // Cut off well before the client was done trickling (1.5 s, and 1 000 bytes were declared).
      expect(exchange.closedAfterMs).toBeDefined();
      expect(exchange.closedAfterMs).toBeLessThan(1400);
    }
  });

  it('refuses a declared Content-Length over the limit at once, before a byte of the body arrives', async () => {
    const { handler } = setup();
    const port = await listen(handler.nodeListener());
    const exchange = await rawExchange(
      port,
      `POST /webhooks/fake/${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n`,
      { waitMs: 3000 },
    );
    expect(statusLine(exchange.received)).toBe('HTTP/1.1 413 Payload Too Large');
    expect(exchange.closedAfterMs).toBeLessThan(2000);
  });

  it('answers 408 and closes the connection when the body takes longer than bodyTimeoutMs', async () => {
    const { handler, inbound } = setup({ bodyTimeoutMs: 200 });
    const port = await listen(handler.nodeListener());
    const exchange = await rawExchange(
      port,
      `POST /webhooks/fake/${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n`,
      { trickle: 'from=%2B60123456789&text=slow', everyMs: 50, waitMs: 3000 },
    );
    expect(statusLine(exchange.received)).toBe('HTTP/1.1 408 Request Timeout');
    // The client would trickle for 1.45 s and never complete its 100 declared bytes.
    expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(150);
    expect(exchange.closedAfterMs).toBeLessThan(1400);
    expect(inbound).toEqual([]);
  });

  it('still reads a body that arrives in time, in several pieces', async () => {
    const { handler, inbound } = setup({ bodyTimeoutMs: 1000 });
    const port = await listen(handler.nodeListener());
    const body = 'from=%2B60123456789&text=ok';
    const exchange = await rawExchange(
      port,
      `POST /webhooks/fake/${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n`,
      { trickle: body, everyMs: 5, waitMs: 1500 },
    );
    expect(statusLine(exchange.received)).toBe('HTTP/1.1 200 OK');
    await new Promise((resolve) => setImmediate(resolve));
    expect(inbound.map((event) => event.text)).toEqual(['ok']);
  });
});

describe('handle() bounds the time to read a body', () => {
  it('answers 408 when the body stream stalls', async () => {
    const { handler } = setup({ bodyTimeoutMs: 200 });
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('from=%2B6012'));
      },
    });
    const started = Date.now();
    const response = await handler.handle(
      new Request(handler.callbackUrl('fake', base), { method: 'POST', body: stalled, duplex: 'half' } as RequestInit),
    );
    expect(response.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('webhooks.bodyTimeoutMs on the messenger', () => {
  it('reaches the handler, and a bad value is refused at creation', async () => {
    const messenger = createMessenger({ providers: [provider()], webhooks: { token: TOKEN, bodyTimeoutMs: 100 } });
    try {
      const stalled = new ReadableStream<Uint8Array>({ start() {} });
      const response = await messenger.webhooks.handle(
        new Request(messenger.webhooks.callbackUrl('fake', base), {
          method: 'POST',
          body: stalled,
          duplex: 'half',
        } as RequestInit),
      );
      expect(response.status).toBe(408);
    } finally {
      await messenger.close();
    }
    expect(() => createMessenger({ providers: [provider()], webhooks: { token: TOKEN, bodyTimeoutMs: 0 } })).toThrow(
      /webhooks\.bodyTimeoutMs/,
    );
  });
});

describe('methods other than GET and POST', () => {
  it('answers TRACE through nodeListener with 405 and Allow: GET, POST', async () => {
    const { handler } = setup();
    const port = await listen(handler.nodeListener());
    for (const path of [`/webhooks/fake/${TOKEN}`, '/webhooks/fake/wrong-token-of-some-length']) {
      const answer = await new Promise<{ status?: number; allow?: string | string[] }>((resolve, reject) => {
        const outgoing = httpRequest({ host: '127.0.0.1', port, path, method: 'TRACE' }, (incoming) => {
          incoming.resume();
          resolve({ status: incoming.statusCode, allow: incoming.headers.allow });
        });
        outgoing.on('error', reject);
        outgoing.end();
      });
      expect(answer).toEqual({ status: 405, allow: 'GET, POST' });
    }
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])(
    'answers %s through handle() with 405 and Allow',
    async (method) => {
      const { handler } = setup();
      const response = await handler.handle(new Request(handler.callbackUrl('fake', base), { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, POST');
    },
  );

  it('keeps GET and POST working', async () => {
    const { handler } = setup();
    const url = handler.callbackUrl('fake', base);
    expect((await handler.handle(new Request(`${url}?id=m1&s=delivered`))).status).toBe(200);
    const posted = await handler.handle(new Request(url, { method: 'POST', body: 'from=%2B6012&text=hi' }));
    expect(posted.status).toBe(200);
  });
});

describe('logs never carry the token or a query string', () => {
  it('logs provider ids and token fingerprints only', async () => {
    const { handler, lines } = setup({ maxBodyBytes: 64 });
    const port = await listen(handler.nodeListener());
    const origin = `http://127.0.0.1:${port}`;
    const query = 'user=acme&password=vendor-secret-pw';
    const callback = handler.callbackUrl('fake', origin);
    const attempts: [string, RequestInit?][] = [
      [`${origin}/webhooks/fake/${TOKEN}/extra?${query}`],
      [`${origin}/webhooks/fake/${TOKEN}%E0%A4%A?${query}`],
      [`${origin}/webhooks/${TOKEN}/${TOKEN}x?${query}`],
      [`${origin}/webhooks/ghost/${TOKEN}?${query}`],
      [`${callback}?${query}`],
      [`${callback}?id=m1&s=bogus&${query}`],
      [`${callback}?${query}`, { method: 'POST', body: 'x'.repeat(100) }],
      [`${callback}?${query}`, { method: 'DELETE' }],
      [`${callback}?id=${'9'.repeat(200)}&s=delivered&${query}`],
    ];
    const statuses: number[] = [];
    for (const [url, init] of attempts) statuses.push((await fetch(url, init)).status);
    expect(statuses).toEqual([404, 400, 401, 404, 400, 400, 413, 405, 400]);
    for (const [url] of attempts) statuses.push((await handler.handle(new Request(url))).status);

    expect(lines.length).toBeGreaterThanOrEqual(attempts.length);
    for (const { line } of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain('vendor-secret-pw');
      expect(line).not.toContain('user=acme');
      expect(line).not.toContain('?');
    }
    const wrongToken = lines.find(({ line }) => line.startsWith('webhook rejected: wrong token'));
    expect(wrongToken?.line).toContain(tokenFingerprint(`${TOKEN}x`));
  });
});

describe('field lengths a vendor could never produce', () => {
  const limits = WEBHOOK_FIELD_LIMITS;

  it('documents the limits', () => {
    expect(limits).toEqual({
      messageId: 128,
      vendorStatus: 64,
      address: 32,
      smsText: 10_000,
      whatsappText: 4_096,
    });
  });

  it('answers 400 to an oversized message id or vendor status and stores nothing', async () => {
    const { handler, statusStore } = setup();
    const url = handler.callbackUrl('fake', base);
    const longId = 'm'.repeat(60_000);
    expect((await handler.handle(new Request(`${url}?id=${longId}&s=delivered`))).status).toBe(400);
    expect(await statusStore.get(longId)).toBeUndefined();
    const longStatus = 'D'.repeat(limits.vendorStatus + 1);
    expect((await handler.handle(new Request(`${url}?id=m2&s=delivered&vs=${longStatus}`))).status).toBe(400);
    expect(await statusStore.get('m2')).toBeUndefined();
    expect(statusStore.size).toBe(0);

    const atLimit = 'm'.repeat(limits.messageId);
    const vendorStatus = 'D'.repeat(limits.vendorStatus);
    expect((await handler.handle(new Request(`${url}?id=${atLimit}&s=delivered&vs=${vendorStatus}`))).status).toBe(200);
    expect((await statusStore.get(atLimit))?.vendorStatus).toBe(vendorStatus);
  });

  it('answers 400 to inbound text or addresses longer than the channel allows', async () => {
    const { handler, inbound } = setup({ maxBodyBytes: 256 * 1024 });
    const post = (fields: Record<string, string>) =>
      handler.handle(
        new Request(handler.callbackUrl('fake', base), {
          method: 'POST',
          body: new URLSearchParams(fields).toString(),
        }),
      );
    expect((await post({ from: '+60123456789', text: 'a'.repeat(limits.smsText + 1) })).status).toBe(400);
    expect(
      (await post({ from: '+60123456789', channel: 'whatsapp', text: 'a'.repeat(limits.whatsappText + 1) })).status,
    ).toBe(400);
    expect((await post({ from: '6'.repeat(limits.address + 1), text: 'hi' })).status).toBe(400);
    // Characters are code points: 4096 emoji are 8192 UTF-16 units and still fit.
    expect(
      (await post({ from: '+60123456789', channel: 'whatsapp', text: '😀'.repeat(limits.whatsappText) })).status,
    ).toBe(200);
    expect((await post({ from: '+60123456789', text: 'a'.repeat(limits.smsText) })).status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(inbound).toHaveLength(2);
  });
});
