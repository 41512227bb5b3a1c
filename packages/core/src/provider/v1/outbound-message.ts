import type { BinaryPayload } from './binary-payload.js';
import type { Channel } from './channel.js';
import type { EncodingPreference } from './encoding-preference.js';
import type { MediaAttachment } from './media-attachment.js';
import type { TemplateMessage } from './template-message.js';

/**
 * What a message is for: `transactional` (the default), `promotional` or
 * `otp`. One field for two uses: sending policies read it (`optOuts`,
 * `malaysiaPromotional`) and WhatsApp prices templates by it (utility,
 * marketing, authentication).
 */
export type MessageCategory = 'transactional' | 'promotional' | 'otp';

/**
 * One message to one recipient, as an application writes it. The messenger
 * validates it (see `outboundMessageSchema`) before any provider sees it.
 */
export interface OutboundMessage {
  /** Recipient phone number; normalised to E.164 by the messenger. */
  to: string;
  /** Message text. Optional only for template, media and binary messages. */
  text?: string;
  /** `sms` (default) or `whatsapp`. */
  channel?: Channel;
  /** Sender ID (SMS) or WABA number (WhatsApp). */
  from?: string;
  /** Text encoding; `auto` by default. */
  encoding?: EncodingPreference;
  /** Class 0 ("flash") SMS, shown at once without being stored. */
  flash?: boolean;
  /** A binary payload instead of text. */
  binary?: BinaryPayload;
  /** A WhatsApp template. */
  template?: TemplateMessage;
  /** A WhatsApp file. */
  media?: MediaAttachment;
  /**
   * The SMS text of a WhatsApp message, for routes that fall back to SMS
   * (`whatsappFirst`, `cheapest` across channels). Default: `text`. A
   * template or file without `text` and without `fallbackText` has no SMS leg.
   */
  fallbackText?: string;
  /**
   * What the message is for: `transactional` (default), `promotional` or
   * `otp` (`messenger.otp` sets it). Sending policies read it:
   * `malaysiaPromotional` applies to `promotional` messages, and `optOuts`
   * may let explicitly `transactional` (and `otp`) messages reach an
   * opted-out number. WhatsApp bills templates by it (`promotional`:
   * marketing, `transactional`: utility, `otp`: authentication), so
   * `cheapest` and `estimate` price them by it.
   */
  category?: MessageCategory;
  /**
   * Holds the message until this time (a `Date`, an ISO 8601 string with an
   * offset, or milliseconds since the epoch): `send` resolves once it is
   * sent. At most 35 days ahead; a time in the past is refused
   * (`INVALID_MESSAGE`). Cancel with `messenger.cancelScheduled(id)`, where
   * `id` is the message's `idempotencyKey`. Held in process (the timer of the
   * messenger's clock): `close()` cancels what is still held.
   */
  sendAt?: Date | string | number;
  /**
   * The key of one logical message. Sending the same key twice returns the
   * first result and sends nothing; providers with vendor deduplication derive
   * their vendor key from it.
   */
  idempotencyKey?: string;
  /** Application data carried to results and events, never to the vendor. */
  metadata?: Record<string, unknown>;
}
