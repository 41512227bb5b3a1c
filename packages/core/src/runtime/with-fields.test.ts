import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withFields } from './with-fields.js';

describe('withFields', () => {
  it('gives what the spread gives: the same keys, values and key order, later keys winning', () => {
    // `__proto__` is the one key assignment and a spread treat differently (see the TSDoc).
    const key = fc.string({ maxLength: 4 }).filter((name) => name !== '__proto__');
    const record = fc.dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)));
    fc.assert(
      fc.property(record, record, (base, fields) => {
        const copy = withFields(base, fields);
        const spread = { ...base, ...fields };
        expect(copy).toStrictEqual(spread);
        expect(Object.keys(copy)).toEqual(Object.keys(spread));
      }),
    );
  });

  it('leaves both inputs as they were', () => {
    const message = { to: '+60123456789', text: 'Hi' };
    const copy = withFields(message, { idempotencyKey: 'k-1' });
    expect(copy).toEqual({ to: '+60123456789', text: 'Hi', idempotencyKey: 'k-1' });
    expect(copy).not.toBe(message);
    expect(message).toEqual({ to: '+60123456789', text: 'Hi' });
  });
});
