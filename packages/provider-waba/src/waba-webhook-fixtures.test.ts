import { createWebhookHarness } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { FLAT_TEXT, META_STATUSES, META_TEXT, NO_SENDER } from './__fixtures__/waba-webhooks.js';
import { waba } from './waba-provider.js';
import { encodeWabaWebhook } from './waba-webhook-payload.js';

const harnesses: ReturnType<typeof createWebhookHarness>[] = [];

function harness() {
  const created = createWebhookHarness(
    waba({ appId: 'a', appSecret: 's', username: 'u', password: 'p', from: '60123450000' }),
  );
  harnesses.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((created) => created.close()));
});

const FORM = 'application/x-www-form-urlencoded';

describe('waba webhooks through messenger.webhooks.handle', () => {
  it('turns a base64 form POST into an inbound event and opens the sender’s window', async () => {
    const webhook = harness();
    const { timestamp: _timestamp, ...now } = FLAT_TEXT; // no time: received now
    const answer = await webhook.post(`response=${encodeURIComponent(encodeWabaWebhook(now))}`, FORM);
    expect(answer.status).toBe(200);
    await webhook.afterAnswer();
    expect(webhook.inbound).toEqual([
      expect.objectContaining({
        provider: 'waba',
        channel: 'whatsapp',
        from: '+60198765432',
        to: '+60123450000',
        text: 'Terima kasih!',
        raw: now,
      }),
    ]);
    expect(await webhook.messenger.whatsapp.isWindowOpen('+60198765432')).toBe(true);
  });

  it('accepts the JSON body form; a message older than the window store remembers opens nothing', async () => {
    const webhook = harness();
    const answer = await webhook.post(JSON.stringify({ response: encodeWabaWebhook(META_TEXT) }), 'application/json');
    expect(answer.status).toBe(200);
    await webhook.afterAnswer();
    expect(webhook.inbound[0]).toMatchObject({ from: '+60198765432', text: 'Is my order ready?' });
    expect(await webhook.messenger.whatsapp.window('+60198765432')).toMatchObject({ state: 'unknown' });
  });

  it('applies delivery statuses to the status store, never backwards', async () => {
    const webhook = harness();
    const answer = await webhook.post(`response=${encodeURIComponent(encodeWabaWebhook(META_STATUSES))}`, FORM);
    expect(answer.status).toBe(200);
    await webhook.afterAnswer();
    expect(webhook.statuses.map((event) => event.record.status)).toEqual(['sent', 'delivered', 'read', 'failed']);
    expect(await webhook.messenger.getStatus('20231188285')).toMatchObject({ status: 'read', scope: 'handset' });
  });

  it.each([
    ['bad base64', 'response=***'],
    ['bad JSON', `response=${Buffer.from('{"from":').toString('base64')}`],
    ['a missing sender', `response=${encodeURIComponent(encodeWabaWebhook(NO_SENDER))}`],
    ['no response field', 'hello=world'],
  ])('answers 400 to %s and emits nothing', async (_name, body) => {
    const webhook = harness();
    expect((await webhook.post(body, FORM)).status).toBe(400);
    await webhook.afterAnswer();
    expect(webhook.inbound).toEqual([]);
  });
});
