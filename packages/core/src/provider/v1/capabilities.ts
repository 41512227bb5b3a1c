import type { Channel } from './channel.js';

/**
 * What a provider can do. The messenger reads it before routing, so it must
 * be honest: a capability set to true is backed by a working method.
 */
export interface Capabilities {
  /** Channels the provider carries. */
  channels: readonly Channel[];
  /** SMS encodings the provider can send. */
  encodings: readonly ('gsm7' | 'ucs2')[];
  /** Most messages one `sendBulk` request carries (1 when the vendor has no batching). */
  maxBatch: number;
  /** Whether one bulk request can carry a different text per recipient. */
  personalisedBulk: boolean;
  /** Class 0 ("flash") SMS. */
  flash: boolean;
  /** Binary SMS with or without UDH. */
  binary: boolean;
  /** WhatsApp templates. */
  templates: boolean;
  /** Files by URL. */
  files: boolean;
  /** `getBalance` is implemented. */
  balance: boolean;
  /** `getStatus` is implemented (the vendor can be asked). */
  status: boolean;
  /** The vendor pushes delivery reports to a callback URL (`parseWebhook`). */
  deliveryReports: boolean;
  /** The provider receives inbound messages (push or `pollInbound`). */
  inbound: boolean;
  /** The vendor generates and verifies OTPs itself. */
  nativeOtp: boolean;
  /**
   * The vendor deduplicates on a key derived from `idempotencyKey`, so a retry
   * on the same provider after an `unknown` outcome cannot send twice.
   */
  idempotent: boolean;
  /**
   * Longest text, in characters (Unicode code points: an emoji is one), the
   * vendor accepts in one message; absent when it states none. The messenger
   * skips the provider for a longer text (a route moves on to the next).
   */
  maxCharacters?: number;
  /**
   * Most parts (by the provider's own `segments()`) the vendor sends one SMS
   * as; absent when it states none. The messenger skips the provider for a
   * text that needs more.
   */
  maxSegments?: number;
}
