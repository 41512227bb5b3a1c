import type { Attempt } from './attempt.js';

/** What a vendor answered to a native OTP send. It never holds the code. */
export interface NativeOtpSent {
  /** The vendor's id of the SMS that carries the code, when it gives one. */
  messageId?: string;
  /** When the vendor says the code expires, when it says. */
  expiresAt?: Date;
  /** Every endpoint tried, in order. */
  attempts: Attempt[];
  /** The vendor's answer, without the code. */
  raw: unknown;
}
