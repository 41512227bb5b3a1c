import { PesanError, type WebhookRequest } from '@pesan/core';
import { describe, expect, it } from 'vitest';
import { CALLBACK_URL } from './__fixtures__/isms-answers.js';
import { parseIsmsWebhook } from './isms-webhook.js';

const at = new Date('2025-01-02T03:04:05Z');

function callback(query: string, extra: Partial<WebhookRequest> = {}): WebhookRequest {
  return { method: 'GET', url: `https://app.example/webhooks/isms/token?${query}`, headers: {}, body: '', ...extra };
}

describe('parseIsmsWebhook', () => {
  it('reads the documented callback: DELIVERED is sent with scope carrier', () => {
    const events = parseIsmsWebhook({ method: 'GET', url: CALLBACK_URL, headers: {}, body: '' }, { now: () => at });
    expect(events).toEqual([
      {
        type: 'status',
        messageId: '1143007207',
        status: 'sent',
        scope: 'carrier',
        vendorStatus: 'DELIVERED',
        to: '+60123456789',
        at,
        raw: { msisdn: '60123456789', trx_id: '1143007207', dn_status: 'DELIVERED' },
      },
    ]);
  });

  it.each([
    ['DELIVERED', 'sent', 'carrier'],
    ['ACCEPTED', 'sent', 'carrier'],
    ['SENT', 'sent', 'carrier'],
    ['UNDELIVERED', 'failed', 'carrier'],
    ['PENDING', 'queued', 'platform'],
    ['delivered', 'sent', 'carrier'],
  ])('maps %s to %s (%s), keeping the raw value', (dnStatus, status, scope) => {
    const [event] = parseIsmsWebhook(callback(`msisdn=60123456789&trx_id=1&dn_status=${dnStatus}`));
    expect(event).toMatchObject({ status, scope, vendorStatus: dnStatus });
  });

  it('writes the msisdn in E.164, dashes and 00 prefix included, and leaves out an unreadable one', () => {
    expect(parseIsmsWebhook(callback('msisdn=6012-3456789&trx_id=1&dn_status=SENT'))[0]?.to).toBe('+60123456789');
    expect(parseIsmsWebhook(callback('msisdn=006591234567&trx_id=1&dn_status=SENT'))[0]?.to).toBe('+6591234567');
    expect(parseIsmsWebhook(callback('msisdn=abc&trx_id=1&dn_status=SENT'))[0]?.to).toBeUndefined();
    expect(parseIsmsWebhook(callback('trx_id=1&dn_status=SENT'))[0]?.to).toBeUndefined();
  });

  it('reads a form-encoded POST too', () => {
    const [event] = parseIsmsWebhook({
      method: 'POST',
      url: '/webhooks/isms/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'msisdn=60123456789&trx_id=9&dn_status=UNDELIVERED',
    });
    expect(event).toMatchObject({ messageId: '9', status: 'failed' });
  });

  it.each([
    ['trx_id missing', 'msisdn=60123456789&dn_status=DELIVERED'],
    ['dn_status missing', 'msisdn=60123456789&trx_id=1'],
    ['an empty trx_id', 'trx_id=&dn_status=DELIVERED'],
    ['an undocumented status', 'trx_id=1&dn_status=EXPIRED'],
    ['nothing', ''],
  ])('throws INVALID_RESPONSE for %s', (_, query) => {
    let thrown: unknown;
    try {
      parseIsmsWebhook(callback(query), { provider: 'isms-a' });
    } catch (error) {
      thrown = error;
    }
    expect(PesanError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'INVALID_RESPONSE', provider: 'isms-a' });
  });
});

describe('parseIsmsWebhook: properties', () => {
  it('returns one status event or throws PesanError for any query', async () => {
    const fc = (await import('fast-check')).default;
    const value = fc.oneof(fc.string(), fc.constantFrom('DELIVERED', 'PENDING', 'undelivered', '60123456789', ''));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('msisdn', 'trx_id', 'dn_status', 'other'), value),
        fc.string({ maxLength: 30 }),
        (fields, body) => {
          const query = new URLSearchParams(fields).toString();
          try {
            const events = parseIsmsWebhook(
              callback(query, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
            );
            expect(events).toHaveLength(1);
            const [event] = events;
            expect(['queued', 'sent', 'failed']).toContain(event?.status);
            if (event?.to !== undefined) expect(event.to).toMatch(/^\+[1-9]\d{6,14}$/);
          } catch (error) {
            expect(PesanError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
