/** Characters per credit, as the vendor bills: 153 for type 1 (ASCII), 63 for type 2 (Unicode). */
export const SANDBOX_CHARACTERS_PER_CREDIT = { 1: 153, 2: 63 } as const;

/** The vendor's length of a body: characters (code points), as its pages count them. */
export function vendorLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/** Credits one recipient of `text` costs. */
export function creditsFor(text: string, type: 1 | 2): number {
  return Math.max(1, Math.ceil(vendorLength(text) / SANDBOX_CHARACTERS_PER_CREDIT[type]));
}
