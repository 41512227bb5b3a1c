import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMessenger, type InboundEvent, type Messenger, type StatusEvent, whatsappFirst } from '@pesan/core';
import { createFakeProvider } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startWabaSandbox, WABA_SANDBOX_DEFAULT_ACCOUNT, type WabaSandbox } from './sandbox/index.js';
import { waba } from './waba-provider.js';

const account = WABA_SANDBOX_DEFAULT_ACCOUNT;
const credentials = {
  appId: account.appId,
  appSecret: account.appSecret,
  username: account.username,
  password: account.password,
  from: '60123450000',
};
const TOKEN = 'waba-messenger-test-token';
const contact = '+60198765432';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The application: a messenger behind a loopback webhook endpoint, the sandbox pushing to it. */
async function application(options: { sandboxMirrors?: number } = {}) {
  let messenger: Messenger | undefined;
  const server = createServer((request, response) => messenger!.webhooks.nodeListener()(request, response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandbox: WabaSandbox = await startWabaSandbox({
    webhookUrl: `${origin}/webhooks/waba/${TOKEN}`,
    mirrors: options.sandboxMirrors ?? 3,
  });
  cleanups.push(() => sandbox.stop());
  const sms = createFakeProvider({ id: 'sms' });
  messenger = createMessenger({
    providers: [waba({ ...credentials, baseUrls: [...sandbox.urls], timeoutMs: 2_000 }), sms],
    route: whatsappFirst({ whatsapp: 'waba', sms: 'sms' }),
    webhooks: { token: TOKEN },
  });
  cleanups.push(() => messenger!.close());
  const inbound: InboundEvent[] = [];
  const statuses: StatusEvent[] = [];
  messenger.on('inbound', (event) => {
    inbound.push(event);
  });
  messenger.on('status', (event) => {
    statuses.push(event);
  });
  return { messenger, sandbox, sms, inbound, statuses };
}

/** Waits (bounded) for listeners that run after the webhook answer. */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await new Promise((resolve) => setImmediate(resolve));
}

describe('waba through createMessenger against the sandbox', () => {
  it('sends a template at any time, and a free-text reply and a file after an inbound message', async () => {
    const { messenger, sandbox, sms, inbound } = await application();
    const template = await messenger.send({
      to: contact,
      channel: 'whatsapp',
      template: { name: 'order_update', language: 'en', params: { '1': 'A-17' } },
    });
    expect(template).toMatchObject({ provider: 'waba', status: 'queued', messageId: sandbox.messages[0]!.messageId });

    const push = await sandbox.simulateInbound({ from: contact, text: 'Is my order ready?' });
    expect(push).toMatchObject({ answer: 200 });
    await settle();
    expect(inbound).toEqual([
      expect.objectContaining({ provider: 'waba', channel: 'whatsapp', from: contact, text: 'Is my order ready?' }),
    ]);
    expect(await messenger.whatsapp.isWindowOpen(contact)).toBe(true);

    const reply = await messenger.send({ to: contact, channel: 'whatsapp', text: 'Yes, it ships today.' });
    const file = await messenger.send({
      to: contact,
      channel: 'whatsapp',
      media: { url: 'https://files.example.com/A-17.pdf', filename: 'A-17.pdf' },
    });
    expect([reply.provider, file.provider]).toEqual(['waba', 'waba']);
    expect(sandbox.messages.map((message) => message.type)).toEqual(['template', 'message', 'file']);
    expect(sms.calls).toHaveLength(0);
  });

  it('receives sent → delivered → read for a message it sent', async () => {
    const { messenger, sandbox, statuses } = await application();
    const result = await messenger.send({
      to: contact,
      channel: 'whatsapp',
      template: { name: 'hello_world', language: 'en' },
    });
    await sandbox.callbacksIdle();
    await settle();
    expect(statuses.map((event) => event.record.status)).toEqual(['sent', 'delivered', 'read']);
    expect(await messenger.getStatus(result.messageId!)).toMatchObject({ status: 'read', scope: 'handset' });
  });

  it('falls back to SMS when the vendor answers 45010 (the window is unknown to pesan)', async () => {
    const { messenger, sandbox, sms } = await application();
    const result = await messenger.send({ to: contact, channel: 'whatsapp', text: 'Your parcel is at the door' });
    expect(result.provider).toBe('sms');
    expect(result.attempts.map((attempt) => [attempt.provider, attempt.outcome, attempt.errorCode])).toEqual([
      ['waba', 'rejected', 'OUTSIDE_SESSION_WINDOW'],
      ['sms', 'success', undefined],
    ]);
    expect(sms.calls[0]).toMatchObject({ channel: 'sms', text: 'Your parcel is at the door' });
    expect(sandbox.messages).toHaveLength(0);
  });

  it('falls back to SMS when every WhatsApp origin is down', async () => {
    const { messenger, sandbox, sms } = await application({ sandboxMirrors: 2 });
    await sandbox.setFault(0, 'refuse');
    await sandbox.setFault(1, 'refuse');
    const result = await messenger.send({
      to: contact,
      channel: 'whatsapp',
      template: { name: 'hello_world', language: 'en' },
      fallbackText: 'Hello from pesan',
    });
    expect(result.provider).toBe('sms');
    expect(sms.calls[0]).toMatchObject({ channel: 'sms', text: 'Hello from pesan' });
  });

  it('does not send the SMS when WhatsApp may have taken the message (at-most-once)', async () => {
    const { messenger, sandbox, sms } = await application();
    await sandbox.setFault(0, 'html502');
    await expect(
      messenger.send({
        to: contact,
        channel: 'whatsapp',
        template: { name: 'hello_world', language: 'en' },
        fallbackText: 'x',
      }),
    ).rejects.toMatchObject({ outcome: 'unknown' });
    expect(sms.calls).toHaveLength(0);
  });
});
