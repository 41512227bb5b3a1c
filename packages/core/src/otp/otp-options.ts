/** When the messenger uses a provider's own OTP (`sendOtp` / `verifyOtp`). */
export type NativeOtpPreference = 'prefer' | 'never';

/** Options of `messenger.otp`, under `createMessenger({ otp })` and in config files. */
export interface OtpOptions {
  /**
   * Keys the hash of every code (HMAC-SHA256): at least 32 characters,
   * secret, the same in every process that shares an OTP store. Required.
   */
  secret: string;
  /** Digits per code, 4 to 10. Default 6. */
  length?: number;
  /** How long a code is valid, in seconds. Default 300. */
  ttlSeconds?: number;
  /** Wrong codes a code survives; then every check answers `too_many_attempts` until a new code is sent. Default 5. */
  maxAttempts?: number;
  /** Shortest time between two sends to one number, in seconds. Default 30. */
  resendCooldownSeconds?: number;
  /** Most sends to one number per `windowSeconds`. Default 5. */
  maxSendsPerWindow?: number;
  /** The window of `maxSendsPerWindow`, in seconds. Default 3600. */
  windowSeconds?: number;
  /**
   * `prefer` (default): when the route's first eligible provider has
   * `capabilities.nativeOtp`, its vendor makes, sends and checks the code.
   * `never`: the messenger always makes its own codes.
   */
  native?: NativeOtpPreference;
  /** Language of WhatsApp authentication templates. Default `en`. */
  whatsappLanguage?: string;
}

/** {@link OtpOptions} with the defaults filled in. */
export type ResolvedOtpOptions = Required<OtpOptions>;

/** The defaults of {@link OtpOptions}. */
export const OTP_DEFAULTS = Object.freeze({
  length: 6,
  ttlSeconds: 300,
  maxAttempts: 5,
  resendCooldownSeconds: 30,
  maxSendsPerWindow: 5,
  windowSeconds: 3600,
  native: 'prefer',
  whatsappLanguage: 'en',
} as const satisfies Omit<ResolvedOtpOptions, 'secret'>);

/** Shortest `secret` accepted. */
export const OTP_SECRET_MIN_LENGTH = 32;
/** Fewest and most digits of a code. */
export const OTP_LENGTH_RANGE = Object.freeze({ min: 4, max: 10 });

const integerIn = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Every problem of the `otp` options, by path (`otp.secret: ...`). */
export function otpOptionProblems(options: OtpOptions | undefined): string[] {
  if (options === undefined) return [];
  if (typeof options !== 'object' || options === null) return ['otp: must be an object'];
  const problems: string[] = [];
  const { secret } = options;
  if (typeof secret !== 'string' || secret === '') problems.push('otp.secret: required');
  else if (secret.length < OTP_SECRET_MIN_LENGTH) {
    problems.push(`otp.secret: at least ${OTP_SECRET_MIN_LENGTH} characters`);
  }
  const { min, max } = OTP_LENGTH_RANGE;
  if (options.length !== undefined && !integerIn(options.length, min, max)) {
    problems.push(`otp.length: must be an integer from ${min} to ${max}`);
  }
  const positive: (keyof OtpOptions)[] = ['ttlSeconds', 'maxAttempts', 'maxSendsPerWindow', 'windowSeconds'];
  for (const key of positive) {
    if (options[key] !== undefined && !integerIn(options[key], 1)) problems.push(`otp.${key}: must be an integer > 0`);
  }
  if (options.resendCooldownSeconds !== undefined && !integerIn(options.resendCooldownSeconds, 0)) {
    problems.push('otp.resendCooldownSeconds: must be an integer >= 0');
  }
  if (options.native !== undefined && options.native !== 'prefer' && options.native !== 'never') {
    problems.push('otp.native: must be "prefer" or "never"');
  }
  if (
    options.whatsappLanguage !== undefined &&
    (typeof options.whatsappLanguage !== 'string' || !options.whatsappLanguage)
  ) {
    problems.push('otp.whatsappLanguage: must be a non-empty string');
  }
  return problems;
}

/** `options` with the defaults filled in (call after {@link otpOptionProblems} found none). */
export function resolveOtpOptions(options: OtpOptions): ResolvedOtpOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...OTP_DEFAULTS, ...defined } as ResolvedOtpOptions;
}
