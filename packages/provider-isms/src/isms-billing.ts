import { type EncodingPreference, PesanError } from '@pesan/core';

/** The vendor's SMS type: 1 ASCII, 2 Unicode ("1 = ASCII · 2 = Unicode"). */
export type IsmsSmsType = 1 | 2;

/**
 * Characters per SMS credit, as every iSMS page prints them: "153 characters
 * per SMS credit" for type 1 and "63 Characters" for type 2.
 */
export const ISMS_CHARACTERS_PER_CREDIT: Readonly<Record<IsmsSmsType, number>> = Object.freeze({ 1: 153, 2: 63 });

/** Characters as the vendor counts them: Unicode code points (`'😀'` is one, `'€'` is one). */
export function ismsBodyLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

const ASCII_ONLY = /^\p{ASCII}*$/u;

/**
 * The type a text goes out as. The vendor's words: "1 = ASCII · 2 = Unicode",
 * and `-1012` "Message contain unicode and please use type=2". So type 1 only
 * for ASCII text; any other character, even one GSM-7 has (`£`, `é`, `€`),
 * needs type 2. `encoding: 'ucs2'` forces type 2; `encoding: 'gsm7'` on text
 * that is not ASCII throws `INVALID_MESSAGE` (type 1 cannot carry it).
 */
export function ismsTypeFor(text: string, encoding: EncodingPreference = 'auto'): IsmsSmsType {
  if (encoding === 'ucs2') return 2;
  if (ASCII_ONLY.test(text)) return 1;
  if (encoding === 'gsm7') {
    throw new PesanError('INVALID_MESSAGE', {
      message: 'iSMS type 1 carries ASCII only: this text needs type 2 (encoding "ucs2" or "auto")',
    });
  }
  return 2;
}

/**
 * Credits one recipient of `text` costs at iSMS: `ceil(characters / 153)` for
 * type 1, `ceil(characters / 63)` for type 2, at least 1. The provider's
 * estimate and the sandbox's ledger both use this function.
 */
export function ismsCredits(text: string, type: IsmsSmsType): number {
  return Math.max(1, Math.ceil(ismsBodyLength(text) / ISMS_CHARACTERS_PER_CREDIT[type]));
}
