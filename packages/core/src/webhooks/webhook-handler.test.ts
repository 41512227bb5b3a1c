import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { WebhookEvent } from '../provider/v1/webhook-event.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { MemoryStatusStore } from '../status/memory-status-store.js';
import { createWebhookHandler, type InboundEvent, type StatusEvent } from './webhook-handler.js';

const TOKEN = 'a-long-secret-token-123';

/** A provider whose callbacks are `?id=<messageId>&s=<status>` or a POST form with `from` and `text`. */
function callbackProvider(id = 'fake'): ProviderV1 {
  const provider = createFakeProvider({ id, capabilities: { deliveryReports: true, inbound: true } });
  provider.parseWebhook = (request: WebhookRequest): WebhookEvent[] => {
    const query = new URL(request.url).searchParams;
    if (request.method === 'POST') {
      const form = new URLSearchParams(request.body);
      const from = form.get('from');
      if (!from) throw new PesanError('INVALID_RESPONSE', { message: 'no sender' });
      return [
        { type: 'inbound', channel: 'sms', from, text: form.get('text') ?? '', at: new Date(0), raw: request.body },
      ];
    }
    const messageId = query.get('id');
    const status = query.get('s');
    if (!messageId || (status !== 'sent' && status !== 'delivered' && status !== 'failed')) {
      throw new PesanError('INVALID_RESPONSE', { message: 'unreadable callback' });
    }
    return [{ type: 'status', messageId, status, scope: 'carrier', vendorStatus: status, at: new Date(1000) }];
  };
  return provider;
}

function setup(overrides: { listenerThrows?: boolean } = {}) {
  const statusStore = new MemoryStatusStore();
  const statusEvents: StatusEvent[] = [];
  const inboundEvents: InboundEvent[] = [];
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const handler = createWebhookHandler({
    providers: new Map([['fake', callbackProvider()]]),
    token: TOKEN,
    statusStore,
    logger,
    maxBodyBytes: 1024,
    events: {
      status: (event) => {
        statusEvents.push(event);
        if (overrides.listenerThrows) throw new Error('listener bug');
      },
      inbound: (event) => inboundEvents.push(event),
    },
  });
  return { handler, statusStore, statusEvents, inboundEvents, logger };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const base = 'https://app.example';

describe('webhook handler', () => {
  it('applies a GET delivery report with the vendor query string and answers 200 OK', async () => {
    const { handler, statusStore, statusEvents } = setup();
    const url = `${handler.callbackUrl('fake', base)}?id=m1&s=delivered`;
    const response = await handler.handle(new Request(url));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('OK');
    expect((await statusStore.get('m1'))?.status).toBe('delivered');
    await flush();
    expect(statusEvents).toHaveLength(1);
    expect(statusEvents[0]).toMatchObject({ provider: 'fake', changed: true, record: { messageId: 'm1' } });
  });

  it('builds callback URLs under the given base', () => {
    const { handler } = setup();
    expect(handler.callbackUrl('fake', 'https://app.example/api/')).toBe(
      `https://app.example/api/webhooks/fake/${TOKEN}`,
    );
  });

  it('passes POST form bodies to the provider and emits inbound messages', async () => {
    const { handler, inboundEvents } = setup();
    const response = await handler.handle(
      new Request(handler.callbackUrl('fake', base), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'from=%2B60123456789&text=hi',
      }),
    );
    expect(response.status).toBe(200);
    await flush();
    expect(inboundEvents).toEqual([expect.objectContaining({ provider: 'fake', from: '+60123456789', text: 'hi' })]);
  });

  it.each([
    ['a wrong token', `${base}/webhooks/fake/wrong-token-of-some-length?id=m1&s=sent`, 'GET', 401],
    ['an unknown provider', `${base}/webhooks/ghost/${TOKEN}?id=m1&s=sent`, 'GET', 404],
    ['a path without provider and token', `${base}/webhooks/fake`, 'GET', 404],
    ['an unparseable payload', `${base}/webhooks/fake/${TOKEN}?id=m1&s=bogus`, 'GET', 400],
    ['a method not allowed', `${base}/webhooks/fake/${TOKEN}`, 'PUT', 405],
  ])('rejects %s and logs it', async (_name, url, method, status) => {
    const { handler, logger, statusStore } = setup();
    const response = await handler.handle(new Request(url, { method, body: method === 'PUT' ? 'x' : undefined }));
    expect(response.status).toBe(status);
    expect(logger.warn).toHaveBeenCalled();
    expect(await statusStore.get('m1')).toBeUndefined();
  });

  it('rejects a body over the limit with 413, by header or by size read', async () => {
    const { handler } = setup();
    const big = `from=x&text=${'a'.repeat(2048)}`;
    const declared = await handler.handle(
      new Request(handler.callbackUrl('fake', base), { method: 'POST', body: big }),
    );
    expect(declared.status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await handler.handle(
      new Request(handler.callbackUrl('fake', base), { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
    );
    expect(streamed.status).toBe(413);
  });

  it('treats a duplicate callback as a no-op and emits it once', async () => {
    const { handler, statusStore, statusEvents } = setup();
    const url = `${handler.callbackUrl('fake', base)}?id=m1&s=sent`;
    expect((await handler.handle(new Request(url))).status).toBe(200);
    expect((await handler.handle(new Request(url))).status).toBe(200);
    await flush();
    expect(await statusStore.history('m1')).toHaveLength(1);
    expect(statusEvents).toHaveLength(1);
  });

  it('answers 200 even when a listener throws, and logs the listener error', async () => {
    const { handler, logger } = setup({ listenerThrows: true });
    const response = await handler.handle(new Request(`${handler.callbackUrl('fake', base)}?id=m9&s=sent`));
    expect(response.status).toBe(200);
    await flush();
    expect(logger.error).toHaveBeenCalledWith('webhook event listener failed', expect.anything());
  });

  it('refuses short tokens at construction', () => {
    expect(() =>
      createWebhookHandler({
        providers: new Map(),
        token: 'short',
        statusStore: new MemoryStatusStore(),
        events: { status: () => {}, inbound: () => {} },
      }),
    ).toThrow(PesanError);
  });

  describe('through a real node:http server', () => {
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await close?.();
      close = undefined;
    });

    it('serves every answer over loopback', async () => {
      const { handler, statusStore, inboundEvents } = setup();
      const server = createServer(handler.nodeListener());
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      close = () => new Promise((resolve) => server.close(() => resolve()));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      const ok = await fetch(`${handler.callbackUrl('fake', origin)}?id=n1&s=delivered`);
      expect([ok.status, await ok.text()]).toEqual([200, 'OK']);
      expect((await statusStore.get('n1'))?.status).toBe('delivered');

      const posted = await fetch(handler.callbackUrl('fake', origin), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'from=%2B60111111111&text=hello',
      });
      expect(posted.status).toBe(200);
      await flush();
      expect(inboundEvents.map((event) => event.text)).toEqual(['hello']);

      expect((await fetch(`${origin}/webhooks/fake/not-the-token-at-all?id=n1&s=sent`)).status).toBe(401);
      expect((await fetch(`${origin}/webhooks/ghost/${TOKEN}`)).status).toBe(404);
      expect((await fetch(`${handler.callbackUrl('fake', origin)}?id=n1&s=nope`)).status).toBe(400);
      expect((await fetch(handler.callbackUrl('fake', origin), { method: 'DELETE' })).status).toBe(405);
      const tooBig = await fetch(handler.callbackUrl('fake', origin), { method: 'POST', body: 'x'.repeat(4096) });
      expect(tooBig.status).toBe(413);
    });
  });
});
