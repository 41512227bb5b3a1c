import { describe, expect, it } from 'vitest';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider, type FakeProviderOptions } from '../messenger/fake-provider.js';
import type { Channel } from '../provider/v1/channel.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { MemorySuppressionStore } from './memory-suppression-store.js';
import { normaliseKeyword } from './opt-out-keywords.js';
import { optOuts } from './opt-outs.js';

const TOKEN = 'policy-test-token-0123456789';
const to = '+60123456789';

/** A fake provider whose webhook payload is `{ from, text }` JSON: one inbound message. */
function inboundProvider(options: FakeProviderOptions & { channel?: Channel }) {
  const provider = createFakeProvider({
    ...options,
    capabilities: { inbound: true, channels: [options.channel ?? 'sms'] },
  });
  provider.parseWebhook = (request: WebhookRequest) => {
    const body = JSON.parse(request.body) as { from: string; text: string };
    return [
      {
        type: 'inbound',
        channel: options.channel ?? 'sms',
        from: body.from,
        text: body.text,
        at: new Date(),
        raw: body,
      },
    ];
  };
  return provider;
}

function inbound(providerId: string, from: string, text: string): Request {
  return new Request(`http://127.0.0.1/webhooks/${providerId}/${TOKEN}`, {
    method: 'POST',
    body: JSON.stringify({ from, text }),
  });
}

function setup(options: Parameters<typeof optOuts>[0] = {}) {
  const sms = inboundProvider({ id: 'sms' });
  const wa = inboundProvider({ id: 'wa', channel: 'whatsapp' });
  const store = new MemorySuppressionStore();
  const messenger = createMessenger({
    providers: [sms, wa],
    route: (message) => (message.channel === 'whatsapp' ? 'wa' : 'sms'),
    webhooks: { token: TOKEN },
    stores: { suppression: store },
    clock: new FakeClock(),
    middleware: [optOuts(options)],
  });
  return { sms, wa, store, messenger };
}

describe('optOuts()', () => {
  it('STOP by SMS, then a send fails OPTED_OUT (rejected) and nothing reaches the vendor', async () => {
    const { messenger, sms, store } = setup();
    expect((await messenger.webhooks.handle(inbound('sms', to, ' stop '))).status).toBe(200);
    expect(await store.get(to)).toMatchObject({ number: to, reason: 'keyword', keyword: 'STOP', providerId: 'sms' });
    await expect(messenger.send({ to: '012-345 6789', text: 'Sale today' })).rejects.toMatchObject({
      code: 'OPTED_OUT',
      outcome: 'rejected',
      details: { keyword: 'STOP' },
    });
    expect(sms.calls).toHaveLength(0);
    await messenger.close();
  });

  it('BATAL over WhatsApp suppresses SMS too; MULA / START re-enables', async () => {
    const { messenger, sms, wa } = setup();
    await messenger.webhooks.handle(inbound('wa', to, 'Batal  Semua'));
    await expect(messenger.send({ to, text: 'Hi' })).rejects.toMatchObject({ code: 'OPTED_OUT' });
    await expect(messenger.send({ to, text: 'Hi', channel: 'whatsapp' })).rejects.toMatchObject({ code: 'OPTED_OUT' });
    expect([sms.calls.length, wa.calls.length]).toEqual([0, 0]);
    await messenger.webhooks.handle(inbound('sms', to, 'START'));
    expect(await messenger.suppression.has(to)).toBe(false);
    await expect(messenger.send({ to, text: 'Hi' })).resolves.toMatchObject({ provider: 'sms' });
    await messenger.close();
  });

  it('ignores texts that only contain a keyword, and takes custom keywords', async () => {
    const { messenger } = setup({ keywords: ['berhenti'], optInKeywords: ['sambung'] });
    await messenger.webhooks.handle(inbound('sms', to, 'please stop sending'));
    await messenger.webhooks.handle(inbound('sms', to, 'STOP'));
    expect(await messenger.suppression.has(to)).toBe(false);
    await messenger.webhooks.handle(inbound('sms', to, 'Berhenti!'));
    expect(await messenger.suppression.get(to)).toMatchObject({ keyword: 'BERHENTI' });
    await messenger.webhooks.handle(inbound('sms', to, 'sambung'));
    expect(await messenger.suppression.has(to)).toBe(false);
    await messenger.close();
  });

  it('lets explicitly transactional and OTP messages through when allowed; never unmarked ones', async () => {
    const { messenger, sms } = setup({ allowTransactional: true });
    await messenger.suppression.add('0123456789');
    await expect(messenger.send({ to, text: 'Your parcel arrived', category: 'transactional' })).resolves.toBeDefined();
    await expect(messenger.send({ to, text: 'Code 1234', category: 'otp' })).resolves.toBeDefined();
    await expect(messenger.send({ to, text: 'Hi' })).rejects.toMatchObject({ code: 'OPTED_OUT' });
    await expect(messenger.send({ to, text: 'Sale', category: 'promotional' })).rejects.toMatchObject({
      code: 'OPTED_OUT',
    });
    expect(sms.calls).toHaveLength(2);
    await messenger.close();
  });

  it('refuses suppressed numbers in sendBulk item by item, sending the rest', async () => {
    const { messenger, sms } = setup();
    await messenger.suppression.add(to);
    const result = await messenger.sendBulk([
      { to, text: 'A' },
      { to: '+60129999999', text: 'B' },
    ]);
    expect(result.items[0]).toMatchObject({ ok: false, error: { code: 'OPTED_OUT' } });
    expect(result.items[1]).toMatchObject({ ok: true });
    expect(result.totals).toMatchObject({ sent: 1, failed: 1 });
    expect(sms.calls.map((message) => message.text)).toEqual(['B']);
    await messenger.close();
  });

  it('messenger.suppression: add, get, list newest first, remove; numbers normalised', async () => {
    const { messenger } = setup();
    await messenger.suppression.add('012-345 6789');
    await messenger.suppression.add('+60129999999');
    expect((await messenger.suppression.list()).map((entry) => entry.number)).toEqual(['+60129999999', to]);
    expect(await messenger.suppression.list({ limit: 1 })).toHaveLength(1);
    expect(await messenger.suppression.get(to)).toMatchObject({ reason: 'manual', at: Date.UTC(2024, 0, 1) });
    expect(await messenger.suppression.remove('0123456789')).toBe(true);
    expect(await messenger.suppression.remove(to)).toBe(false);
    await expect(messenger.suppression.add('12;34')).rejects.toMatchObject({ code: 'INVALID_RECIPIENT' });
    await messenger.close();
  });

  it('estimate does not consult the list', async () => {
    const { messenger } = setup();
    await messenger.suppression.add(to);
    await expect(messenger.estimate({ to, text: 'Hi' })).resolves.toMatchObject({ segments: 1 });
    await messenger.close();
  });
});

describe('normaliseKeyword', () => {
  it('is case- and whitespace-insensitive', () => {
    expect(normaliseKeyword('  stop\u00A0\tALL.  ')).toBe('STOP ALL');
    expect(normaliseKeyword('Henti!')).toBe('HENTI');
  });
});
