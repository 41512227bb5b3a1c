import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outboundMessageSchema, parseOutboundMessage, plainTextMessage } from './outbound-message-schema.js';

const value = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '  \t', '+60123456789', ' 012-345 6789 ', 'hello', 'x'.repeat(256), 'x'.repeat(257)),
  fc.integer(),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
);
const message = fc.dictionary(fc.constantFrom('to', 'text', 'idempotencyKey', 'channel', 'from', 'other'), value);

describe('plainTextMessage (the fast path of parseOutboundMessage)', () => {
  it('answers what the schema answers, or leaves the message to it (property)', () => {
    fc.assert(
      fc.property(message, (input) => {
        const fast = plainTextMessage(input);
        if (fast === undefined) return;
        const parsed = outboundMessageSchema.safeParse(input);
        expect(parsed.success).toBe(true);
        expect(fast).toEqual(parsed.data);
        expect(Object.keys(fast).sort()).toEqual(Object.keys(parsed.data ?? {}).sort());
      }),
      { numRuns: 5_000, seed: 14 },
    );
  });

  it('takes the common message and leaves everything else to the schema', () => {
    expect(plainTextMessage({ to: ' +60123456789 ', text: 'hi' })).toEqual({ to: '+60123456789', text: 'hi' });
    expect(plainTextMessage({ to: '+60123456789', text: 'hi', idempotencyKey: 'k1' })).toEqual({
      to: '+60123456789',
      text: 'hi',
      idempotencyKey: 'k1',
    });
    expect(plainTextMessage({ to: '+60123456789', text: '' })).toBeUndefined();
    expect(plainTextMessage({ to: '+60123456789', text: 'hi', channel: 'sms' })).toBeUndefined();
    expect(plainTextMessage({ to: '+60123456789', text: 'hi', idempotencyKey: undefined })).toBeUndefined();
    expect(plainTextMessage(Object.assign(Object.create(null), { to: '+60123456789', text: 'hi' }))).toBeUndefined();
    expect(() => parseOutboundMessage({ to: '  ', text: 'hi' })).toThrow(/to: required/);
  });
});
