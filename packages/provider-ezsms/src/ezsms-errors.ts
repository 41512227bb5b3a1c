import { type ErrorCode, type ErrorOutcome, PesanError } from '@pesan/core';
import type { EzsmsAnswer, EzsmsReturnCode } from './ezsms-answer.js';

/** How one vendor return code reads: its text in the spec, and the pesan code it maps to. */
export interface EzsmsReturnCodeEntry {
  /** The text HTTP spec 1.84 gives for the code. */
  readonly vendorMessage: string;
  /** The normalised code when the answer is a failure for the request that got it. */
  readonly code: ErrorCode;
  /** Whether the vendor may have accepted the request. */
  readonly outcome: ErrorOutcome;
}

/**
 * The vendor's return-code table (spec 1.84, "SMS Return Code"). `1701`,
 * `1707` and `1718` are successes for the requests they answer (a send, a
 * credit transfer, a retry carrying a seqno); for any other request they are
 * read as listed here.
 */
export const EZSMS_RETURN_CODE_TABLE: Readonly<Record<EzsmsReturnCode, EzsmsReturnCodeEntry>> = {
  '1701': { vendorMessage: 'Message Sent Successfully.', code: 'INVALID_RESPONSE', outcome: 'unknown' },
  '1702': { vendorMessage: 'Invalid Username/Password', code: 'AUTH_FAILED', outcome: 'not_sent' },
  '1703': { vendorMessage: 'Internal Server Error', code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent' },
  '1704': { vendorMessage: 'Insufficient Credits', code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent' },
  '1705': { vendorMessage: 'Invalid Mobile Number', code: 'INVALID_RECIPIENT', outcome: 'rejected' },
  '1706': { vendorMessage: 'Invalid Message / Invalid SenderID', code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '1707': { vendorMessage: 'Transfer of Credits Successful', code: 'INVALID_RESPONSE', outcome: 'unknown' },
  '1708': { vendorMessage: 'Invalid Account for Credits Transfer', code: 'INVALID_RECIPIENT', outcome: 'rejected' },
  '1709': { vendorMessage: 'Invalid Credits Value for Credits Transfer', code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '1718': { vendorMessage: 'Duplicate record received', code: 'DUPLICATE', outcome: 'rejected' },
};

/** Where an answer came from, for the error's fields. */
export interface EzsmsErrorContext {
  /** Provider instance id. */
  provider: string;
  /** Origin that answered. */
  endpoint?: string;
  /** The raw body, kept in `details.body` when it is not a code. */
  body?: string;
}

/**
 * Turns a vendor answer that is not a success for its request into a
 * `PesanError`. `undefined` (a body that is not exactly one documented code)
 * becomes `INVALID_RESPONSE` with outcome `unknown`: a 200 answer we cannot
 * read may still mean the message was accepted.
 */
export function ezsmsError(answer: EzsmsAnswer | undefined, context: EzsmsErrorContext): PesanError {
  if (answer === undefined) {
    const body = context.body ?? '';
    return new PesanError('INVALID_RESPONSE', {
      message: `sms.com.my answered with something that is not a return code: ${JSON.stringify(body.slice(0, 200))}`,
      outcome: 'unknown',
      provider: context.provider,
      endpoint: context.endpoint,
      details: { body: body.slice(0, 2000) },
    });
  }
  const entry = EZSMS_RETURN_CODE_TABLE[answer.code];
  const unexpectedSuccess = entry.code === 'INVALID_RESPONSE';
  return new PesanError(entry.code, {
    message: unexpectedSuccess
      ? `sms.com.my answered ${answer.code} (${entry.vendorMessage}), which does not answer this request`
      : `sms.com.my: ${answer.code} ${entry.vendorMessage}`,
    outcome: entry.outcome,
    vendorCode: answer.code,
    vendorMessage: entry.vendorMessage,
    provider: context.provider,
    endpoint: context.endpoint,
  });
}
