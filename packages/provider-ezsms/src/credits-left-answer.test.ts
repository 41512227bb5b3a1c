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

  it('never reads a number out of surrounding text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }).filter((noise) => /[^\s\d.,;&|/:=A-Za-z _-]/.test(noise)),
        fc.nat(100_000),
        (noise, remaining) => {
          expect(parseCreditsLeft(`${noise} Balance: ${remaining}`)).toBeUndefined();
          expect(parseCreditsLeft(`Balance: ${remaining} ${noise}`)).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never returns a negative count', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: -1_000_000, max: -1 }), (body, negative) => {
        for (const candidate of [body, String(negative), `${body}${negative}`, `Balance: ${negative}`]) {
          const credits = parseCreditsLeft(candidate);
          if (credits === undefined) continue;
          expect(credits.remaining).toBeGreaterThanOrEqual(0);
          if (credits.used !== undefined) expect(credits.used).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
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
