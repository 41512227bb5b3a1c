/** The SMS text of a code when `template` is not given. */
export const DEFAULT_OTP_TEMPLATE = 'Your verification code is {code}. It expires in {minutes} minutes.';

/** The placeholder a template must hold. */
export const OTP_CODE_PLACEHOLDER = '{code}';

/** The code's stand-in wherever a message is shown outside the vendor request (events, logs). */
export function maskedOtpCode(length: number): string {
  return '*'.repeat(length);
}

/** `template` with `{minutes}` filled in: the validity in whole minutes, rounded up. */
export function withOtpMinutes(template: string, ttlSeconds: number): string {
  return template.split('{minutes}').join(String(Math.max(1, Math.ceil(ttlSeconds / 60))));
}

/** `template` with every `{code}` replaced by `code`. */
export function withOtpCode(template: string, code: string): string {
  return template.split(OTP_CODE_PLACEHOLDER).join(code);
}
