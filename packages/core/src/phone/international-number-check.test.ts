import fc from 'fast-check';
import {
  type CountryCode,
  getExampleNumber,
  type MetadataJson,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/examples.mobile.json';
import maxMetadata from 'libphonenumber-js/metadata.max.json';
import { describe, expect, it } from 'vitest';
import { InternationalNumberCheck } from './international-number-check.js';
import { toE164 } from './to-e164.js';

const metadata = maxMetadata as unknown as MetadataJson;
const check = new InternationalNumberCheck(metadata);
const callingCodes = Object.keys(metadata.country_calling_codes);
const countries = Object.keys(metadata.countries) as CountryCode[];

/** What libphonenumber-js answers for `+digits`: valid, and written back the same. */
function libphonenumberSays(plusDigits: string): boolean {
  const parsed = parsePhoneNumberFromString(plusDigits, metadata);
  return parsed?.isValid() === true && parsed.ext === undefined && parsed.number === plusDigits;
}

function agrees(plusDigits: string): void {
  const fast = check.isValid(plusDigits);
  if (fast !== undefined)
    expect({ plusDigits, valid: fast }).toEqual({ plusDigits, valid: libphonenumberSays(plusDigits) });
}

describe('InternationalNumberCheck (the fast path of toE164)', () => {
  it('answers as libphonenumber-js for any calling code and digits (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...callingCodes),
        fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 16 }),
        (code, rest) => agrees(`+${code}${rest}`),
      ),
      { numRuns: 20_000, seed: 15 },
    );
  });

  it("answers as libphonenumber-js for every country's example mobile number, and its neighbours (property)", () => {
    const numbers = countries
      .map((country) => getExampleNumber(country, examples, metadata)?.number)
      .filter((number): number is NonNullable<typeof number> => number !== undefined);
    expect(numbers.length).toBeGreaterThan(200);
    for (const number of numbers) agrees(number);
    fc.assert(
      fc.property(
        fc.constantFrom(...numbers),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: -2, max: 2 }),
        (number, digit, lengthChange) => {
          const changed =
            lengthChange >= 0
              ? `${number.slice(0, -1)}${digit}${String(digit).repeat(lengthChange)}`
              : number.slice(0, lengthChange);
          agrees(changed);
        },
      ),
      { numRuns: 20_000, seed: 16 },
    );
  });

  it('decides the common numbers itself and leaves shared calling codes to libphonenumber-js', () => {
    expect(check.isValid('+60123456789')).toBe(true);
    expect(check.isValid('+6012345678901234')).toBe(false);
    expect(check.isValid('+6599999999')).toBeTypeOf('boolean');
    expect(check.isValid('+14155552671')).toBeUndefined();
    expect(check.isValid('+447911123456')).toBeUndefined();
    expect(check.isValid('+600123456789')).toBeUndefined();
    expect(toE164('+60123456789')).toBe('+60123456789');
    expect(toE164('+14155552671')).toBe('+14155552671');
    expect(() => toE164('+6012345678901234')).toThrow(/not a valid international number/);
  });
});
