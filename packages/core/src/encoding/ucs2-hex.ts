import iconv from 'iconv-lite';
import { PesanError } from '../errors/pesan-error.js';

const UCS2_HEX = /^(?:[0-9A-Fa-f]{4})*$/;

/**
 * `text` as UTF-16 big-endian hexadecimal, upper case, four digits per UTF-16
 * code unit (so characters outside the BMP become their surrogate pair), no
 * byte order mark: the "hex UCS-2" body that SMS vendors take.
 *
 * @example
 * ```ts
 * toUcs2Hex('ABC'); // '004100420043'
 * toUcs2Hex('😀');  // 'D83DDE00'
 * ```
 */
export function toUcs2Hex(text: string): string {
  // Node's own 'ucs2' encoding is little-endian; vendors want big-endian.
  return iconv.encode(text, 'utf16-be').toString('hex').toUpperCase();
}

/**
 * The inverse of {@link toUcs2Hex}; accepts upper or lower case. A leading
 * `FEFF` is kept as U+FEFF, not stripped as a byte order mark. Throws
 * `PesanError` `INVALID_MESSAGE` unless `hex` is hexadecimal with a multiple
 * of four digits.
 */
export function fromUcs2Hex(hex: string): string {
  if (!UCS2_HEX.test(hex)) {
    const shown = hex.length > 40 ? `${hex.slice(0, 40)}...` : hex;
    throw new PesanError('INVALID_MESSAGE', {
      message: `Invalid UCS-2 hex ${JSON.stringify(shown)}: expected hexadecimal digits, four per UTF-16 code unit`,
    });
  }
  return iconv.decode(Buffer.from(hex, 'hex'), 'utf16-be', { stripBOM: false });
}
