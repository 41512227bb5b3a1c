import { describe, expect, it } from 'vitest';
import { generateOtpCode, hashOtpCode, otpCodeMatches, otpSalt } from './otp-code.js';

// Chi-square with 9 degrees of freedom is above 45 with probability about 1e-6.
const CHI_SQUARE_LIMIT = 45;

describe('generateOtpCode', () => {
  it('draws every digit position uniformly over 10 000 codes, leading zeros kept', () => {
    const count = 10_000;
    const length = 6;
    const tallies = Array.from({ length }, () => new Array<number>(10).fill(0));
    let leadingZeros = 0;
    for (let index = 0; index < count; index++) {
      const code = generateOtpCode(length);
      expect(code).toMatch(/^\d{6}$/);
      if (code.startsWith('0')) leadingZeros += 1;
      for (let position = 0; position < length; position++) tallies[position]![Number(code[position])]! += 1;
    }
    const expected = count / 10;
    for (const tally of tallies) {
      const chiSquare = tally.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
      expect(chiSquare).toBeLessThan(CHI_SQUARE_LIMIT);
    }
    expect(leadingZeros).toBeGreaterThan(800);
  });

  it('makes codes of 4 to 10 digits', () => {
    for (let length = 4; length <= 10; length++)
      expect(generateOtpCode(length)).toMatch(new RegExp(`^\\d{${length}}$`));
  });
});

describe('hashOtpCode', () => {
  const secret = 'x'.repeat(32);

  it('matches only the same code, number, salt and secret', () => {
    const salt = otpSalt();
    const hash = hashOtpCode(secret, salt, '+60123456789', '012345');
    expect(otpCodeMatches(secret, salt, '+60123456789', '012345', hash)).toBe(true);
    expect(otpCodeMatches(secret, salt, '+60123456789', '12345', hash)).toBe(false);
    expect(otpCodeMatches(secret, salt, '+60123456780', '012345', hash)).toBe(false);
    expect(otpCodeMatches(secret, otpSalt(), '+60123456789', '012345', hash)).toBe(false);
    expect(otpCodeMatches('y'.repeat(32), salt, '+60123456789', '012345', hash)).toBe(false);
    expect(otpCodeMatches(secret, salt, '+60123456789', '012345', 'short')).toBe(false);
  });
});
