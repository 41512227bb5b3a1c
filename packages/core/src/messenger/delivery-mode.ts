/**
 * What the messenger may risk to get a message out.
 *
 * - `at-most-once` (default): fail over only after `not_sent`; after an
 *   `unknown` outcome (the vendor may have accepted and billed it) stop and
 *   report. A message is never sent twice, and may not be sent at all.
 * - `at-least-once`: also fail over after `unknown`. A message may arrive
 *   (and be billed) twice, but is less often lost.
 */
export type DeliveryMode = 'at-most-once' | 'at-least-once';
