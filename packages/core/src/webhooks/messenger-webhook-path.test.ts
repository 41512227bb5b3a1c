import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMessengerFromConfig } from '../config/create-messenger-from-config.js';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import { definePlugin } from '../plugin/define-plugin.js';
import type { StatusEvent } from './webhook-handler.js';

const token = 'path-test-token-0123456789';

function reporting(id: string) {
  const provider = createFakeProvider({ id, capabilities: { deliveryReports: true } });
  provider.parseWebhook = (request) => [
    {
      type: 'status',
      messageId: new URL(request.url).searchParams.get('id') ?? '',
      status: 'delivered',
      scope: 'handset',
      vendorStatus: 'OK',
      at: new Date(0),
    },
  ];
  return provider;
}

describe('messenger webhooks.path', () => {
  it('builds callback URLs and matches callbacks under the configured path', async () => {
    const messenger = createMessenger({
      providers: [reporting('isms')],
      webhooks: { token, path: '/api/hooks/:provider/:token' },
    });
    const statuses: StatusEvent[] = [];
    messenger.on('status', (event) => statuses.push(event));
    const url = messenger.webhooks.callbackUrl('isms', 'https://app.example/');
    expect(url).toBe(`https://app.example/api/hooks/isms/${token}`);
    expect((await messenger.webhooks.handle(new Request(`${url}?id=m1`))).status).toBe(200);
    expect(
      (await messenger.webhooks.handle(new Request(`https://app.example/webhooks/isms/${token}?id=m2`))).status,
    ).toBe(404);
    await new Promise((resolve) => setImmediate(resolve));
    expect(statuses.map((event) => event.record.messageId)).toEqual(['m1']);
    await messenger.close();
  });

  it('is validated with the other options, and read from a config file', async () => {
    expect(() =>
      createMessenger({ providers: [reporting('isms')], webhooks: { token, path: '/api/hooks/:provider' } }),
    ).toThrow(/webhooks\.path: must contain ":provider" and ":token"/);
    const plugin = definePlugin({
      type: 'reporting',
      optionsSchema: z.strictObject({ id: z.string() }),
      create: (options) => reporting(options.id),
    });
    const messenger = await createMessengerFromConfig(
      { providers: [{ type: 'reporting', id: 'r' }], webhooks: { token, path: '/hooks/:token/:provider' } },
      { plugins: [plugin] },
    );
    expect(messenger.webhooks.callbackUrl('r', 'https://app.example')).toBe(`https://app.example/hooks/${token}/r`);
    await messenger.close();
  });
});
