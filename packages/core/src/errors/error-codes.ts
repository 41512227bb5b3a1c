/**
 * Whether a failed call may have reached the vendor.
 *
 * - `not_sent`: certainly not accepted (refused connection, auth failure, 5xx
 *   before acceptance). Failing over is safe.
 * - `rejected`: the message or recipient itself is bad. Failing over would fail again.
 * - `unknown`: the vendor may have accepted (and billed) it. Failing over may send twice.
 */
export type ErrorOutcome = 'not_sent' | 'rejected' | 'unknown';

interface ErrorCodeEntry {
  /** The outcome a code has unless the thrower says otherwise. */
  readonly outcome: ErrorOutcome;
  /** Whether retrying the same call later may succeed. */
  readonly retryable: boolean;
  /** One line a person can read in a log. */
  readonly description: string;
}

/**
 * The one table of stable error codes. Codes never change meaning; new ones
 * are only added.
 */
export const ERROR_CODES = {
  AUTH_FAILED: { outcome: 'not_sent', retryable: false, description: 'The vendor rejected the credentials.' },
  ACCOUNT_SUSPENDED: {
    outcome: 'not_sent',
    retryable: false,
    description: 'The vendor account is suspended or expired.',
  },
  IP_NOT_ALLOWED: {
    outcome: 'not_sent',
    retryable: false,
    description: 'The calling IP address is not whitelisted at the vendor.',
  },
  INSUFFICIENT_CREDIT: {
    outcome: 'not_sent',
    retryable: false,
    description: 'The vendor account has not enough credit.',
  },
  INVALID_RECIPIENT: {
    outcome: 'rejected',
    retryable: false,
    description: 'The recipient is not one valid phone number.',
  },
  INVALID_MESSAGE: {
    outcome: 'rejected',
    retryable: false,
    description: 'The message is malformed, too long or of a type the vendor refuses.',
  },
  INVALID_SENDER: { outcome: 'rejected', retryable: false, description: 'The sender ID is not accepted.' },
  MISSING_PARAMETER: {
    outcome: 'rejected',
    retryable: false,
    description: 'A parameter the vendor requires is missing.',
  },
  TERMS_NOT_AGREED: {
    outcome: 'not_sent',
    retryable: false,
    description: "The vendor's terms were not agreed to in the request.",
  },
  DUPLICATE: { outcome: 'rejected', retryable: false, description: 'The vendor saw this request before.' },
  OUTSIDE_SESSION_WINDOW: {
    outcome: 'rejected',
    retryable: false,
    description: 'Free-form WhatsApp messages need an open 24 h session window.',
  },
  TEMPLATE_NOT_FOUND: { outcome: 'rejected', retryable: false, description: 'The WhatsApp template does not exist.' },
  RATE_LIMITED: { outcome: 'not_sent', retryable: true, description: 'Too many requests; try again later.' },
  OPTED_OUT: {
    outcome: 'rejected',
    retryable: false,
    description: 'The recipient opted out (STOP); nothing was sent.',
  },
  CANCELLED: {
    outcome: 'not_sent',
    retryable: false,
    description: 'The message was held (sendAt, quiet hours) and cancelled before it was sent.',
  },
  PROVIDER_UNAVAILABLE: {
    outcome: 'not_sent',
    retryable: true,
    description: 'The vendor could not be reached or answered with a server error.',
  },
  TIMEOUT: {
    outcome: 'unknown',
    retryable: true,
    description: 'The vendor did not answer in time; it may have accepted the request.',
  },
  INVALID_RESPONSE: {
    outcome: 'unknown',
    retryable: false,
    description: 'The vendor answered with something pesan cannot read.',
  },
  UNSUPPORTED: { outcome: 'rejected', retryable: false, description: 'The provider cannot do this.' },
  NO_ROUTE: { outcome: 'not_sent', retryable: false, description: 'No route can carry this message.' },
  ALL_PROVIDERS_FAILED: { outcome: 'not_sent', retryable: false, description: 'Every provider on the route failed.' },
  INVALID_CONFIG: { outcome: 'not_sent', retryable: false, description: 'The configuration is invalid.' },
  CLOSED: { outcome: 'not_sent', retryable: false, description: 'The messenger is closed.' },
  UNKNOWN: { outcome: 'unknown', retryable: false, description: 'An error the vendor did not explain.' },
} as const satisfies Record<string, ErrorCodeEntry>;

/** A stable, normalised error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Whether `value` is one of the stable error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
