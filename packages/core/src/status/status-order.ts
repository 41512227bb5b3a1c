import type { MessageStatus } from '../provider/v1/message-status.js';

/**
 * One total order over statuses, so that applying callbacks in any order ends
 * in the same current status: progress (`queued` < `sent` < `delivered` <
 * `read`), with the terminal failures above `queued`/`sent` but below
 * `delivered`/`read` (a handset receipt beats a failure report from the SMSC).
 * Among failures, the more specific wins: `rejected` > `expired` > `failed`.
 * `unknown` says nothing and never replaces anything.
 */
const PRECEDENCE: Record<MessageStatus, number> = {
  unknown: 0,
  queued: 1,
  sent: 2,
  failed: 3,
  expired: 4,
  rejected: 5,
  delivered: 6,
  read: 7,
};

const FINAL: ReadonlySet<MessageStatus> = new Set(['delivered', 'read', 'failed', 'expired', 'rejected']);

/** Whether `next` may replace `current` as the current status. */
export function statusAdvances(current: MessageStatus, next: MessageStatus): boolean {
  return PRECEDENCE[next] > PRECEDENCE[current];
}

/**
 * Whether nothing more is expected for a message: delivered, read or a
 * terminal failure. (`read` can still follow `delivered` on WhatsApp; callers
 * that care poll anyway.)
 */
export function isFinalStatus(status: MessageStatus): boolean {
  return FINAL.has(status);
}
