import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeForm } from './form-encoding.js';

describe('encodeForm', () => {
  it('writes what URLSearchParams writes', () => {
    expect(encodeForm({ un: 'user', pwd: 'p@ss w0rd!', msg: "Hi (it's) ~ 100% *ok*", dstno: '60123456789' })).toBe(
      'un=user&pwd=p%40ss+w0rd%21&msg=Hi+%28it%27s%29+%7E+100%25+*ok*&dstno=60123456789',
    );
    expect(encodeForm({})).toBe('');
    expect(encodeForm({ 'a b': '', lone: '\ud800x', emoji: '😀', 1: 'one' })).toBe(
      new URLSearchParams({ 'a b': '', lone: '\ud800x', emoji: '😀', 1: 'one' }).toString(),
    );
  });

  it('matches URLSearchParams for any fields (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })), (fields) => {
        expect(encodeForm(fields)).toBe(new URLSearchParams(fields).toString());
      }),
      { numRuns: 2_000, seed: 13 },
    );
  });

  it('matches URLSearchParams for texts of letters, digits, spaces and a few signs (property)', () => {
    // The common message text: it takes the encoder's fast path for unreserved characters and spaces, or just misses it.
    const character = fc.constantFrom(...'aZ09*-._ +!~%'.split(''));
    const text = fc.string({ unit: character });
    fc.assert(
      fc.property(fc.dictionary(text, text), (fields) => {
        expect(encodeForm(fields)).toBe(new URLSearchParams(fields).toString());
      }),
      { numRuns: 2_000, seed: 17 },
    );
  });
});
