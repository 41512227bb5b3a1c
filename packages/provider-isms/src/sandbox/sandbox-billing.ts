import { ISMS_CHARACTERS_PER_CREDIT, ismsBodyLength, ismsCredits } from '../isms-billing.js';

/**
 * Characters per credit, as the vendor bills: 153 for type 1 (ASCII), 63 for
 * type 2 (Unicode). The same table the provider's `segments()` uses.
 */
export const SANDBOX_CHARACTERS_PER_CREDIT = ISMS_CHARACTERS_PER_CREDIT;

/** The vendor's length of a body: characters (code points), as its pages count them. */
export function vendorLength(text: string): number {
  return ismsBodyLength(text);
}

/** Credits one recipient of `text` costs: the provider's rule (`ismsCredits`), so estimate and ledger agree. */
export function creditsFor(text: string, type: 1 | 2): number {
  return ismsCredits(text, type);
}
