/**
 * Normalised status. Progress runs `queued` → `sent` → `delivered` → `read`;
 * `failed`, `expired` and `rejected` are terminal failures; `unknown` when the
 * vendor cannot say.
 */
export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'expired' | 'rejected' | 'unknown';

/**
 * Who vouches for a status: the vendor's platform, the carrier's SMSC, or the
 * handset itself. iSMS's DELIVERED is `sent` with scope `carrier`.
 */
export type StatusScope = 'platform' | 'carrier' | 'handset';
