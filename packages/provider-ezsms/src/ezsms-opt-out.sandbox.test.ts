import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMessenger, type Messenger, optOuts } from '@pesan/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ezsms } from './index.js';
import { startEzsmsSandbox } from './sandbox/index.js';

const TOKEN = 'ezsms-opt-out-token-0123456789';
const contact = '+60198765432';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('optOuts() with sms.com.my incoming SMS (sandbox)', () => {
  it('STOP, then a send fails OPTED_OUT and nothing reaches the vendor; START re-enables', async () => {
    let messenger: Messenger | undefined;
    const server = createServer((request, response) => messenger!.webhooks.nodeListener()(request, response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const incomingUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/ezsms/${TOKEN}`;
    const sandbox = await startEzsmsSandbox({ incomingUrl });
    cleanups.push(() => sandbox.stop());
    messenger = createMessenger({
      providers: [ezsms({ id: 'ezsms', username: 'demoezsms', password: '1234', baseUrls: [sandbox.url] })],
      webhooks: { token: TOKEN },
      middleware: [optOuts()],
    });
    cleanups.push(() => messenger!.close());

    // The opt-out is stored before the vendor is answered.
    expect(await sandbox.receive({ from: contact, text: 'Stop' })).toBe(200);
    expect(await messenger.suppression.get(contact)).toMatchObject({
      reason: 'keyword',
      keyword: 'STOP',
      providerId: 'ezsms',
    });
    await expect(messenger.send({ to: contact, text: 'Weekend sale' })).rejects.toMatchObject({
      code: 'OPTED_OUT',
      outcome: 'rejected',
    });
    expect(sandbox.messages).toHaveLength(0);
    expect(sandbox.requests).toHaveLength(0);

    expect(await sandbox.receive({ from: contact, text: 'start' })).toBe(200);
    await expect(messenger.send({ to: contact, text: 'Welcome back' })).resolves.toMatchObject({ provider: 'ezsms' });
    expect(sandbox.messages).toHaveLength(1);
  });
});
