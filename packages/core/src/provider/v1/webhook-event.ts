import type { InboundMessage } from './inbound-message.js';
import type { StatusReport } from './status-report.js';

/** A delivery report parsed from a callback. */
export interface StatusWebhookEvent extends StatusReport {
  /** Tells a delivery report from an inbound message. */
  type: 'status';
}

/** An inbound message parsed from a callback. */
export interface InboundWebhookEvent extends InboundMessage {
  /** Tells an inbound message from a delivery report. */
  type: 'inbound';
}

/** What a provider's `parseWebhook` returns: delivery reports and inbound messages. */
export type WebhookEvent = StatusWebhookEvent | InboundWebhookEvent;
