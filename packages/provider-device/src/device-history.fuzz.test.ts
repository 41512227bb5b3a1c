import fc from 'fast-check';
import { describe, it } from 'vitest';
import { readDeviceHistory } from './device-history.js';
import { DEVICE_MESSAGE_STATUSES, readDeviceMessageStatus } from './device-message-status.js';
import { parseVendorTime } from './vendor-time.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;
const options = { defaultRegion: 'MY' as const, utcOffsetMinutes: 420 };
const since = new Date('2025-01-01T00:00:00Z');

const time = fc.oneof(
  fc.string({ maxLength: 25 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom('2025-11-25 10:00:00', '2025-02-30 10:00:00', '2025-11-25T10:00:00+07:00', '1764039600', ''),
);
const field = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.constant(null),
  fc.constantFrom('0123456789', 'BANK'),
);
const record = fc.record(
  {
    id: field,
    phone_number: field,
    sender: field,
    message: field,
    created_at: time,
    timestamp: time,
    type: fc.oneof(field, fc.constantFrom('incoming', 'outgoing', 'SENT')),
  },
  { requiredKeys: [] },
);
const data = fc.oneof(
  fc.array(fc.oneof(record, fc.jsonValue({ maxDepth: 1 })), { maxLength: 6 }),
  fc.record({ messages: fc.array(record, { maxLength: 4 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('readDeviceHistory (fuzz)', () => {
  it('never throws; every message read has a sender, text and valid time at or after since, each id once', () => {
    fc.assert(
      fc.property(data, (value) => {
        const { messages, unreadable } = readDeviceHistory(value, since, options);
        const ids = messages.flatMap((message) =>
          message.vendorMessageId === undefined ? [] : [message.vendorMessageId],
        );
        return (
          unreadable >= 0 &&
          new Set(ids).size === ids.length &&
          messages.every(
            (message) =>
              message.from.trim() !== '' && typeof message.text === 'string' && message.at.getTime() >= since.getTime(),
          )
        );
      }),
      RUNS,
    );
  });
});

describe('parseVendorTime and readDeviceMessageStatus (fuzz)', () => {
  it('read any value as a valid time or nothing, and any status as a known one or unknown', () => {
    fc.assert(
      fc.property(fc.oneof(time, fc.jsonValue({ maxDepth: 1 })), fc.string({ maxLength: 12 }), (value, status) => {
        const at = parseVendorTime(value, 420);
        const reading = readDeviceMessageStatus(status);
        const known = Object.values(DEVICE_MESSAGE_STATUSES).some((entry) => entry.status === reading.status);
        return (at === undefined || !Number.isNaN(at.getTime())) && (known || reading.status === 'unknown');
      }),
      RUNS,
    );
  });
});
