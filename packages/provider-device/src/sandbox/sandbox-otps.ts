import { randomInt } from 'node:crypto';
import type { Clock } from '@pesan/core';

/** A code `send_otp` made. */
export interface SandboxOtp {
  readonly phoneNumber: string;
  readonly code: string;
  readonly expiresAt: Date;
  /** The message that carried it. */
  readonly messageId: number;
  used: boolean;
}

/**
 * The gateway's own OTPs: `send_otp` makes a numeric code, `verify_otp`
 * accepts it once before it expires. The newest code of a number wins, as
 * the page implies ("Once verified, the OTP cannot be used again").
 */
export class SandboxOtps {
  readonly #clock: Clock;
  readonly #byNumber = new Map<string, SandboxOtp>();
  readonly #maxEntries: number;

  constructor(clock: Clock, maxEntries: number) {
    this.#clock = clock;
    this.#maxEntries = maxEntries;
  }

  /** Every live code, for tests (a real gateway never shows them). */
  get codes(): readonly SandboxOtp[] {
    return [...this.#byNumber.values()];
  }

  /** A new code of `length` digits (not yet remembered). */
  static code(length: number): string {
    let code = '';
    for (let digit = 0; digit < length; digit++) code += String(randomInt(10));
    return code;
  }

  /** Remembers `code` as the live code of `phoneNumber`, valid `expiryMinutes`, replacing an older one. */
  issue(phoneNumber: string, code: string, expiryMinutes: number, messageId: number): SandboxOtp {
    const otp: SandboxOtp = {
      phoneNumber,
      code,
      expiresAt: new Date(this.#clock.now() + expiryMinutes * 60_000),
      messageId,
      used: false,
    };
    this.#byNumber.delete(phoneNumber);
    this.#byNumber.set(phoneNumber, otp);
    for (const oldest of this.#byNumber.keys()) {
      if (this.#byNumber.size <= this.#maxEntries) break;
      this.#byNumber.delete(oldest);
    }
    return otp;
  }

  /** Whether `code` is the live code of `phoneNumber`; a match uses it up. */
  verify(phoneNumber: string, code: string): boolean {
    const otp = this.#byNumber.get(phoneNumber);
    if (otp === undefined || otp.used || otp.code !== code) return false;
    if (this.#clock.now() >= otp.expiresAt.getTime()) return false;
    otp.used = true;
    return true;
  }
}
