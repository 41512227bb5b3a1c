import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A new code of `length` decimal digits, each drawn uniformly by `crypto.randomInt` (leading zeros kept). */
export function generateOtpCode(length: number): string {
  let code = '';
  for (let digit = 0; digit < length; digit++) code += String(randomInt(10));
  return code;
}

/** A new random salt for one code, base64url. */
export function otpSalt(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The keyed hash kept instead of a code: HMAC-SHA256 with the messenger's
 * OTP secret over the salt, the recipient and the code, base64url. Binding
 * the recipient means a hash copied to another number never matches.
 */
export function hashOtpCode(secret: string, salt: string, to: string, code: string): string {
  return createHmac('sha256', secret).update(`${salt}\u0000${to}\u0000${code}`).digest('base64url');
}

/** Whether `code` is the one `hash` was made from, compared in constant time. */
export function otpCodeMatches(secret: string, salt: string, to: string, code: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'base64url');
  const actual = Buffer.from(hashOtpCode(secret, salt, to, code), 'base64url');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
