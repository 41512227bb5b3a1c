import type { Attempt } from './attempt.js';
import type { MessageAdjustment } from './message-adjustment.js';
import type { MessageStatus } from './message-status.js';

/** What one accepted message became. */
export interface SendResult {
  /** Status right after the send: normally `queued` or `sent`. */
  status: MessageStatus;
  /** The vendor's id for the message, when the vendor returns one. */
  messageId?: string;
  /** Provider instance id. */
  provider: string;
  /** Provider type, e.g. `isms`. */
  providerType: string;
  /** Recipient in E.164. */
  to: string;
  /** Parts the message was split into. */
  segments: number;
  /** Credits the vendor billed or will bill, when known. */
  credits?: number;
  /** Every provider and endpoint tried, in order. */
  attempts: Attempt[];
  /** Whether the vendor will push delivery reports for this message. */
  deliveryReports?: boolean;
  /** Human-readable notes (for example why no `messageId` exists). */
  notes?: string[];
  /**
   * What the messenger's sending policies changed before the send (an `RM0 `
   * prefix, look-alike characters replaced), set by the messenger, never by
   * a provider.
   */
  adjustments?: MessageAdjustment[];
  /** The vendor's answer, untouched. */
  raw: unknown;
  /** The message's `metadata`. */
  metadata?: Record<string, unknown>;
}
