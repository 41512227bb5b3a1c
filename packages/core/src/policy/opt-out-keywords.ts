/** Opt-out keywords recognised by default: English and Malay. */
export const DEFAULT_OPT_OUT_KEYWORDS: readonly string[] = Object.freeze([
  'STOP',
  'STOP ALL',
  'UNSUBSCRIBE',
  'BATAL',
  'BATAL SEMUA',
  'HENTI',
]);

/** Opt-in keywords recognised by default: English and Malay. */
export const DEFAULT_OPT_IN_KEYWORDS: readonly string[] = Object.freeze(['START', 'MULA']);

/**
 * A keyword as compared: upper case, runs of whitespace (any Unicode space)
 * as one space, no whitespace or closing punctuation (`.`, `!`) around it.
 * `"  stop all! "` is `STOP ALL`.
 */
export function normaliseKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u200B\uFEFF]+/gu, ' ')
    .trim()
    .replace(/[.!]+$/u, '')
    .trim()
    .toUpperCase();
}

/** A set of normalised keywords. */
export function keywordSet(keywords: readonly string[]): ReadonlySet<string> {
  return new Set(keywords.map(normaliseKeyword).filter((keyword) => keyword.length > 0));
}
