import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMessenger, type Messenger, optOuts } from '@pesan/core';
import { createFakeProvider } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startWabaSandbox, WABA_SANDBOX_DEFAULT_ACCOUNT } from './sandbox/index.js';
import { waba } from './waba-provider.js';

const account = WABA_SANDBOX_DEFAULT_ACCOUNT;
const TOKEN = 'waba-opt-out-test-token';
const contact = '+60198765432';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('optOuts() with WhatsApp inbound messages (sandbox)', () => {
  it('BATAL over WhatsApp suppresses SMS too; MULA re-enables both', async () => {
    let messenger: Messenger | undefined;
    const server = createServer((request, response) => messenger!.webhooks.nodeListener()(request, response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sandbox = await startWabaSandbox({ webhookUrl: `${origin}/webhooks/waba/${TOKEN}` });
    cleanups.push(() => sandbox.stop());
    const sms = createFakeProvider({ id: 'sms' });
    messenger = createMessenger({
      providers: [
        waba({
          appId: account.appId,
          appSecret: account.appSecret,
          username: account.username,
          password: account.password,
          from: '60123450000',
          baseUrls: [...sandbox.urls],
        }),
        sms,
      ],
      route: (message) => (message.channel === 'whatsapp' ? 'waba' : 'sms'),
      webhooks: { token: TOKEN },
      middleware: [optOuts()],
    });
    cleanups.push(() => messenger!.close());

    expect(await sandbox.simulateInbound({ from: contact, text: 'BATAL' })).toMatchObject({ answer: 200 });
    expect(await messenger.suppression.get(contact)).toMatchObject({ keyword: 'BATAL', providerId: 'waba' });
    await expect(messenger.send({ to: contact, text: 'Sale' })).rejects.toMatchObject({ code: 'OPTED_OUT' });
    await expect(messenger.send({ to: contact, channel: 'whatsapp', text: 'Sale' })).rejects.toMatchObject({
      code: 'OPTED_OUT',
    });
    expect(sms.calls).toHaveLength(0);
    expect(sandbox.messages).toHaveLength(0);

    expect(await sandbox.simulateInbound({ from: contact, text: 'mula' })).toMatchObject({ answer: 200 });
    await expect(messenger.send({ to: contact, text: 'Hello again' })).resolves.toMatchObject({ provider: 'sms' });
    await expect(messenger.send({ to: contact, channel: 'whatsapp', text: 'Hello again' })).resolves.toMatchObject({
      provider: 'waba',
    });
  });
});
