import { PesanError, type WebhookRequest } from '@pesan/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseWabaWebhook, WABA_STATUSES } from './waba-webhook.js';
import { encodeWabaWebhook } from './waba-webhook-payload.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;
const options = { provider: 'waba', defaultRegion: 'MY' as const, now: () => new Date(0) };
const form = (payload: unknown): WebhookRequest => ({
  method: 'POST',
  url: 'https://app.example/w',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `response=${encodeURIComponent(encodeWabaWebhook(payload))}`,
});

function outcome<T>(read: () => T): T | PesanError {
  try {
    return read();
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
    return error;
  }
}

const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.constant(null),
  fc.constantFrom('60123456789', 'read'),
);
const messageLike = fc.record(
  {
    from: scalar,
    to: scalar,
    id: scalar,
    text: fc.oneof(scalar, fc.record({ body: scalar })),
    status: fc.oneof(scalar, fc.constantFrom(...Object.keys(WABA_STATUSES))),
    timestamp: fc.oneof(scalar, fc.constantFrom('1700000000', '2025-01-01T00:00:00Z', '1e999')),
    image: fc.record({ link: scalar, caption: scalar }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const payload = fc.oneof(
  messageLike,
  fc.record({ messages: fc.array(messageLike, { maxLength: 2 }), statuses: fc.array(messageLike, { maxLength: 2 }) }),
  fc.array(messageLike, { maxLength: 2 }).map((messages) => ({ entry: [{ changes: [{ value: { messages } }] }] })),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('parseWabaWebhook (fuzz)', () => {
  it('reads every Meta-shaped message of the grammar', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat(1e9), (text, id) => {
        const message = { from: '60123456789', id: `wamid.${id}`, timestamp: '1700000000', text: { body: text } };
        const [event] = parseWabaWebhook(form({ entry: [{ changes: [{ value: { messages: [message] } }] }] }), options);
        return (
          event?.type === 'inbound' &&
          event.from === '+60123456789' &&
          event.text === (text.trim() || '') &&
          event.vendorMessageId === `wamid.${id}`
        );
      }),
      RUNS,
    );
  });

  it('lets only PesanError escape, and every event it reads is a known status or has a valid sender', () => {
    const request = fc.oneof(
      payload.map(form),
      fc.string({ maxLength: 40 }).map((body): WebhookRequest => ({ method: 'POST', url: '/w', headers: {}, body })),
      fc.string({ maxLength: 20 }).map(
        (response): WebhookRequest => ({
          method: 'POST',
          url: '/w',
          headers: {},
          body: JSON.stringify({ response }),
        }),
      ),
    );
    fc.assert(
      fc.property(request, (webhook) => {
        const events = outcome(() => parseWabaWebhook(webhook, options));
        if (PesanError.isInstance(events)) return true;
        return events.every((event) =>
          event.type === 'status'
            ? event.vendorStatus.toLowerCase() in WABA_STATUSES && !Number.isNaN(event.at.getTime())
            : event.type === 'inbound' && event.from.startsWith('+'),
        );
      }),
      RUNS,
    );
  });
});
