import type { TextEncoding } from '@pesan/core';

/** The vendor's SMS type: 1 ASCII/GSM, 2 Unicode. */
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

/** The type a text goes out as, from its encoding: 1 for GSM-7, 2 otherwise. */
export function ismsTypeFor(encoding: TextEncoding): IsmsSmsType {
  return encoding === 'gsm7' ? 1 : 2;
}

/**
 * Credits one recipient of `text` costs at iSMS: `ceil(characters / 153)` for
 * type 1, `ceil(characters / 63)` for type 2, at least 1. The provider's
 * estimate and the sandbox's ledger both use this function.
 */
export function ismsCredits(text: string, type: IsmsSmsType): number {
  return Math.max(1, Math.ceil(ismsBodyLength(text) / ISMS_CHARACTERS_PER_CREDIT[type]));
}
