import type { BulkItem, BulkResult } from '../provider/v1/bulk-result.js';

/**
 * A bulk result from its items (in input order), with the totals counted.
 * `totals.credits` is there when any sent item reports credits, or always
 * with `reportsCredits` (a provider that bills in credits: 0 for nothing sent).
 */
export function bulkResult(items: BulkItem[], options: { reportsCredits?: boolean } = {}): BulkResult {
  let sent = 0;
  let credits = 0;
  let anyCredits = options.reportsCredits === true;
  for (const item of items) {
    if (!item.ok) continue;
    sent += 1;
    if (item.result.credits !== undefined) {
      credits += item.result.credits;
      anyCredits = true;
    }
  }
  return { items, totals: { sent, failed: items.length - sent, ...(anyCredits ? { credits } : {}) } };
}
