import { PesanError } from '../errors/pesan-error.js';
import { E164_PATTERN } from './to-e164.js';

/**
 * How a vendor wants a number written: `digits` is E.164 without the `+`
 * (`60123456789`, iSMS and sms.com.my), `plus` is E.164 itself (`+60123456789`).
 */
export type VendorNumberFormat = 'digits' | 'plus';

/**
 * Writes an E.164 number (the output of `toE164`) the way a vendor wants it.
 * Throws `PesanError` `INVALID_RECIPIENT` when `e164` is not E.164-shaped, so
 * nothing else (a `;` or `,` adding recipients) reaches a vendor URL. It
 * checks the shape only: validate with `toE164` first.
 *
 * @example
 * ```ts
 * formatPhoneNumber('+60123456789', 'digits'); // '60123456789'
 * formatPhoneNumber('+60123456789', 'plus');   // '+60123456789'
 * ```
 */
export function formatPhoneNumber(e164: string, format: VendorNumberFormat): string {
  if (typeof e164 !== 'string' || !E164_PATTERN.test(e164)) {
    throw new PesanError('INVALID_RECIPIENT', {
      message: `Invalid recipient ${JSON.stringify(String(e164).slice(0, 64))}: expected E.164 such as +60123456789 (normalise with toE164 first)`,
    });
  }
  if (format === 'digits') return e164.slice(1);
  if (format === 'plus') return e164;
  throw new PesanError('INVALID_CONFIG', {
    message: `Unknown number format ${JSON.stringify(format)}: use 'digits' or 'plus'`,
  });
}
