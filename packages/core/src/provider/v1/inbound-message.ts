import type { Channel } from './channel.js';

/** A message a person sent to the application. */
export interface InboundMessage {
  /** `sms` or `whatsapp`. */
  channel: Channel;
  /** Sender in E.164. */
  from: string;
  /** The number it was sent to, in E.164, when known. */
  to?: string;
  /** Decoded text. */
  text: string;
  /** When it was received. */
  at: Date;
  /** Vendor id of the message, when there is one. */
  vendorMessageId?: string;
  /** The vendor's payload, untouched. */
  raw: unknown;
}
