import { defineVendorCodes, type PesanError, unrecognisedAnswer, vendorCodeError } from '@pesan/core';
import type { EzsmsAnswer } from './ezsms-answer.js';

/**
 * The vendor's return-code table (spec 1.84, "SMS Return Code"), with the
 * answer to "could sms.com.my have sent the message?". `1701`, `1707` and
 * `1718` are successes for the requests they answer (a send, a credit
 * transfer, a retry carrying a seqno); for any other request they are read as
 * listed here.
 *
 * - `1703` Internal Server Error: the vendor does not say whether it failed
 *   before or after handing the message on, so `unknown` (never failed over
 *   under at-most-once).
 * - `1702` (credentials) refuses the whole request before anything is sent;
 *   `1704` (credit) is `not_sent` for one number, but a grouped request may
 *   have been sent to some numbers before the credit ran out, so one `1704`
 *   for many numbers is `unknown`.
 * - `1705`, `1706`, `1708`, `1709`: the request itself is bad (`rejected`).
 */
export const EZSMS_RETURN_CODE_TABLE = defineVendorCodes({
  '1701': { code: 'INVALID_RESPONSE', outcome: 'unknown', description: 'Message Sent Successfully.' },
  '1702': { code: 'AUTH_FAILED', outcome: 'not_sent', wholeRequest: true, description: 'Invalid Username/Password' },
  '1703': { code: 'PROVIDER_UNAVAILABLE', outcome: 'unknown', description: 'Internal Server Error' },
  '1704': { code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent', description: 'Insufficient Credits' },
  '1705': { code: 'INVALID_RECIPIENT', outcome: 'rejected', description: 'Invalid Mobile Number' },
  '1706': {
    code: 'INVALID_MESSAGE',
    outcome: 'rejected',
    wholeRequest: true,
    description: 'Invalid Message / Invalid SenderID',
  },
  '1707': { code: 'INVALID_RESPONSE', outcome: 'unknown', description: 'Transfer of Credits Successful' },
  '1708': {
    code: 'INVALID_RECIPIENT',
    outcome: 'rejected',
    wholeRequest: true,
    description: 'Invalid Account for Credits Transfer',
  },
  '1709': {
    code: 'INVALID_MESSAGE',
    outcome: 'rejected',
    wholeRequest: true,
    description: 'Invalid Credits Value for Credits Transfer',
  },
  '1718': { code: 'DUPLICATE', outcome: 'rejected', wholeRequest: true, description: 'Duplicate record received' },
});

/** Where an answer came from, for the error's fields. */
export interface EzsmsErrorContext {
  /** Provider instance id. */
  provider: string;
  /** Origin that answered. */
  endpoint?: string;
  /** The raw body, kept in `details.body` when it is not a code. */
  body?: string;
  /** HTTP status of the answer. */
  status?: number;
  /** Numbers the request carried (default 1); see `VendorCodeEntry.wholeRequest`. */
  recipients?: number;
}

/**
 * Turns a vendor answer that is not a success for its request into a
 * `PesanError`. `undefined` (a body that is not exactly one documented code)
 * is the kit's unrecognised answer: `INVALID_RESPONSE`, outcome `unknown` (a
 * 200 answer we cannot read may still mean the message was accepted), or
 * `not_sent` for a 4xx status.
 */
export function ezsmsError(answer: EzsmsAnswer | undefined, context: EzsmsErrorContext): PesanError {
  const origin = {
    provider: context.provider,
    vendor: 'sms.com.my',
    ...(context.endpoint === undefined ? {} : { endpoint: context.endpoint }),
    ...(context.status === undefined ? {} : { status: context.status }),
  };
  if (answer === undefined) {
    const error = unrecognisedAnswer(context.body ?? '', origin);
    // Without a status the body is all there is to keep.
    return context.status === undefined
      ? error.with({ details: { body: (context.body ?? '').slice(0, 2000) } })
      : error;
  }
  const entry = EZSMS_RETURN_CODE_TABLE[answer.code];
  const unexpectedSuccess = entry.code === 'INVALID_RESPONSE';
  const error = vendorCodeError(EZSMS_RETURN_CODE_TABLE, answer.code, origin, {
    // The vendor answers with the bare code: the spec's text for it is the vendor's message.
    vendorMessage: entry.description,
    ...(context.recipients === undefined ? {} : { recipients: context.recipients }),
  });
  return unexpectedSuccess
    ? error.with({
        message: `sms.com.my answered ${answer.code} (${entry.description}), which does not answer this request`,
      })
    : error;
}
