import type { InboundMessage } from './inbound-message.js';
import type { StatusReport } from './status-report.js';

/** A delivery report parsed from a callback. */
export interface StatusWebhookEvent extends StatusReport {
  type: 'status';
}

/** An inbound message parsed from a callback. */
export interface InboundWebhookEvent extends InboundMessage {
  type: 'inbound';
}

/** What a provider's `parseWebhook` returns: delivery reports and inbound messages. */
export type WebhookEvent = StatusWebhookEvent | InboundWebhookEvent;
