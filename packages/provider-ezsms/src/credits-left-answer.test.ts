import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDITS_LEFT_ANSWERS, UNREADABLE_CREDITS_LEFT_ANSWERS } from './__fixtures__/credits-left-answers.js';
import { parseCreditsLeft } from './credits-left-answer.js';

describe('parseCreditsLeft', () => {
  it.each(CREDITS_LEFT_ANSWERS)('reads $body', ({ body, expected }) => {
    expect(parseCreditsLeft(body)).toEqual(expected);
  });

  it.each(UNREADABLE_CREDITS_LEFT_ANSWERS)('refuses %j', (body) => {
    expect(parseCreditsLeft(body)).toBeUndefined();
  });

  it('reads any used,remaining pair back', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(10_000_000), (used, remaining) => {
        expect(parseCreditsLeft(`${used},${remaining}`)).toEqual({ used, remaining });
        expect(parseCreditsLeft(`Credits used: ${used}\r\nCredits left: ${remaining}`)).toEqual({ used, remaining });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and only returns finite numbers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (body) => {
        const credits = parseCreditsLeft(body);
        if (credits === undefined) return;
        expect(Number.isFinite(credits.remaining)).toBe(true);
        if (credits.used !== undefined) expect(Number.isFinite(credits.used)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
