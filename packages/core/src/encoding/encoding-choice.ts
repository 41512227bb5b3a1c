import { PesanError } from '../errors/pesan-error.js';
import type { EncodingPreference } from '../provider/v1/encoding-preference.js';
import { indexOfNonGsm7 } from './gsm7-alphabet.js';

/** An encoding a text is actually sent in. */
export type TextEncoding = 'gsm7' | 'ucs2';

/**
 * The encoding `text` is sent in: `auto` picks GSM-7 when every character is
 * in the GSM 03.38 tables, else UCS-2. Forcing `gsm7` on text with a character
 * outside the tables throws `PesanError` `INVALID_MESSAGE` naming it.
 */
export function chooseEncoding(text: string, preference: EncodingPreference = 'auto'): TextEncoding {
  if (preference === 'ucs2') return 'ucs2';
  const offending = indexOfNonGsm7(text);
  if (offending === -1) return 'gsm7';
  if (preference === 'auto') return 'ucs2';
  if (preference !== 'gsm7') {
    throw new PesanError('INVALID_MESSAGE', {
      message: `Unknown encoding ${JSON.stringify(preference)}: use 'auto', 'gsm7' or 'ucs2'`,
    });
  }
  const codePoint = text.codePointAt(offending)!;
  const character = String.fromCodePoint(codePoint);
  throw new PesanError('INVALID_MESSAGE', {
    message: `Text cannot be sent as GSM-7: ${JSON.stringify(character)} (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}) at index ${offending} is not in the GSM 03.38 alphabet; use encoding 'ucs2' or 'auto'`,
    details: { index: offending, codePoint },
  });
}
