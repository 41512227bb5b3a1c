import type { Channel } from '../provider/v1/channel.js';
import type { OtpVerification } from '../provider/v1/otp-verification.js';

/** Options of `messenger.otp.send`. */
export interface OtpSendOptions {
  /** Recipient; normalised to E.164 like every send. */
  to: string;
  /** Digits, 4 to 10. Default: the messenger's `otp.length`. */
  length?: number;
  /** Validity in seconds. Default: the messenger's `otp.ttlSeconds`. */
  ttlSeconds?: number;
  /**
   * SMS: the text, with `{code}` where the code goes (and optionally
   * `{minutes}`, the validity rounded up). Default
   * `Your verification code is {code}. It expires in {minutes} minutes.`
   * WhatsApp: the name of an approved authentication template whose
   * parameter `1` receives the code (required on that channel).
   */
  template?: string;
  /** `sms` (default) or `whatsapp`. */
  channel?: Channel;
  /**
   * A repeat of `send` for the same number with the same key, while its code
   * is live, answers the first result and sends nothing (and is not counted
   * against the limits).
   */
  idempotencyKey?: string;
  /** Aborts the send. */
  signal?: AbortSignal;
}

/** What `messenger.otp.send` answers. Never the code. */
export interface OtpSendResult {
  /** Recipient in E.164. */
  to: string;
  /** When the code stops being valid. */
  expiresAt: Date;
  /** Provider instance that sent it. */
  provider: string;
  /** The vendor's id of the message that carried it, when it gave one. */
  messageId?: string;
  /** Channel the code went by (a `whatsappFirst` route may have fallen back to SMS). */
  channel: Channel;
  /** True when the provider's vendor made the code (native OTP): `verify` asks it. */
  native: boolean;
}

/** Options of `messenger.otp.verify`. */
export interface OtpVerifyOptions {
  /** Recipient, as given to `send` (normalised to E.164). */
  to: string;
  /** The code the user typed. */
  code: string;
  /** Aborts a native check. */
  signal?: AbortSignal;
}

/** What `messenger.otp.verify` answers: `{ valid: true }` or `{ valid: false, reason }`. */
export type OtpVerifyResult = OtpVerification;

/**
 * One-time passwords over any provider and channel (`messenger.otp`).
 * Needs `otp: { secret }` in the messenger options.
 */
export interface MessengerOtp {
  /**
   * Makes a code, keeps only its keyed hash, and sends it along the
   * messenger's route (or has the provider's vendor make and send it, when
   * it has native OTP). Replaces the number's previous code. Rejects with
   * `RATE_LIMITED` (outcome `not_sent`, `details.retryAfterSeconds`) inside
   * the resend cooldown or over the per-window limit, before any provider is called.
   */
  send(options: OtpSendOptions): Promise<OtpSendResult>;
  /**
   * Checks a code: valid once, before it expires, and only while fewer than
   * `maxAttempts` wrong codes were tried. Never says which digits were wrong.
   */
  verify(options: OtpVerifyOptions): Promise<OtpVerifyResult>;
}
