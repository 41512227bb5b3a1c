import { PesanError } from '../errors/pesan-error.js';

/** Units one SMS part holds in one encoding. */
export interface PartSize {
  /** Units when the whole text fits in one part (no concatenation header). */
  single: number;
  /** Units per part once the text needs several parts (the header takes room). */
  multi: number;
}

/**
 * Units per part for each encoding: GSM-7 septets and UTF-16 code units.
 *
 * @example
 * ```ts
 * // iSMS bills 153 GSM characters and 63 Unicode characters per credit, single or not:
 * const isms: PartSizes = { gsm7: { single: 153, multi: 153 }, ucs2: { single: 63, multi: 63 } };
 * ```
 */
export interface PartSizes {
  gsm7: PartSize;
  ucs2: PartSize;
}

/** The GSM 03.40 sizes: 160/153 septets, 70/67 UTF-16 units. */
export const DEFAULT_PART_SIZES: Readonly<PartSizes> = Object.freeze({
  gsm7: Object.freeze({ single: 160, multi: 153 }),
  ucs2: Object.freeze({ single: 70, multi: 67 }),
});

/**
 * Fills the missing encodings of `partSizes` from {@link DEFAULT_PART_SIZES}
 * and checks every size is an integer of at least 2 (room for a GSM escape
 * pair or a surrogate pair); throws `PesanError` `INVALID_CONFIG` otherwise.
 */
export function resolvePartSizes(partSizes: Partial<PartSizes> | undefined): PartSizes {
  if (partSizes === undefined) return DEFAULT_PART_SIZES;
  const resolved: PartSizes = {
    gsm7: partSizes.gsm7 ?? DEFAULT_PART_SIZES.gsm7,
    ucs2: partSizes.ucs2 ?? DEFAULT_PART_SIZES.ucs2,
  };
  for (const encoding of ['gsm7', 'ucs2'] as const) {
    for (const kind of ['single', 'multi'] as const) {
      const size = resolved[encoding][kind];
      if (!Number.isInteger(size) || size < 2) {
        throw new PesanError('INVALID_CONFIG', {
          message: `partSizes.${encoding}.${kind} must be an integer of at least 2, got ${String(size)}`,
        });
      }
    }
  }
  return resolved;
}
