import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from './to-e164.js';

/**
 * The ISO 3166-1 region of an E.164 number (`'MY'` for `+60123456789`), for
 * routing by country. Numbers sharing a calling code (`+1`, `+7`, `+44`) are
 * told apart by their prefixes. `undefined` when the input is not E.164 or
 * belongs to no region (`+800` freephone, `+882` networks).
 */
export function regionOf(e164: string): CountryCode | undefined {
  if (typeof e164 !== 'string' || !e164.startsWith('+')) return undefined;
  return parsePhoneNumberFromString(e164)?.country;
}
