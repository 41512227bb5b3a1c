import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMessenger, type Messenger } from '@pesan/core';
import { afterEach, describe, expect, it } from 'vitest';
import { isms } from './isms-provider.js';
import { type IsmsSandbox, startIsmsSandbox } from './sandbox/index.js';

describe('isms behind a messenger, with callbacks through its webhook endpoint', () => {
  let sandbox: IsmsSandbox | undefined;
  let messenger: Messenger | undefined;
  let server: Server | undefined;

  afterEach(async () => {
    await sandbox?.stop();
    await messenger?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('fails over between mirrors and applies DELIVERED as sent/carrier, never backwards', async () => {
    const token = 'isms-webhook-token-0123456789';
    let listener: ReturnType<Messenger['webhooks']['nodeListener']> | undefined;
    server = createServer((request, response) => listener?.(request, response));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/isms/${token}`;
    sandbox = await startIsmsSandbox({ callbackUrl, autoDeliver: false });
    messenger = createMessenger({
      providers: [isms({ id: 'isms', username: 'sandbox', password: 'sandbox-password', baseUrls: [...sandbox.urls] })],
      webhooks: { token },
    });
    listener = messenger.webhooks.nodeListener();

    await sandbox.setFault(0, 'refuse');
    const result = await messenger.send({ to: '012-345 6789', text: 'Hello' });
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['not_sent', 'success']);
    const messageId = result.messageId!;

    expect((await sandbox.deliver(messageId, 'DELIVERED'))[0]?.httpStatus).toBe(200);
    expect(await messenger.getStatus(messageId)).toMatchObject({
      messageId,
      status: 'sent',
      scope: 'carrier',
      vendorStatus: 'DELIVERED',
    });
    expect((await sandbox.deliver(messageId, 'PENDING'))[0]?.httpStatus).toBe(200);
    expect(await messenger.getStatus(messageId)).toMatchObject({ status: 'sent', vendorStatus: 'DELIVERED' });

    const garbage = await fetch(`${callbackUrl}?trx_id=${messageId}&dn_status=EXPLODED`);
    expect(garbage.status).toBe(400);
  });
});
