/** Where a web address starts: a scheme or `www.`. */
const SCHEME = /\b(?:https?:\/\/|www\.)/iu;

/**
 * The end of a host name with a common top-level domain (`bit.ly`,
 * `shop.example.com.my`): a label character, a dot and the domain. Each
 * position is tried against a fixed list only, so the scan stays linear
 * however long the text.
 */
const TOP_LEVEL_DOMAIN =
  /[a-z0-9-]\.(?:com|net|org|my|ly|io|co|info|biz|app|link|me|gl|to|ws|xyz|shop|site|online|store|asia|cc|tk|page)(?![a-z0-9-])/iu;

/** The whitespace-free run of `text` around `index`, for the error message (at most 200 characters). */
function wordAt(text: string, index: number): string {
  let start = index;
  let end = index;
  while (start > 0 && index - start < 100 && !/\s/u.test(text[start - 1]!)) start--;
  while (end < text.length && end - index < 100 && !/\s/u.test(text[end]!)) end++;
  return text.slice(start, end);
}

/**
 * A Malaysian phone number as people write it: `+60`, `60` or `0`, then 8 to
 * 12 more digits with single spaces, dots or dashes between them; or a
 * 1-300 / 1-800 line.
 */
const PHONE = /(?<![\d+])(?:(?:\+?60|0)\d(?:[\s.-]?\d){7,11}|1[\s-]?[38]00(?:[\s.-]?\d){5,7})(?!\d)/u;

/** The first web address in `text`. */
export function findLink(text: string): string | undefined {
  const match = SCHEME.exec(text) ?? TOP_LEVEL_DOMAIN.exec(text);
  return match ? wordAt(text, match.index) : undefined;
}

/** The first phone number in `text`. */
export function findPhoneNumber(text: string): string | undefined {
  return PHONE.exec(text)?.[0];
}

/** Whether `text` already starts with the `RM0` marker in any usual form (`RM0 `, `RM0.00 `, `RM 0`). */
export function hasRm0Prefix(text: string): boolean {
  return /^\s*RM\s?0(?:\.0{1,2})?(?=\s|$|[:-])/iu.test(text);
}
