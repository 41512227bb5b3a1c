import { createServer, type Server } from 'node:http';
import { createMessenger, type Messenger } from '@pesan/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ezsms } from './index.js';
import { type EzsmsSandbox, startEzsmsSandbox } from './sandbox/index.js';

describe('ezsms behind a messenger, with callbacks through its webhook endpoint', () => {
  let sandbox: EzsmsSandbox | undefined;
  let messenger: Messenger | undefined;
  let server: Server | undefined;

  afterEach(async () => {
    await sandbox?.stop();
    await messenger?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('applies pushed delivery reports and emits incoming SMS', async () => {
    const token = 'test-token-0123456789abcdef';
    const listen = (target: Server) =>
      new Promise<number>((resolve) =>
        target.listen(0, '127.0.0.1', () => {
          const address = target.address();
          resolve(typeof address === 'object' && address ? address.port : 0);
        }),
      );
    let listener: ReturnType<Messenger['webhooks']['nodeListener']> | undefined;
    server = createServer((request, response) => listener?.(request, response));
    const port = await listen(server);
    const callbackUrl = `http://127.0.0.1:${port}/webhooks/ezsms/${token}`;
    sandbox = await startEzsmsSandbox({ callbackUrl, incomingUrl: callbackUrl });
    messenger = createMessenger({
      providers: [ezsms({ id: 'ezsms', username: 'demoezsms', password: '1234', baseUrls: [sandbox.url] })],
      webhooks: { token },
    });
    listener = messenger.webhooks.nodeListener();
    const inbound: unknown[] = [];
    messenger.on('inbound', (event) => {
      inbound.push(event);
    });

    const result = await messenger.send({ to: '+60123456789', text: 'Hello' });
    expect(await sandbox.deliver(result.messageId as string, 6)).toBe(200);
    expect(await messenger.getStatus(result.messageId as string)).toMatchObject({
      messageId: result.messageId,
      status: 'delivered',
      scope: 'handset',
      vendorStatus: '6',
    });

    expect(await sandbox.receive({ from: '+60198765432', text: '你好' })).toBe(200);
    for (let round = 0; round < 100 && inbound.length === 0; round++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(inbound).toMatchObject([
      { provider: 'ezsms', channel: 'sms', from: '+60198765432', to: '+60120000000', text: '你好' },
    ]);
  });
});
