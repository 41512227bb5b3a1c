import { PesanError } from '@pesan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDITS_LEFT_ANSWERS, UNREADABLE_CREDITS_LEFT_ANSWERS } from './__fixtures__/credits-left-answers.js';
import { CREDITS_LEFT_MAX_LENGTH, parseCreditsLeft, readCreditsLeftAnswer } from './credits-left-answer.js';

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

// The input of issue 12: the old two-numbers pattern (`\s*(?:[,;|/]|\s)\s*`)
// backtracked quadratically on it and blocked the event loop for 17 s. How
// fast it is now is measured by `pnpm guard:parsers`, not asserted here.
describe('hostile input', () => {
  const hostile = `1${' \t'.repeat(64 * 1024)}x`;
  const answer = (body: string) => ({
    body,
    status: 200,
    headers: {},
    endpoint: 'https://www.sms.com.my',
    attempts: [],
  });

  it('refuses "1" + 128 KiB of " \\t" + "x" as no credit count', () => {
    expect(hostile.length).toBe(2 + 128 * 1024);
    expect(parseCreditsLeft(hostile)).toBeUndefined();
  });

  it('reads it as INVALID_RESPONSE naming its length', () => {
    const error = (() => {
      try {
        readCreditsLeftAnswer(answer(hostile), 'ezsms');
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PesanError);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', provider: 'ezsms' });
    expect((error as PesanError).message).toContain(`${hostile.length} characters`);
  });

  it('refuses the same shape within the length limit, and still reads two numbers split by whitespace', () => {
    const within = `1${' \t'.repeat((CREDITS_LEFT_MAX_LENGTH - 2) / 2)}x`;
    expect(within.length).toBe(CREDITS_LEFT_MAX_LENGTH);
    expect(parseCreditsLeft(within)).toBeUndefined();
    expect(parseCreditsLeft(`${within.slice(0, -1)}2`)).toEqual({ used: 1, remaining: 2 });
    expect(parseCreditsLeft(`1 \t , \t2`)).toEqual({ used: 1, remaining: 2 });
  });

  it('refuses a well-formed answer padded past the length limit', () => {
    expect(parseCreditsLeft(`120,880${' '.repeat(CREDITS_LEFT_MAX_LENGTH)}`)).toBeUndefined();
  });
});
