import { defineVendorCodes, PesanError, type VendorAnswerOrigin, type VendorCodeEntry } from '@pesan/core';

/**
 * The gateway answers errors as `{ "status": "error", "message": "..." }`
 * with no code, so its messages are the code table: each entry is recognised
 * by a pattern over the message. The keys are pesan's names for them, not
 * vendor codes (the vendor has none), so they never appear as `vendorCode`.
 */
export const DEVICE_GATEWAY_ERRORS = defineVendorCodes({
  invalid_api_key: {
    code: 'AUTH_FAILED',
    outcome: 'not_sent',
    description: 'The API key is wrong or revoked',
    wholeRequest: true,
  },
  ip_not_allowed: {
    code: 'IP_NOT_ALLOWED',
    outcome: 'not_sent',
    description: "The caller's IP is not in the account's whitelisted IPs",
    wholeRequest: true,
  },
  device_unavailable: {
    code: 'PROVIDER_UNAVAILABLE',
    outcome: 'not_sent',
    description: 'The device is unknown to the account or offline',
  },
  missing_parameters: {
    code: 'MISSING_PARAMETER',
    outcome: 'rejected',
    description: 'A required parameter is missing',
  },
  invalid_number: {
    code: 'INVALID_RECIPIENT',
    outcome: 'rejected',
    description: 'The phone number is not valid',
  },
});

/** The name of a recognised gateway error message. */
export type DeviceGatewayErrorName = keyof typeof DEVICE_GATEWAY_ERRORS;

// Order matters: "invalid API key" must not read as "invalid number".
const PATTERNS: readonly (readonly [DeviceGatewayErrorName, RegExp])[] = [
  ['invalid_api_key', /\bapi[\s_-]*key\b|\bunauthori[sz]ed\b|\bauthentication\b/i],
  ['ip_not_allowed', /\bip\b.*\b(not (allowed|whitelisted|authori[sz]ed)|blocked|denied)\b/i],
  ['device_unavailable', /\bdevice\b.*\b(not found|offline|not connected|disconnected|inactive|stopped|not online)\b/i],
  ['missing_parameters', /\bmissing\b|\brequired\b/i],
  ['invalid_number', /\binvalid\b.*\b(phone|number|recipient|mobile)\b|\b(phone|number)\b.*\binvalid\b/i],
];

/** Which known error a gateway message is, if any. */
export function recogniseDeviceGatewayError(message: string): DeviceGatewayErrorName | undefined {
  for (const [name, pattern] of PATTERNS) if (pattern.test(message)) return name;
  return undefined;
}

/**
 * The `PesanError` for an error envelope. A message pesan does not recognise
 * is `UNKNOWN` with outcome `unknown` and the message kept: the gateway may
 * have queued the SMS all the same.
 */
export function deviceGatewayError(vendorMessage: string, origin: VendorAnswerOrigin): PesanError {
  const text = vendorMessage.trim();
  const name = recogniseDeviceGatewayError(text);
  const fields = {
    provider: origin.provider,
    endpoint: origin.endpoint,
    vendorMessage: text || undefined,
    ...(origin.status === undefined ? {} : { details: { status: origin.status } }),
  };
  if (name === undefined) {
    return new PesanError('UNKNOWN', {
      ...fields,
      outcome: 'unknown',
      message: `${origin.vendor} answered with an error it does not explain: ${JSON.stringify(text.slice(0, 200))}; it may have queued the message`,
    });
  }
  const entry: VendorCodeEntry = DEVICE_GATEWAY_ERRORS[name];
  return new PesanError(entry.code, {
    ...fields,
    outcome: entry.outcome,
    message: `${origin.vendor}: ${entry.description} (${JSON.stringify(text.slice(0, 200))})`,
    details: { ...fields.details, error: name },
  });
}

// `verify_otp`'s refusal: "Invalid or Expired OTP.".
const OTP_REFUSAL =
  /\b(invalid|expired|wrong|incorrect|used)\b.*\botp\b|\botp\b.*\b(invalid|expired|wrong|incorrect|used)\b/i;

/**
 * Whether an error envelope of `verify_otp` is its "Invalid or Expired OTP.":
 * an answer (the code is not accepted), not a failure. Kept out of the code
 * table, as no other action answers it.
 */
export function isOtpRefusal(error: PesanError): boolean {
  return error.vendorMessage !== undefined && OTP_REFUSAL.test(error.vendorMessage);
}

/** Whether an error says one device cannot take messages (another device of the pool may). */
export function isDeviceLevelFailure(error: PesanError): boolean {
  return error.details?.error === 'device_unavailable';
}
