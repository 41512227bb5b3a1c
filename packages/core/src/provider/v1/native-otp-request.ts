/** What the messenger asks a provider with native OTP to send (`ProviderV1.sendOtp`). */
export interface NativeOtpRequest {
  /** Recipient in E.164. */
  to: string;
  /** Digits in the code (4 to 10). */
  length: number;
  /** How long the code is valid, in seconds; a vendor counting in minutes rounds up. */
  ttlSeconds: number;
  /** The SMS text with a `{code}` placeholder where the vendor puts its code. */
  template: string;
}
