import { PesanError, type WebhookRequest } from '@pesan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DELIVERY_REPORT_URLS, INCOMING_SMS_URLS, UNREADABLE_CALLBACK_URLS } from './__fixtures__/callbacks.js';
import { ezsms } from './ezsms-provider.js';

const receivedAt = new Date('2026-01-02T03:04:05Z');
const provider = ezsms({
  username: 'u',
  password: 'p',
  clock: { now: () => receivedAt.getTime(), sleep: () => Promise.resolve() },
});

function get(url: string): WebhookRequest {
  return { method: 'GET', url: `https://app.example${url}`, headers: {}, body: '' };
}

describe('parseWebhook: delivery reports', () => {
  it.each(DELIVERY_REPORT_URLS)('reads $url as $status ($scope)', ({ url, status, scope }) => {
    const events = provider.parseWebhook(get(url));
    const vendorStatus = new URL(url, 'https://x').searchParams;
    expect(events).toEqual([
      {
        type: 'status',
        messageId: '1234567',
        status,
        scope,
        vendorStatus: [...vendorStatus.entries()].find(([name]) => name.toLowerCase() === 'status')?.[1],
        at: receivedAt,
        raw: Object.fromEntries(vendorStatus),
      },
    ]);
  });

  it('reads a report posted as a form, too', () => {
    const events = provider.parseWebhook({
      method: 'POST',
      url: 'https://app.example/cb',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'MsgId=77&Sender=60120000000&Status=6',
    });
    expect(events[0]).toMatchObject({ type: 'status', messageId: '77', status: 'delivered' });
  });
});

describe('parseWebhook: incoming SMS', () => {
  it.each(INCOMING_SMS_URLS)('reads $url', ({ url, from, to, text }) => {
    const [event] = provider.parseWebhook(get(url));
    expect(event).toMatchObject({ type: 'inbound', channel: 'sms', from, text, at: receivedAt });
    expect(event && 'to' in event ? event.to : undefined).toBe(to);
  });

  it('decodes any text sent as Unicode hex, with ContentType 2 or 3', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
        fc.constantFrom('2', '3'),
        (text, type) => {
          const hex = Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
          const [event] = provider.parseWebhook(get(`/cb?Sender=60198765432&ContentType=${type}&Msg=${hex}`));
          expect(event).toMatchObject({ type: 'inbound', text });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseWebhook: unreadable callbacks', () => {
  it.each(UNREADABLE_CALLBACK_URLS)('throws INVALID_RESPONSE for %s', (url) => {
    let thrown: unknown;
    try {
      provider.parseWebhook(get(url));
    } catch (error) {
      thrown = error;
    }
    expect(PesanError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'INVALID_RESPONSE', provider: 'ezsms' });
  });

  it('throws only PesanError, whatever the query', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('MsgId', 'status', 'SENDER', 'Msg', 'ContentType', 'x'), fc.string()),
        (params) => {
          const url = `/cb?${new URLSearchParams(params).toString()}`;
          try {
            provider.parseWebhook(get(url));
          } catch (error) {
            expect(PesanError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
