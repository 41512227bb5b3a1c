import { PesanError, type WebhookRequest } from '@pesan/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ISMS_DELIVERY_STATUSES, parseIsmsWebhook } from './isms-webhook.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;
const now = () => new Date(0);

function outcome<T>(read: () => T): T | PesanError {
  try {
    return read();
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
    return error;
  }
}

const status = fc.constantFrom(...Object.keys(ISMS_DELIVERY_STATUSES), 'delivered', 'Pending');
const field = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('60123456789', '%20', '%', '&', '=', '+', ''));
const name = fc.constantFrom('trx_id', 'dn_status', 'TRX_ID', 'other');

describe('parseIsmsWebhook (fuzz)', () => {
  it('reads every callback of the grammar, by query or form body', () => {
    fc.assert(
      fc.property(fc.nat(1e9), status, fc.boolean(), fc.boolean(), (trxId, dnStatus, asForm, withMsisdn) => {
        const query = `${withMsisdn ? 'msisdn=60123456789&' : ''}trx_id=${trxId}&dn_status=${dnStatus}`;
        const request: WebhookRequest = asForm
          ? {
              method: 'POST',
              url: '/cb',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: query,
            }
          : { method: 'GET', url: `/cb?${query}`, headers: {}, body: '' };
        const [event] = parseIsmsWebhook(request, { now });
        const to = withMsisdn ? '+60123456789' : undefined;
        return event?.messageId === String(trxId) && event.vendorStatus === dnStatus && event.to === to;
      }),
      RUNS,
    );
  });

  it('lets only PesanError escape, and succeeds only with a trx_id and a documented dn_status', () => {
    const pairs = fc.array(fc.tuple(name, field), { maxLength: 4 });
    fc.assert(
      fc.property(pairs, fc.string({ maxLength: 20 }), fc.boolean(), (fields, url, asForm) => {
        const encoded = fields.map(([key, value]) => `${key}=${value}`).join('&');
        const request: WebhookRequest = asForm
          ? { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: encoded }
          : { method: 'GET', url: `${url}?${encoded}`, headers: {}, body: '' };
        const events = outcome(() => parseIsmsWebhook(request, { now }));
        if (PesanError.isInstance(events)) return true;
        const [event] = events;
        return (
          event !== undefined &&
          event.messageId.trim() !== '' &&
          event.vendorStatus.toUpperCase() in ISMS_DELIVERY_STATUSES
        );
      }),
      RUNS,
    );
  });
});
