import { PesanError, type WebhookRequest } from '@pesan/core';
import { describe, expect, it } from 'vitest';
import {
  BAD_SENDER,
  FLAT_FILE,
  FLAT_STATUS,
  FLAT_TEXT,
  META_IMAGE,
  META_STATUSES,
  META_TEXT,
  META_VALUE,
  NO_SENDER,
} from './__fixtures__/waba-webhooks.js';
import { parseWabaWebhook } from './waba-webhook.js';
import { encodeWabaWebhook } from './waba-webhook-payload.js';

const now = new Date('2024-12-02T00:00:00Z');
const options = { provider: 'waba', defaultRegion: 'MY' as const, now: () => now };

function form(payload: unknown): WebhookRequest {
  return {
    method: 'POST',
    url: 'https://app.example/webhooks/waba/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ response: encodeWabaWebhook(payload) }).toString(),
  };
}

function json(payload: unknown): WebhookRequest {
  return {
    method: 'POST',
    url: 'https://app.example/webhooks/waba/token',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response: encodeWabaWebhook(payload) }),
  };
}

describe('parseWabaWebhook', () => {
  it('reads Meta’s envelope, form-encoded or JSON, keeping the decoded payload', () => {
    for (const request of [form(META_TEXT), json(META_TEXT)]) {
      expect(parseWabaWebhook(request, options)).toEqual([
        {
          type: 'inbound',
          channel: 'whatsapp',
          from: '+60198765432',
          to: '+60123450000',
          text: 'Is my order ready?',
          at: new Date(1733097600 * 1000),
          vendorMessageId: 'wamid.HBgLNjAxOTg3NjU0MzIVAgASGBQzQTdCQzU2RjQ1',
          raw: META_TEXT,
        },
      ]);
    }
  });

  it('keeps the media of an image, its caption as text', () => {
    const [event] = parseWabaWebhook(form(META_IMAGE), options);
    expect(event).toMatchObject({
      type: 'inbound',
      text: 'The parcel',
      media: {
        kind: 'image',
        url: 'https://media.example.com/1479537139650973.jpg',
        id: '1479537139650973',
        mimeType: 'image/jpeg',
      },
    });
  });

  it('maps sent, delivered, read and failed, and leaves other statuses out', () => {
    const events = parseWabaWebhook(form(META_STATUSES), options);
    expect(events.map((event) => event.type === 'status' && [event.messageId, event.status, event.scope])).toEqual([
      ['20231188285', 'sent', 'platform'],
      ['20231188285', 'delivered', 'handset'],
      ['20231188285', 'read', 'handset'],
      ['20231188290', 'failed', 'platform'],
    ]);
    expect(events[1]).toMatchObject({
      vendorStatus: 'delivered',
      to: '+60198765432',
      at: new Date(1733097602 * 1000),
      raw: META_STATUSES,
    });
  });

  it('reads Meta’s value object, flat messages, flat files and flat statuses', () => {
    expect(parseWabaWebhook(form(META_VALUE), options)).toMatchObject([{ from: '+60198765432', text: 'Hi' }]);
    expect(parseWabaWebhook(form(FLAT_TEXT), options)).toEqual([
      {
        type: 'inbound',
        channel: 'whatsapp',
        from: '+60198765432',
        to: '+60123450000',
        text: 'Terima kasih!',
        at: new Date(1733097800 * 1000),
        vendorMessageId: 'in-1001',
        raw: FLAT_TEXT,
      },
    ]);
    expect(parseWabaWebhook(form(FLAT_FILE), options)).toMatchObject([
      {
        text: 'Invoice attached',
        at: now,
        media: { kind: 'file', url: 'https://media.example.com/invoice.pdf', filename: 'invoice.pdf' },
      },
    ]);
    expect(parseWabaWebhook(form(FLAT_STATUS), options)).toEqual([
      {
        type: 'status',
        messageId: '20231188285',
        status: 'delivered',
        scope: 'handset',
        vendorStatus: 'delivered',
        to: '+60198765432',
        at: new Date('2024-12-02T00:00:02Z'),
        raw: FLAT_STATUS,
      },
    ]);
  });

  it('accepts a + that form decoding turned into a space, and URL-safe base64', () => {
    const encoded = encodeWabaWebhook({ from: '60198765432', text: '>>>???' });
    expect(encoded).toMatch(/[+/]/);
    const raw = { method: 'POST', url: 'https://app.example/w', headers: {}, body: `response=${encoded}` };
    expect(parseWabaWebhook(raw, options)).toMatchObject([{ text: '>>>???' }]);
    const urlSafe = encoded.replace(/\+/g, '-').replace(/\//g, '_');
    expect(parseWabaWebhook({ ...raw, body: `response=${urlSafe}` }, options)).toMatchObject([{ text: '>>>???' }]);
  });

  it.each([
    ['no response field', { body: 'other=1' }],
    ['bad base64', { body: 'response=%%%not-base64%%%' }],
    ['base64 of something that is not JSON', { body: `response=${Buffer.from('<html>').toString('base64')}` }],
    ['base64 of a JSON array', { body: `response=${Buffer.from('[1]').toString('base64')}` }],
    ['a JSON body that does not parse', { body: '{"response":', headers: { 'content-type': 'application/json' } }],
    ['a missing sender', { body: `response=${encodeWabaWebhook(NO_SENDER)}` }],
    ['a sender that is no number', { body: `response=${encodeWabaWebhook(BAD_SENDER)}` }],
    ['an envelope without changes', { body: `response=${encodeWabaWebhook({ entry: [{}] })}` }],
  ])('refuses %s with a PesanError', (_name, request) => {
    const call = () =>
      parseWabaWebhook({ method: 'POST', url: 'https://app.example/w', headers: {}, ...request }, options);
    expect(call).toThrow(PesanError);
    expect(call).toThrow(/Unreadable WhatsApp \(iSMS\) webhook/);
  });
});
