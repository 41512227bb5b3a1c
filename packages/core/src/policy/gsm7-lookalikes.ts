import { isGsm7 } from '../encoding/gsm7-alphabet.js';

/**
 * Unicode characters that look like GSM-7 ones, and what replaces them. An
 * empty replacement removes the character (zero-width and soft hyphens).
 * Letters with accents GSM-7 lacks are not here: replacing them changes
 * words, not just typography.
 */
export const GSM7_LOOKALIKES: ReadonlyMap<string, string> = new Map([
  // Quotes and apostrophes
  ['\u2018', "'"], // ‘
  ['\u2019', "'"], // ’
  ['\u201A', "'"], // ‚
  ['\u201B', "'"], // ‛
  ['\u2032', "'"], // ′
  ['\u02B9', "'"], // ʹ
  ['\u02BB', "'"], // ʻ
  ['\u02BC', "'"], // ʼ
  ['\u02BD', "'"], // ʽ
  ['\u02C8', "'"], // ˈ
  ['\u0060', "'"], // `
  ['\u00B4', "'"], // ´
  ['\u2039', "'"], // ‹
  ['\u203A', "'"], // ›
  ['\u201C', '"'], // “
  ['\u201D', '"'], // ”
  ['\u201E', '"'], // „
  ['\u201F', '"'], // ‟
  ['\u2033', '"'], // ″
  ['\u02BA', '"'], // ʺ
  ['\u00AB', '"'], // «
  ['\u00BB', '"'], // »
  ['\uFF02', '"'], // ＂
  ['\uFF07', "'"], // ＇
  // Dashes and minus signs
  ['\u2010', '-'], // ‐
  ['\u2011', '-'], // ‑
  ['\u2012', '-'], // ‒
  ['\u2013', '-'], // –
  ['\u2014', '-'], // —
  ['\u2015', '-'], // ―
  ['\u2212', '-'], // −
  ['\u2043', '-'], // ⁃
  ['\uFE58', '-'], // ﹘
  ['\uFF0D', '-'], // －
  // Ellipsis, bullets and other punctuation
  ['\u2026', '...'], // …
  ['\u2022', '*'], // •
  ['\u2023', '>'], // ‣
  ['\u2027', '-'], // ‧
  ['\u00B7', '.'], // ·
  ['\u2044', '/'], // ⁄
  ['\u2215', '/'], // ∕
  ['\u00D7', 'x'], // ×
  ['\u02C6', '^'], // ˆ
  ['\u02DC', '~'], // ˜
  ['\u2038', '^'], // ‸
  ['\u01C3', '!'], // ǃ
  ['\u02C2', '<'], // ˂
  ['\u02C3', '>'], // ˃
  ['\uFF0C', ','], // ，
  ['\uFF0E', '.'], // ．
  ['\uFF1A', ':'], // ：
  ['\uFF1B', ';'], // ；
  ['\uFF01', '!'], // ！
  ['\uFF1F', '?'], // ？
  ['\uFF08', '('], // （
  ['\uFF09', ')'], // ）
  // Spaces
  ['\u00A0', ' '], // no-break space
  ['\u2000', ' '],
  ['\u2001', ' '],
  ['\u2002', ' '],
  ['\u2003', ' '],
  ['\u2004', ' '],
  ['\u2005', ' '],
  ['\u2006', ' '],
  ['\u2007', ' '],
  ['\u2008', ' '],
  ['\u2009', ' '],
  ['\u200A', ' '],
  ['\u202F', ' '], // narrow no-break space
  ['\u205F', ' '],
  ['\u3000', ' '], // ideographic space
  ['\u0009', ' '], // tab
  // Invisible characters
  ['\u200B', ''], // zero-width space
  ['\u200C', ''], // zero-width non-joiner
  ['\u200D', ''], // zero-width joiner
  ['\u2060', ''], // word joiner
  ['\uFEFF', ''], // zero-width no-break space (BOM)
  ['\u00AD', ''], // soft hyphen
]);

/** One kind of character replaced, and how often. */
export interface LookalikeReplacement {
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

/** What {@link replaceLookalikes} did. */
export interface LookalikeResult {
  readonly text: string;
  /** Each replaced character, in order of first appearance. */
  readonly replaced: readonly LookalikeReplacement[];
}

/**
 * `text` with every GSM-7 look-alike replaced, when that makes the whole text
 * GSM-7; `undefined` when the text is GSM-7 already, has no look-alikes, or
 * keeps other characters GSM-7 lacks (emoji, Chinese): then nothing is saved
 * and the text is best left as written.
 */
export function replaceLookalikes(
  text: string,
  table: ReadonlyMap<string, string> = GSM7_LOOKALIKES,
): LookalikeResult | undefined {
  if (isGsm7(text)) return undefined;
  const counts = new Map<string, number>();
  let replacedText = '';
  for (const character of text) {
    const replacement = table.get(character);
    if (replacement === undefined) {
      replacedText += character;
      continue;
    }
    replacedText += replacement;
    counts.set(character, (counts.get(character) ?? 0) + 1);
  }
  if (counts.size === 0 || !isGsm7(replacedText)) return undefined;
  return {
    text: replacedText,
    replaced: [...counts].map(([from, count]) => ({ from, to: table.get(from)!, count })),
  };
}
