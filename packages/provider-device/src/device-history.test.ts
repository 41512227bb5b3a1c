import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HISTORY_INCOMING } from './__fixtures__/device-answers.js';
import { readDeviceHistory } from './device-history.js';
import { formatVendorTime } from './vendor-time.js';

const options = { defaultRegion: 'MY' as const, utcOffsetMinutes: 0 };

describe('readDeviceHistory', () => {
  it('reads the records oldest first with senders in E.164, keeping raw', () => {
    const { messages, unreadable } = readDeviceHistory(JSON.parse(HISTORY_INCOMING).data, new Date(0), options);
    expect(unreadable).toBe(0);
    expect(messages.map((message) => [message.vendorMessageId, message.from, message.text])).toEqual([
      ['901', '+60123456789', 'Hello'],
      ['902', '+60123456780', 'Yes, confirm my booking'],
      ['903', '+60123456789', 'STOP'],
    ]);
    expect(messages[0]?.raw).toMatchObject({ id: 901, device_uid: '70d05483459a53d7' });
  });

  it('accepts the other likely field names, and lists under data.messages', () => {
    const data = {
      messages: [
        { sms_id: 'a', sender: '60123456789', body: 'one', received_at: '2025-11-25 10:00:00' },
        { from: '+60123456780', text: 'two', timestamp: 1764064860 },
        { address: 'MAYBANK', content: 'three', date: '2025-11-25T10:02:00Z' },
      ],
    };
    const { messages } = readDeviceHistory(data, new Date(0), options);
    expect(messages.map((message) => [message.from, message.text, message.at.toISOString()])).toEqual([
      ['+60123456789', 'one', '2025-11-25T10:00:00.000Z'],
      ['+60123456780', 'two', '2025-11-25T10:01:00.000Z'],
      ['MAYBANK', 'three', '2025-11-25T10:02:00.000Z'],
    ]);
  });

  it('keeps messages at or after since, skips outgoing and unreadable records, and drops repeats', () => {
    const data = [
      { id: 1, phone_number: '+60123456789', message: 'old', created_at: '2025-11-25 09:59:59' },
      { id: 2, phone_number: '+60123456789', message: 'same second', created_at: '2025-11-25 10:00:00' },
      { id: 2, phone_number: '+60123456789', message: 'same second', created_at: '2025-11-25 10:00:00' },
      { id: 3, phone_number: '+60123456789', message: 'mine', type: 'outgoing', created_at: '2025-11-25 10:00:01' },
      { phone_number: '+60123456789', message: 'no id', created_at: '2025-11-25 10:00:02' },
      { phone_number: '+60123456789', message: 'no id', created_at: '2025-11-25 10:00:02' },
      { phone_number: '+60123456789', message: 'no time' },
      'garbage',
    ];
    const { messages, unreadable } = readDeviceHistory(data, new Date('2025-11-25T10:00:00Z'), options);
    expect(messages.map((message) => message.text)).toEqual(['same second', 'no id']);
    expect(unreadable).toBe(2);
  });

  it('answers any records oldest first, each id once, none before since (property)', () => {
    const record = fc.record({
      id: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
      seconds: fc.integer({ min: 0, max: 120 }),
      text: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), fc.integer({ min: 0, max: 120 }), (records, sinceSeconds) => {
        const base = Date.UTC(2025, 10, 25, 10);
        const data = records.map((entry) => ({
          ...(entry.id === undefined ? {} : { id: entry.id }),
          phone_number: '+60123456789',
          message: entry.text,
          created_at: formatVendorTime(new Date(base + entry.seconds * 1000), 0),
        }));
        const since = new Date(base + sinceSeconds * 1000);
        const { messages } = readDeviceHistory(data, since, options);
        const ids = messages.flatMap((message) => (message.vendorMessageId ? [message.vendorMessageId] : []));
        expect(new Set(ids).size).toBe(ids.length);
        for (let index = 1; index < messages.length; index++) {
          expect(messages[index]!.at.getTime()).toBeGreaterThanOrEqual(messages[index - 1]!.at.getTime());
        }
        for (const message of messages) expect(message.at.getTime()).toBeGreaterThanOrEqual(since.getTime());
      }),
    );
  });
});
