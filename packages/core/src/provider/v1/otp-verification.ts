/**
 * Why a code was not accepted. `mismatch` says nothing about which digits
 * were wrong; a vendor that cannot tell a wrong code from an expired one
 * answers `mismatch`.
 */
export type OtpFailureReason = 'expired' | 'mismatch' | 'too_many_attempts' | 'not_found';

/** The answer to a code check: valid, or why not. */
export type OtpVerification = { valid: true } | { valid: false; reason: OtpFailureReason };

/** A code a user typed, for a recipient (E.164 when the messenger asks). */
export interface OtpCheck {
  to: string;
  code: string;
}
