import { PesanError, toUcs2Hex, type WebhookRequest } from '@pesan/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseEzsmsWebhook } from './ezsms-webhook.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;
const context = { provider: 'ezsms', receivedAt: new Date(0), defaultRegion: 'MY' as const };
const get = (query: string): WebhookRequest => ({ method: 'GET', url: `/cb?${query}`, headers: {}, body: '' });

function outcome<T>(read: () => T): T | PesanError {
  try {
    return read();
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
    return error;
  }
}

const name = fc.constantFrom(
  'MsgId',
  'msgid',
  'Status',
  'Sender',
  'Msg',
  'Shortcode',
  'Content Type',
  'ContentType',
  'x',
);
const value = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('6', '60198765432', '0041', '2', '%', '+', '&'));

describe('parseEzsmsWebhook (fuzz)', () => {
  it('reads every delivery report and incoming SMS of the grammar', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.integer({ min: 0, max: 99 }), fc.string({ maxLength: 20 }), (id, status, text) => {
        const [report] = parseEzsmsWebhook(get(`MsgId=${id}&Status=${status}&Sender=60198765432`), context);
        const [incoming] = parseEzsmsWebhook(
          get(`Sender=60198765432&Shortcode=32728&ContentType=2&Msg=${toUcs2Hex(text)}`),
          context,
        );
        return (
          report?.type === 'status' &&
          report.messageId === String(id) &&
          incoming?.type === 'inbound' &&
          incoming.text === text &&
          incoming.from === '+60198765432'
        );
      }),
      RUNS,
    );
  });

  it('lets only PesanError escape; a report needs MsgId and a numeric Status, an SMS a Sender', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 4 }), (fields) => {
        const query = fields.map(([key, text]) => `${key}=${text}`).join('&');
        const events = outcome(() => parseEzsmsWebhook(get(query), context));
        if (PesanError.isInstance(events)) return true;
        const [event] = events;
        if (event?.type === 'status') return event.messageId !== '' && /^\d{1,4}$/.test(event.vendorStatus ?? '');
        return event?.type === 'inbound' && event.from.startsWith('+');
      }),
      RUNS,
    );
  });
});
