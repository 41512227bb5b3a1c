/**
 * Splits the credits a vendor billed for a whole request over its messages,
 * in proportion to each message's local estimate, so the parts add up to the
 * vendor's figure exactly (largest remainder). Messages estimated at 0 (not
 * accepted) get 0; when every estimate is 0 the total goes to no one.
 */
export function allocateCredits(total: number, estimates: readonly number[]): number[] {
  const estimated = estimates.reduce((sum, estimate) => sum + estimate, 0);
  if (estimated <= 0 || !Number.isFinite(total) || total < 0) return estimates.map(() => 0);
  const exact = estimates.map((estimate) => (total * estimate) / estimated);
  const shares = exact.map(Math.floor);
  let left = Math.round(total - shares.reduce((sum, share) => sum + share, 0));
  // The usual answer: the vendor billed what was estimated, every share is whole, no remainder to rank.
  if (left <= 0) return shares;
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder);
  // Bounded: at most one extra credit per message.
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    shares[index] = shares[index]! + 1;
    left -= 1;
  }
  return shares;
}
