/**
 * Characters per credit, as the vendor's pages print them: 153 for type 1
 * (ASCII), 63 for type 2 (Unicode). The sandbox keeps its own copy of the
 * vendor's rule, so it can catch a provider whose estimate drifts from it.
 */
export const SANDBOX_CHARACTERS_PER_CREDIT: Readonly<Record<1 | 2, number>> = Object.freeze({ 1: 153, 2: 63 });

/** The vendor's length of a body: characters (code points), as its pages count them. */
export function vendorLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/** Whether type 1 ("1 = ASCII") may carry `text`: ASCII characters only. */
export function isVendorAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0x7f) return false;
  return true;
}

/** Credits one recipient of `text` costs: `ceil(characters / 153)` for type 1, `/ 63` for type 2, at least 1. */
export function creditsFor(text: string, type: 1 | 2): number {
  return Math.max(1, Math.ceil(vendorLength(text) / SANDBOX_CHARACTERS_PER_CREDIT[type]));
}
