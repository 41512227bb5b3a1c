/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet, indexed by septet value.
 * Position 0x1B is the escape to the extension table, not a character, so it
 * holds a placeholder that is skipped below.
 */
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

const ESCAPE = 0x1b;

/** The extension table: each of these is sent as ESC + septet, so it counts two septets. */
const EXTENSION_TABLE: ReadonlyArray<readonly [string, number]> = [
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
];

/**
 * Characters of the GSM 03.38 basic table and their septet values. `Ç`
 * (U+00C7) is in it; lower-case `ç` is not, so text with `ç` is UCS-2.
 */
export const GSM7_BASIC_ALPHABET: ReadonlyMap<string, number> = new Map(
  [...BASIC_TABLE].flatMap((character, septet) => (septet === ESCAPE ? [] : [[character, septet] as const])),
);

/**
 * Characters of the GSM 03.38 extension table and their septet values after
 * the escape septet: form feed and `^ { } \ [ ~ ] | €`. Each counts two septets.
 */
export const GSM7_EXTENSION_ALPHABET: ReadonlyMap<string, number> = new Map(EXTENSION_TABLE);

// Septets per UTF-16 code unit: 1 basic, 2 extension, absent when not GSM.
// Every GSM character is in the BMP, so a code unit is a whole character.
const SEPTETS_BY_CODE_UNIT: ReadonlyMap<number, 1 | 2> = new Map([
  ...[...GSM7_BASIC_ALPHABET.keys()].map((character) => [character.charCodeAt(0), 1 as const] as const),
  ...[...GSM7_EXTENSION_ALPHABET.keys()].map((character) => [character.charCodeAt(0), 2 as const] as const),
]);

/**
 * Septets the UTF-16 code unit takes in GSM-7: 1 for the basic table, 2 for
 * the extension table, `undefined` when it cannot be sent in GSM-7.
 */
export function gsm7SeptetsOfCodeUnit(codeUnit: number): 1 | 2 | undefined {
  return SEPTETS_BY_CODE_UNIT.get(codeUnit);
}

/**
 * Index of the first character that GSM-7 cannot carry, or -1 when there is
 * none.
 */
export function indexOfNonGsm7(text: string): number {
  for (let index = 0; index < text.length; index++) {
    if (!SEPTETS_BY_CODE_UNIT.has(text.charCodeAt(index))) return index;
  }
  return -1;
}

/**
 * Whether every character of `text` is in the GSM 03.38 basic or extension
 * table, so the text can be sent as GSM-7. The empty string is GSM-7.
 *
 * @example
 * ```ts
 * isGsm7('Terima kasih €5'); // true
 * isGsm7('ça va');           // false: ç is not in the table (Ç is)
 * ```
 */
export function isGsm7(text: string): boolean {
  return indexOfNonGsm7(text) === -1;
}

/**
 * Length of `text` in GSM-7 septets (extension characters count two), or
 * `undefined` when a character is not GSM-7.
 */
export function gsm7Septets(text: string): number | undefined {
  let septets = 0;
  for (let index = 0; index < text.length; index++) {
    const size = SEPTETS_BY_CODE_UNIT.get(text.charCodeAt(index));
    if (size === undefined) return undefined;
    septets += size;
  }
  return septets;
}
