import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { createWebhookHarness } from './webhook-harness.js';

function provider() {
  const fake = createFakeProvider({ id: 'fake', capabilities: { deliveryReports: true, inbound: true } });
  fake.parseWebhook = (request: WebhookRequest) => {
    if (request.method === 'POST') {
      const form = new URLSearchParams(request.body);
      return [
        {
          type: 'inbound',
          channel: 'sms',
          from: form.get('from') ?? '',
          text: form.get('text') ?? '',
          at: new Date(0),
          raw: request.body,
        },
      ];
    }
    const id = new URL(request.url).searchParams.get('id');
    if (!id) throw new PesanError('INVALID_RESPONSE', { message: 'no id' });
    return [
      { type: 'status', messageId: id, status: 'delivered', scope: 'handset', vendorStatus: 'OK', at: new Date(0) },
    ];
  };
  return fake;
}

describe('createWebhookHarness', () => {
  it('runs GET and POST callbacks through the real endpoint and collects the events', async () => {
    const harness = createWebhookHarness(provider(), { token: 'harness-token-0123456789', base: 'https://x.example' });
    expect(harness.callbackUrl).toBe('https://x.example/webhooks/fake/harness-token-0123456789');
    expect((await harness.get('id=m1')).status).toBe(200);
    expect((await harness.get('')).status).toBe(400);
    expect((await harness.post('from=%2B60123456789&text=hi', 'application/x-www-form-urlencoded')).status).toBe(200);
    await harness.afterAnswer();
    expect(harness.statuses.map((event) => event.record.messageId)).toEqual(['m1']);
    expect(harness.inbound.map((event) => event.text)).toEqual(['hi']);
    expect(await harness.messenger.getStatus('m1')).toMatchObject({ status: 'delivered', provider: 'fake' });
    await harness.close();
  });
});
