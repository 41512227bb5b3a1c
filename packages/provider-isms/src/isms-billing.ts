import { type EncodingPreference, PesanError } from '@pesan/core';

/** The vendor's SMS type: 1 ASCII, 2 Unicode ("1 = ASCII · 2 = Unicode"). */
export type IsmsSmsType = 1 | 2;

/**
 * Characters per SMS credit, as every iSMS page prints them: "153 characters
 * per SMS credit" for type 1 and "63 Characters" for type 2.
 */
export const ISMS_CHARACTERS_PER_CREDIT: Readonly<Record<IsmsSmsType, number>> = Object.freeze({ 1: 153, 2: 63 });

/**
 * Characters as the vendor counts them: Unicode code points (`'😀'` is one, `'€'` is one).
 * A lone surrogate counts as one, as iterating the string would.
 */
export function ismsBodyLength(text: string): number {
  // UTF-16 units less one per surrogate pair: what `for...of` counts, without an iterator step per character.
  let length = text.length;
  for (let position = 0; position < text.length - 1; position++) {
    const unit = text.charCodeAt(position);
    if (unit < 0xd800 || unit > 0xdbff) continue;
    const next = text.charCodeAt(position + 1);
    if (next >= 0xdc00 && next <= 0xdfff) {
      length -= 1;
      position += 1;
    }
  }
  return length;
}

const ASCII_ONLY = /^\p{ASCII}*$/u;

/** Whether every character of `text` is ASCII, so that its type-1 length is `text.length`. */
export function isAscii(text: string): boolean {
  return ASCII_ONLY.test(text);
}

/**
 * The type a text goes out as. The vendor's words: "1 = ASCII · 2 = Unicode",
 * and `-1012` "Message contain unicode and please use type=2". So type 1 only
 * for ASCII text; any other character, even one GSM-7 has (`£`, `é`, `€`),
 * needs type 2. `encoding: 'ucs2'` forces type 2; `encoding: 'gsm7'` on text
 * that is not ASCII throws `INVALID_MESSAGE` (type 1 cannot carry it).
 */
export function ismsTypeFor(text: string, encoding: EncodingPreference = 'auto'): IsmsSmsType {
  if (encoding === 'ucs2') return 2;
  if (isAscii(text)) return 1;
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
  return ismsCreditsFor(ismsBodyLength(text), type);
}

/** {@link ismsCredits} for a text of `length` characters (its {@link ismsBodyLength}), counted once by the caller. */
export function ismsCreditsFor(length: number, type: IsmsSmsType): number {
  return Math.max(1, Math.ceil(length / ISMS_CHARACTERS_PER_CREDIT[type]));
}
