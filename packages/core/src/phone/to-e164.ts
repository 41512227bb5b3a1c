import {
  type CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  type MetadataJson,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/metadata.max.json';

import { PesanError } from '../errors/pesan-error.js';
import { InternationalNumberCheck } from './international-number-check.js';

// The full ("max") metadata, passed to libphonenumber-js's core functions directly: what
// `libphonenumber-js/max` does, without its per-call wrapper that copies the arguments.
const metadata = maxMetadata as unknown as MetadataJson;

export type { CountryCode } from 'libphonenumber-js/core';

/** The shape of every number `toE164` returns. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

// Separators people and phones put inside numbers: spaces (including no-break
// and thin spaces), hyphens and dashes, dots, brackets, and the invisible
// bidirectional marks phones wrap around pasted numbers. Nothing else: a
// letter, `;`, `,`, `/`, `#`, a tab or a line break makes the input invalid.
const SEPARATORS =
  /[ \u00A0\u2000-\u200B\u202F\u205F\u3000\-\u2010-\u2015\u2212.()\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const DIGITS_WITH_OPTIONAL_PLUS = /^\+?\d+$/;
const MAX_INPUT_LENGTH = 64;

function invalid(input: string, reason: string): PesanError {
  const shown = input.length > MAX_INPUT_LENGTH ? `${input.slice(0, MAX_INPUT_LENGTH)}...` : input;
  return new PesanError('INVALID_RECIPIENT', {
    message: `Invalid recipient ${JSON.stringify(shown)}: ${reason}`,
    details: { input: shown },
  });
}

// Decides most `+digits` candidates from compiled patterns, as libphonenumber-js would.
const internationalCheck = new InternationalNumberCheck(metadata);

/** `candidate` (`+` and digits, or national digits in `region`) in E.164 when valid. */
function validE164(candidate: string, region?: CountryCode): string | undefined {
  if (region === undefined) {
    const valid = internationalCheck.isValid(candidate);
    if (valid !== undefined) return valid && E164_PATTERN.test(candidate) ? candidate : undefined;
  }
  const parsed =
    region === undefined
      ? parsePhoneNumberFromString(candidate, metadata)
      : parsePhoneNumberFromString(candidate, region, metadata);
  if (!parsed?.isValid() || parsed.ext) return undefined;
  return E164_PATTERN.test(parsed.number) ? parsed.number : undefined;
}

/**
 * Normalises one phone number to E.164 (`+60123456789`), validated with
 * libphonenumber-js's full metadata.
 *
 * Accepted: `+60 12-345 6789`, `0060123456789` (`00` international prefix, or
 * the default region's own), `012-345 6789` (national, in `defaultRegion`),
 * `60123456789` (international without `+`), with spaces, dashes, dots and
 * brackets anywhere. Anything else throws `PesanError` `INVALID_RECIPIENT`
 * naming the input: letters, `;`, `,`, `/`, two numbers, empty, too short,
 * not valid for its region. The result never contains `;` or `,`, so it is
 * safe in a vendor URL.
 *
 * Digits without `+` are read two ways: nationally in `defaultRegion` (trunk
 * prefix `0` and the region's own international prefix understood) and as
 * international without `+` (after a leading `00`). The valid reading wins.
 * When both are valid and differ, the international reading wins if the digits
 * start with the region's own calling code (`62812...` in `ID`), else the
 * national one (`98311419` in `SG` is a Singapore mobile, not Iran).
 *
 * @param defaultRegion ISO 3166-1 region for national numbers; `MY` unless given.
 * @example
 * ```ts
 * toE164('012-345 6789');        // '+60123456789'
 * toE164('60123456789');         // '+60123456789'
 * toE164('(415) 555-2671', 'US'); // '+14155552671'
 * ```
 */
export function toE164(input: string, defaultRegion: CountryCode = 'MY'): string {
  if (!isSupportedCountry(defaultRegion, metadata)) {
    throw new PesanError('INVALID_CONFIG', {
      message: `Unknown default region ${JSON.stringify(defaultRegion)}: use an ISO 3166-1 alpha-2 code such as 'MY'`,
    });
  }
  if (typeof input !== 'string') throw invalid(String(input), 'a phone number must be a string');
  if (input.length > MAX_INPUT_LENGTH) throw invalid(input, 'too long to be a phone number');
  const compact = input.replace(SEPARATORS, '');
  if (compact === '') throw invalid(input, 'empty');
  if (!DIGITS_WITH_OPTIONAL_PLUS.test(compact)) {
    throw invalid(input, 'only digits, an optional leading +, spaces, dashes, dots and brackets are allowed');
  }

  if (compact.startsWith('+')) {
    const number = validE164(compact);
    if (number === undefined) throw invalid(input, 'not a valid international number');
    return number;
  }

  const national = validE164(compact, defaultRegion);
  const international = validE164(`+${compact.startsWith('00') ? compact.slice(2) : compact}`);
  // `62812...` in Indonesia is far more often +62 812... than a national number
  // that happens to start with 62, so the region's own calling code wins.
  if (international !== undefined && compact.startsWith(getCountryCallingCode(defaultRegion, metadata)))
    return international;
  const number = national ?? international;
  if (number === undefined) throw invalid(input, `not a valid number in ${defaultRegion} nor internationally`);
  return number;
}
