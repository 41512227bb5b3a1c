import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { WebhookEvent } from '../provider/v1/webhook-event.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { MemoryStatusStore } from '../status/memory-status-store.js';
import type { StatusStore } from '../status/status-store.js';
import { createWebhookHandler, type InboundEvent, type StatusEvent } from './webhook-handler.js';

const TOKEN = 'frameworks-test-token-0001';

/** Reads GET `?id=&s=` reports (comma-separated ids for several) and POST bodies (form or JSON) with `from`/`text`. */
function provider(): ProviderV1 {
  const fake = createFakeProvider({ id: 'fake', capabilities: { deliveryReports: true, inbound: true } });
  fake.parseWebhook = (request: WebhookRequest): WebhookEvent[] => {
    if (request.method === 'POST') {
      const json = (request.headers['content-type'] ?? '').includes('json');
      const fields = json
        ? (JSON.parse(request.body || '{}') as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(request.body));
      if (!fields.from) throw new PesanError('INVALID_RESPONSE', { message: 'no sender' });
      return [
        { type: 'inbound', channel: 'sms', from: fields.from, text: fields.text ?? '', at: new Date(0), raw: fields },
      ];
    }
    const ids = new URL(request.url).searchParams.get('id')?.split(',') ?? [];
    if (ids.length === 0) throw new PesanError('INVALID_RESPONSE', { message: 'no id' });
    return ids.map((messageId) => ({
      type: 'status',
      messageId,
      status: 'delivered',
      scope: 'handset',
      vendorStatus: 'OK',
      at: new Date(0),
    }));
  };
  return fake;
}

function handlerWith(
  options: { statusStore?: StatusStore; onInbound?: (event: InboundEvent) => Promise<void>; path?: string } = {},
) {
  const statusEvents: StatusEvent[] = [];
  const inboundEvents: InboundEvent[] = [];
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const handler = createWebhookHandler({
    providers: new Map([['fake', provider()]]),
    token: TOKEN,
    statusStore: options.statusStore ?? new MemoryStatusStore(),
    onInbound: options.onInbound,
    path: options.path,
    logger,
    maxBodyBytes: 1024,
    events: { status: (event) => statusEvents.push(event), inbound: (event) => inboundEvents.push(event) },
  });
  return { handler, statusEvents, inboundEvents, logger };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const base = 'https://app.example';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('webhook handler edge cases', () => {
  it('answers 400 to a malformed path instead of throwing', async () => {
    const { handler, logger } = handlerWith();
    const response = await handler.handle(new Request(`${base}/webhooks/fake/%E0%A4%A`));
    expect(response.status).toBe(400);
    expect(logger.warn).toHaveBeenCalledWith('webhook rejected: malformed path', expect.anything());
  });

  it('announces the reports it applied before the store failed, and answers 500 so the vendor retries', async () => {
    const store = new MemoryStatusStore();
    const failing: StatusStore = {
      get: (...args) => store.get(...args),
      history: (...args) => store.history(...args),
      pending: (options) => store.pending(options),
      markChecked: (...args) => store.markChecked(...args),
      apply: async (update) => {
        if (update.messageId === 'm2') throw new Error('database down');
        return store.apply(update);
      },
    };
    const { handler, statusEvents } = handlerWith({ statusStore: failing });
    const response = await handler.handle(new Request(`${handler.callbackUrl('fake', base)}?id=m1,m2`));
    expect(response.status).toBe(500);
    await flush();
    expect(statusEvents.map((event) => event.record.messageId)).toEqual(['m1']);
  });

  it('awaits onInbound before answering, and answers 500 when it fails', async () => {
    const stored: string[] = [];
    const ok = handlerWith({ onInbound: async (event) => void stored.push(event.text) });
    const request = () =>
      new Request(ok.handler.callbackUrl('fake', base), {
        method: 'POST',
        headers: form,
        body: 'from=%2B60111111111&text=hi',
      });
    expect((await ok.handler.handle(request())).status).toBe(200);
    expect(stored).toEqual(['hi']);

    const failing = handlerWith({ onInbound: async () => Promise.reject(new Error('queue down')) });
    const response = await failing.handler.handle(
      new Request(failing.handler.callbackUrl('fake', base), { method: 'POST', headers: form, body: 'from=x&text=hi' }),
    );
    expect(response.status).toBe(500);
    await flush();
    expect(failing.inboundEvents).toEqual([]);
  });
});

describe('webhook handler behind frameworks, on 127.0.0.1', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function serve(server: Server): Promise<string> {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    close = () => new Promise((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('reads the body under Express, with or without a body parser in front', async () => {
    const { handler, inboundEvents, logger } = handlerWith();
    const app = express();
    app.use('/parsed', express.urlencoded({ extended: false }), express.json());
    app.all('/parsed/webhooks/:provider/:token', handler.nodeListener());
    app.all('/raw/webhooks/:provider/:token', handler.nodeListener());
    const origin = await serve(createServer(app));

    for (const prefix of ['parsed', 'raw']) {
      const url = handler.callbackUrl('fake', `${origin}/${prefix}`);
      const posted = await fetch(url, { method: 'POST', headers: form, body: `from=%2B6011&text=${prefix}-form` });
      expect(posted.status).toBe(200);
      const json = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+6012', text: `${prefix}-json` }),
      });
      expect(json.status).toBe(200);
      expect((await fetch(`${url}?id=m-${prefix}`)).status).toBe(200);
    }
    const tooBig = await fetch(handler.callbackUrl('fake', `${origin}/raw`), {
      method: 'POST',
      body: 'x'.repeat(4096),
    });
    expect(tooBig.status).toBe(413);
    expect(logger.warn).toHaveBeenCalledWith('webhook rejected: body too large', expect.anything());
    await flush();
    expect(inboundEvents.map((event) => event.text)).toEqual(['parsed-form', 'parsed-json', 'raw-form', 'raw-json']);
  });

  it('reads the body under Fastify with the README setup', async () => {
    const { handler, inboundEvents } = handlerWith();
    const fastify = Fastify();
    await fastify.register(async (app) => {
      app.removeAllContentTypeParsers();
      app.addContentTypeParser('*', (_request, _payload, done) => done(null));
      app.all('/webhooks/:provider/:token', (request, reply) => {
        reply.hijack();
        handler.nodeListener()(request.raw, reply.raw);
      });
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    close = () => fastify.close();
    const address = fastify.server.address() as AddressInfo;
    const url = handler.callbackUrl('fake', `http://127.0.0.1:${address.port}`);

    expect((await fetch(url, { method: 'POST', headers: form, body: 'from=%2B6013&text=fastify-form' })).status).toBe(
      200,
    );
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+6014', text: 'fastify-json' }),
    });
    expect(json.status).toBe(200);
    expect((await fetch(`${url}?id=f1`)).status).toBe(200);
    await flush();
    expect(inboundEvents.map((event) => event.text)).toEqual(['fastify-form', 'fastify-json']);
  });

  it('serves Express under a prefix, from req.params or from webhooks.path', async () => {
    const params = handlerWith();
    const app = express();
    app.use('/api', express.urlencoded({ extended: false }));
    // Route parameters: the default callback path is not needed at all.
    app.all('/api/hooks/:provider/:token', params.handler.nodeListener());
    const origin = await serve(createServer(app));

    const byParams = `${origin}/api/hooks/fake/${TOKEN}`;
    expect((await fetch(byParams, { method: 'POST', headers: form, body: 'from=%2B6015&text=params' })).status).toBe(
      200,
    );
    expect((await fetch(`${byParams}?id=p1`)).status).toBe(200);
    expect((await fetch(`${origin}/api/hooks/fake/wrong-token-0000000000`)).status).toBe(401);
    expect((await fetch(`${origin}/api/hooks/ghost/${TOKEN}`)).status).toBe(404);
    expect((await fetch(byParams, { method: 'PUT' })).status).toBe(405);

    // A mount strips its prefix from req.url; webhooks.path matches the original URL's end.
    const v2 = handlerWith({ path: '/api/hooks/v2/:provider/:token' });
    const v2App = express();
    v2App.use('/api/hooks', (request, response) => v2.handler.nodeListener()(request, response));
    const v2Origin = await serve(createServer(v2App));
    const url = v2.handler.callbackUrl('fake', v2Origin);
    expect(url).toBe(`${v2Origin}/api/hooks/v2/fake/${TOKEN}`);
    expect((await fetch(url, { method: 'POST', headers: form, body: 'from=%2B6016&text=pattern' })).status).toBe(200);
    expect((await fetch(`${v2Origin}/api/webhooks/fake/${TOKEN}`)).status).toBe(404);
    await flush();
    expect(params.inboundEvents.map((event) => event.text)).toEqual(['params']);
    expect(params.statusEvents.map((event) => event.record.messageId)).toEqual(['p1']);
    expect(v2.inboundEvents.map((event) => event.text)).toEqual(['pattern']);
  });

  it('serves Fastify under a prefix with webhooks.path', async () => {
    const { handler, inboundEvents } = handlerWith({ path: '/api/hooks/:provider/:token' });
    const fastify = Fastify();
    await fastify.register(
      async (app) => {
        app.removeAllContentTypeParsers();
        app.addContentTypeParser('*', (_request, _payload, done) => done(null));
        app.all('/hooks/:provider/:token', (request, reply) => {
          reply.hijack();
          handler.nodeListener()(request.raw, reply.raw);
        });
      },
      { prefix: '/api' },
    );
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    close = () => fastify.close();
    const address = fastify.server.address() as AddressInfo;
    const url = handler.callbackUrl('fake', `http://127.0.0.1:${address.port}`);
    expect(url).toBe(`http://127.0.0.1:${address.port}/api/hooks/fake/${TOKEN}`);
    expect((await fetch(url, { method: 'POST', headers: form, body: 'from=%2B6017&text=fastify-prefix' })).status).toBe(
      200,
    );
    expect((await fetch(`${url}?id=f2`)).status).toBe(200);
    expect((await fetch(url.replace(TOKEN, 'wrong-token-000000000000'))).status).toBe(401);
    await flush();
    expect(inboundEvents.map((event) => event.text)).toEqual(['fastify-prefix']);
  });
});

describe('webhook handler with route parameters (Hono, Next.js)', () => {
  it('takes the provider and token from handle(request, params), checked before the body', async () => {
    const { handler, inboundEvents, logger } = handlerWith();
    // Hono: app.all('/api/hooks/:provider/:token', (c) => handler.handle(c.req.raw, c.req.param()))
    const url = 'https://app.example/api/hooks/fake/ignored';
    const ok = await handler.handle(
      new Request(url, { method: 'POST', headers: form, body: 'from=%2B6018&text=hono' }),
      { provider: 'fake', token: TOKEN },
    );
    expect(ok.status).toBe(200);
    // Next.js: export const POST = (request, { params }) => handler.handle(request, await params)
    const unreadBody = new ReadableStream({
      pull() {
        throw new Error('the body must not be read before the token is checked');
      },
    });
    const wrong = await handler.handle(
      new Request(url, { method: 'POST', headers: form, body: unreadBody, duplex: 'half' } as RequestInit),
      { provider: 'fake', token: 'wrong-token-000000000000' },
    );
    expect(wrong.status).toBe(401);
    expect((await handler.handle(new Request(url), { provider: 'ghost', token: TOKEN })).status).toBe(404);
    expect((await handler.handle(new Request(url, { method: 'PUT' }), { provider: 'fake', token: TOKEN })).status).toBe(
      405,
    );
    // Without both parameters the path decides: /api/hooks/... is no default callback path.
    expect((await handler.handle(new Request(url), { provider: 'fake' })).status).toBe(404);
    expect(logger.warn).toHaveBeenCalledWith('webhook rejected: wrong token', expect.anything());
    await flush();
    expect(inboundEvents.map((event) => event.text)).toEqual(['hono']);
  });

  it('refuses a bad webhooks.path at creation', () => {
    for (const path of [
      'api/hooks/:provider/:token',
      '/hooks/:provider',
      '/hooks/:provider/:token/',
      '/h?x/:provider/:token',
    ]) {
      expect(() => handlerWith({ path })).toThrow(/webhooks\.path/);
    }
  });
});
