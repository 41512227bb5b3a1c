/** A web address: a scheme, `www.`, or a host name with a common top-level domain. */
const LINK =
  /\b(?:https?:\/\/|www\.)[^\s]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|my|ly|io|co|info|biz|app|link|me|gl|to|ws|xyz|shop|site|online|store|asia|cc|tk|page)\b(?:\/[^\s]*)?/iu;

/**
 * A Malaysian phone number as people write it: `+60`, `60` or `0`, then 8 to
 * 12 more digits with single spaces, dots or dashes between them; or a
 * 1-300 / 1-800 line.
 */
const PHONE = /(?<![\d+])(?:(?:\+?60|0)\d(?:[\s.-]?\d){7,11}|1[\s-]?[38]00(?:[\s.-]?\d){5,7})(?!\d)/u;

/** The first web address in `text`. */
export function findLink(text: string): string | undefined {
  return LINK.exec(text)?.[0];
}

/** The first phone number in `text`. */
export function findPhoneNumber(text: string): string | undefined {
  return PHONE.exec(text)?.[0];
}

/** Whether `text` already starts with the `RM0` marker in any usual form (`RM0 `, `RM0.00 `, `RM 0`). */
export function hasRm0Prefix(text: string): boolean {
  return /^\s*RM\s?0(?:\.0{1,2})?(?=\s|$|[:-])/iu.test(text);
}
