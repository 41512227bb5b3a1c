import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { WebhookEvent } from '../provider/v1/webhook-event.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { NO_SMS_LEG } from '../routing/channel-legs.js';
import { cheapest } from '../routing/cheapest.js';
import { whatsappFirst } from '../routing/whatsapp-first.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { WHATSAPP_WINDOW_MS } from '../whatsapp/whatsapp-windows.js';
import { createMessenger } from './create-messenger.js';
import type { DeliveryMode } from './delivery-mode.js';
import { createFakeProvider, type FakeOutcome } from './fake-provider.js';

const to = '+60123456789';
const token = 'whatsapp-test-token-0001';
const template: OutboundMessage = {
  to,
  channel: 'whatsapp',
  template: { name: 'order_update', language: 'en', params: { order: 'A-17' } },
};

/** A WhatsApp fake whose callbacks are `?from=<digits>&t=<ms>` inbound messages. */
function whatsappProvider(behaviour: FakeOutcome | FakeOutcome[] = 'success') {
  const provider = createFakeProvider({
    id: 'wa',
    behaviour,
    capabilities: { channels: ['whatsapp'], encodings: [], templates: true, files: true, inbound: true },
  });
  provider.parseWebhook = (request: WebhookRequest): WebhookEvent[] => {
    const query = new URL(request.url).searchParams;
    const from = query.get('from');
    if (!from) throw new PesanError('INVALID_RESPONSE', { message: 'no sender' });
    const at = new Date(Number(query.get('t')));
    return [{ type: 'inbound', channel: 'whatsapp', from: `+${from}`, text: 'hi', at, raw: {} }];
  };
  return provider;
}

function setup(options: { behaviour?: FakeOutcome | FakeOutcome[]; delivery?: DeliveryMode } = {}) {
  const clock = new FakeClock();
  const wa = whatsappProvider(options.behaviour);
  const sms = createFakeProvider({ id: 'sms' });
  const messenger = createMessenger({
    providers: [wa, sms],
    route: whatsappFirst({ whatsapp: 'wa', sms: 'sms' }),
    webhooks: { token },
    clock,
    ...(options.delivery === undefined ? {} : { delivery: options.delivery }),
  });
  const inbound = (from: string) =>
    messenger.webhooks.handle(
      new Request(`${messenger.webhooks.callbackUrl('wa', 'https://app.example')}?from=${from}&t=${clock.now()}`, {
        method: 'POST',
      }),
    );
  return { clock, wa, sms, messenger, inbound };
}

const outsideWindow = new PesanError('OUTSIDE_SESSION_WINDOW', {
  provider: 'wa',
  outcome: 'rejected',
  vendorCode: '45010',
});

describe('messenger: WhatsApp windows and whatsappFirst', () => {
  it('sends a template by WhatsApp at any time', async () => {
    const { wa, sms, messenger } = setup();
    const result = await messenger.send({ ...template, fallbackText: 'Order A-17 shipped' });
    expect(result.provider).toBe('wa');
    expect(wa.calls).toHaveLength(1);
    expect(sms.calls).toHaveLength(0);
    await messenger.close();
  });

  it('opens the window from an inbound webhook and sends free text by WhatsApp until it closes', async () => {
    const { clock, wa, sms, messenger, inbound } = setup();
    expect((await inbound('60123456789')).status).toBe(200);
    expect(await messenger.whatsapp.isWindowOpen(to)).toBe(true);
    expect((await messenger.send({ to, channel: 'whatsapp', text: 'Thanks, on its way' })).provider).toBe('wa');

    await clock.advance(WHATSAPP_WINDOW_MS);
    expect(await messenger.whatsapp.window(to)).toMatchObject({ state: 'closed' });
    const result = await messenger.send({ to, channel: 'whatsapp', text: 'Your parcel is at the door' });
    expect(result.provider).toBe('sms');
    expect(wa.calls).toHaveLength(1); // the closed window never reached the vendor
    expect(sms.calls[0]).toMatchObject({ channel: 'sms', text: 'Your parcel is at the door' });
    expect(result.attempts[0]).toMatchObject({ provider: 'wa', outcome: 'skipped' });
    await messenger.close();
  });

  it('tries WhatsApp when the store knows nothing, and sends by SMS after OUTSIDE_SESSION_WINDOW', async () => {
    const { wa, sms, messenger } = setup({ behaviour: outsideWindow });
    const result = await messenger.send({ to, channel: 'whatsapp', text: 'Hello' });
    expect(wa.calls).toHaveLength(1);
    expect(result.provider).toBe('sms');
    expect(sms.calls).toHaveLength(1);
    await messenger.close();
  });

  it('sends by SMS after WhatsApp not_sent', async () => {
    const { sms, messenger } = setup({ behaviour: 'not_sent' });
    expect((await messenger.send({ to, channel: 'whatsapp', text: 'Hello' })).provider).toBe('sms');
    expect(sms.calls).toHaveLength(1);
    await messenger.close();
  });

  it('sends no SMS after a WhatsApp unknown under at-most-once', async () => {
    const { sms, messenger } = setup({ behaviour: 'unknown' });
    await expect(messenger.send({ to, channel: 'whatsapp', text: 'Hello' })).rejects.toMatchObject({
      code: 'TIMEOUT',
      outcome: 'unknown',
    });
    expect(sms.calls).toHaveLength(0);
    await messenger.close();
  });

  it('sends the SMS after a WhatsApp unknown under at-least-once', async () => {
    const { sms, messenger } = setup({ behaviour: 'unknown', delivery: 'at-least-once' });
    expect((await messenger.send({ to, channel: 'whatsapp', text: 'Hello' })).provider).toBe('sms');
    expect(sms.calls).toHaveLength(1);
    await messenger.close();
  });

  it('says there is no SMS leg when a template-only message fails on WhatsApp', async () => {
    const missing = new PesanError('TEMPLATE_NOT_FOUND', { provider: 'wa', outcome: 'rejected' });
    const { sms, messenger } = setup({ behaviour: missing });
    const error = (await messenger.send(template).catch((thrown: unknown) => thrown)) as PesanError;
    expect(error).toMatchObject({ code: 'TEMPLATE_NOT_FOUND' });
    expect(error.message).toContain(NO_SMS_LEG);
    expect(sms.calls).toHaveLength(0);
    await messenger.close();
  });

  it('records inbound WhatsApp messages given by the application', async () => {
    const { messenger } = setup();
    await messenger.whatsapp.recordInbound('0123456789');
    expect(await messenger.whatsapp.isWindowOpen(to)).toBe(true);
    await messenger.close();
  });
});

describe('messenger: WhatsApp and SMS prices', () => {
  function priced() {
    const wa = whatsappProvider();
    const sms = createFakeProvider({ id: 'sms' });
    return createMessenger({
      providers: [wa, sms],
      route: cheapest({ wa: { default: { utility: 0.12, service: 0.1 } }, sms: { MY: 0.08 } }),
    });
  }

  it('estimates both costs and puts the cheaper first', async () => {
    const messenger = priced();
    const long = await messenger.estimate({ ...template, fallbackText: 'x'.repeat(400) });
    expect(
      long.providers.map((entry) => [entry.provider, entry.channel, entry.segments, entry.price?.per, entry.cost]),
    ).toEqual([
      ['wa', 'whatsapp', 1, 'message', 0.12],
      ['sms', 'sms', 3, 'segment', expect.closeTo(0.24)],
    ]);
    expect(long.cost).toBe(0.12);
    const short = await messenger.estimate({ ...template, fallbackText: 'Order A-17 shipped' });
    expect(short.providers.map((entry) => [entry.provider, entry.cost])).toEqual([
      ['sms', 0.08],
      ['wa', 0.12],
    ]);
    await messenger.close();
  });

  it('sends through the cheaper channel', async () => {
    const messenger = priced();
    expect((await messenger.send({ ...template, fallbackText: 'x'.repeat(400) })).provider).toBe('wa');
    expect((await messenger.send({ ...template, fallbackText: 'Order A-17 shipped' })).provider).toBe('sms');
    await messenger.close();
  });
});
