import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { InboundMessage } from '../provider/v1/inbound-message.js';
import type { WebhookEvent } from '../provider/v1/webhook-event.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { FakeClock } from '../runtime/fake-clock.js';
import type { InboundEvent, StatusEvent } from '../webhooks/webhook-handler.js';
import { createMessenger } from './create-messenger.js';
import { createFakeProvider } from './fake-provider.js';

const to = '+60123456789';
const token = 'receiving-test-token-0001';

/** A fake that reads `?id=&s=` delivery reports, like the SMS vendors' GET callbacks. */
function pushingProvider() {
  const provider = createFakeProvider({ id: 'push', capabilities: { deliveryReports: true } });
  provider.parseWebhook = (request: WebhookRequest): WebhookEvent[] => {
    const query = new URL(request.url).searchParams;
    const id = query.get('id');
    const status = query.get('s');
    if (!id || (status !== 'sent' && status !== 'delivered' && status !== 'failed')) {
      throw new PesanError('INVALID_RESPONSE', { message: 'unreadable' });
    }
    return [
      {
        type: 'status',
        messageId: id,
        status,
        scope: 'carrier',
        vendorStatus: status,
        at: new Date(Number(query.get('t') ?? 0)),
      },
    ];
  };
  return provider;
}

describe('messenger receiving', () => {
  it('records every send, applies callbacks monotonically and emits status events', async () => {
    const provider = pushingProvider();
    const messenger = createMessenger({ providers: [provider], webhooks: { token } });
    const statuses: StatusEvent[] = [];
    messenger.on('status', (event) => {
      statuses.push(event);
    });
    const sent = await messenger.send({ to, text: 'hi' });
    expect(await messenger.getStatus(sent.messageId!)).toMatchObject({ status: 'queued', provider: 'push', to });

    const url = messenger.webhooks.callbackUrl('push', 'https://app.example');
    expect(
      (await messenger.webhooks.handle(new Request(`${url}?id=${sent.messageId}&s=delivered&t=2000`))).status,
    ).toBe(200);
    expect((await messenger.webhooks.handle(new Request(`${url}?id=${sent.messageId}&s=sent&t=1000`))).status).toBe(
      200,
    );
    const report = await messenger.getStatus(sent.messageId!);
    expect(report).toMatchObject({ status: 'delivered', scope: 'carrier' });
    expect(report?.history.map((entry) => [entry.status, entry.applied])).toEqual([
      ['queued', true],
      ['delivered', true],
      ['sent', false],
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(statuses.map((event) => [event.record.status, event.changed])).toEqual([
      ['delivered', true],
      ['delivered', false],
    ]);
    await messenger.close();
  });

  it('records delivery reports for ids it never sent', async () => {
    const messenger = createMessenger({ providers: [pushingProvider()], webhooks: { token } });
    const url = messenger.webhooks.callbackUrl('push', 'https://app.example');
    await messenger.webhooks.handle(new Request(`${url}?id=elsewhere-1&s=sent`));
    expect(await messenger.getStatus('elsewhere-1')).toMatchObject({ status: 'sent', provider: 'push' });
    await messenger.close();
  });

  it('needs a webhook token of 16+ characters to expose webhooks', async () => {
    const messenger = createMessenger({ providers: [pushingProvider()] });
    expect(() => messenger.webhooks).toThrow(PesanError);
    expect(() => createMessenger({ providers: [pushingProvider()], webhooks: { token: 'short' } })).toThrow(
      /webhooks.token: at least 16 characters/,
    );
    await messenger.close();
  });

  it('polls providers without push on an interval, and stops on close', async () => {
    const clock = new FakeClock();
    const inbox: InboundMessage[] = [];
    const device = createFakeProvider({
      id: 'device',
      capabilities: { inbound: true },
      status: (messageId) => ({
        messageId,
        status: 'sent',
        scope: 'carrier',
        vendorStatus: 'sent',
        at: new Date(clock.now()),
      }),
    });
    device.pollInbound = async (since: Date) => inbox.filter((message) => message.at >= since);
    const messenger = createMessenger({ providers: [device], clock });
    const inbound: InboundEvent[] = [];
    const statuses: StatusEvent[] = [];
    messenger.on('inbound', (event) => {
      inbound.push(event);
    });
    messenger.on('status', (event) => {
      statuses.push(event);
    });
    const sent = await messenger.send({ to, text: 'hello' });
    inbox.push({
      channel: 'sms',
      from: to,
      text: 'reply',
      at: new Date(clock.now()),
      vendorMessageId: 'in-1',
      raw: {},
    });

    const polling = messenger.startPolling({ intervalMs: 10_000, since: new Date(0) });
    await polling.pollNow();
    expect(inbound.map((event) => [event.provider, event.text])).toEqual([['device', 'reply']]);
    expect(statuses.map((event) => [event.record.messageId, event.record.status])).toEqual([[sent.messageId, 'sent']]);

    await clock.advance(10_000);
    await polling.pollNow();
    expect(inbound).toHaveLength(1);
    await messenger.close();
  });
});
