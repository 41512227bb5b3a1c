import type { MessageStatus, StatusScope } from './message-status.js';

/** A provider's answer to "what happened to this message?". */
export interface StatusReport {
  /** The vendor's message id. */
  messageId: string;
  /** Normalised status. */
  status: MessageStatus;
  /** Who vouches for it. */
  scope: StatusScope;
  /** The vendor's own status value. */
  vendorStatus: string;
  /** Recipient in E.164, when the vendor says. */
  to?: string;
  /** When the status was reached, or observed. */
  at: Date;
  /** The vendor's answer, untouched. */
  raw?: unknown;
}
