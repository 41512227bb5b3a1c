import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { toE164 } from './to-e164.js';

function invalidRecipient(input: string, region?: Parameters<typeof toE164>[1]): PesanError {
  try {
    toE164(input, region);
  } catch (error) {
    if (PesanError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`toE164(${JSON.stringify(input)}) did not throw`);
}

describe('toE164', () => {
  it.each([
    ['012-345 6789', '+60123456789'],
    ['0123456789', '+60123456789'],
    ['60123456789', '+60123456789'],
    ['0060123456789', '+60123456789'],
    ['+60123456789', '+60123456789'],
    ['+60 12-345 6789', '+60123456789'],
    ['(+60) 12.345.6789', '+60123456789'],
    ['  012 - 345 6789  ', '+60123456789'],
    ['012\u00A0345\u00A06789', '+60123456789'],
    ['012–345–6789', '+60123456789'],
    ['\u202A+60 12-345 6789\u202C', '+60123456789'],
    ['011-1234 5678', '+601112345678'],
    ['03-2123 4567', '+60321234567'],
    ['(03) 2123 4567', '+60321234567'],
    ['+65 9123 4567', '+6591234567'],
    ['6591234567', '+6591234567'],
    ['+1 (415) 555-2671', '+14155552671'],
  ])('reads %j in MY as %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
    expect(toE164(input, 'MY')).toBe(expected);
  });

  it('reads national numbers in the given region', () => {
    expect(toE164('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(toE164('1 415 555 2671', 'US')).toBe('+14155552671');
    expect(toE164('011 44 20 7946 0958', 'US')).toBe('+442079460958');
    expect(toE164('0044 20 7946 0958', 'US')).toBe('+442079460958');
    expect(toE164('9123 4567', 'SG')).toBe('+6591234567');
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
  });

  it('prefers the valid reading, and the region own calling code when both are valid', () => {
    // National reading in SG (a Singapore mobile) beats +98 Iran.
    expect(toE164('98311419', 'SG')).toBe('+6598311419');
    // 62... in Indonesia is the country code written without +.
    expect(toE164('62921818208', 'ID')).toBe('+62921818208');
    expect(toE164('628123456789', 'ID')).toBe('+628123456789');
    expect(toE164('08123456789', 'ID')).toBe('+628123456789');
  });

  it.each([
    ['abc'],
    ['012-345 6789a'],
    ['1-800-FLOWERS'],
    ['+60 12 345 6789 ext 12'],
    ['0123456789;0198765432'],
    ['0123456789,0198765432'],
    ['0123456789/0198765432'],
    ['0123456789 0198765432'],
    ['+60123456789;'],
    ['60123456789,'],
    ['012\t3456789'],
    ['012\n3456789'],
    ['#0123456789'],
    ['++60123456789'],
    ['60+123456789'],
    [''],
    ['   '],
    ['--'],
    ['12345'],
    ['+6012'],
    ['+60999999999'],
    ['0999999999'],
    ['+800'],
    ['012345678901234567890'],
    ['1'.repeat(200)],
  ])('rejects %j with INVALID_RECIPIENT naming the input', (input) => {
    const error = invalidRecipient(input);
    expect(error.code).toBe('INVALID_RECIPIENT');
    expect(error.outcome).toBe('rejected');
    expect(error.message).toContain(JSON.stringify(input.slice(0, 64)).slice(0, -1));
  });

  it('rejects an unknown default region as a configuration error', () => {
    expect(() => toE164('0123456789', 'XX' as 'MY')).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('returns E.164 without ; or , or throws INVALID_RECIPIENT, for any input', () => {
    const phoneish = fc.string({
      unit: fc.constantFrom(...'0123456789', '+', '-', ' ', '.', '(', ')', ';', ',', '/', 'a', '\u00A0'),
      maxLength: 24,
    });
    const region = fc.constantFrom('MY' as const, 'SG' as const, 'US' as const, 'ID' as const, 'GB' as const);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), phoneish), region, (input, defaultRegion) => {
        let result: string;
        try {
          result = toE164(input, defaultRegion);
        } catch (error) {
          expect(PesanError.isInstance(error)).toBe(true);
          expect((error as PesanError).code).toBe('INVALID_RECIPIENT');
          return;
        }
        expect(result).toMatch(/^\+[1-9]\d{6,14}$/);
        expect(result).not.toMatch(/[;,]/);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same number however a Malaysian mobile is written', () => {
    const mobile = fc.tuple(fc.constantFrom('12', '13', '16', '17', '19'), fc.stringMatching(/^[2-9]\d{6}$/));
    fc.assert(
      fc.property(mobile, ([prefix, rest]) => {
        const e164 = `+60${prefix}${rest}`;
        const forms = [
          `0${prefix}${rest}`,
          `0${prefix}-${rest.slice(0, 3)} ${rest.slice(3)}`,
          `60${prefix}${rest}`,
          `0060${prefix}${rest}`,
          `+60 ${prefix}-${rest.slice(0, 3)} ${rest.slice(3)}`,
        ];
        for (const form of forms) expect(toE164(form)).toBe(e164);
      }),
      { numRuns: 200 },
    );
  });
});
