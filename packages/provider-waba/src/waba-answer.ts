import { type PesanError, unrecognisedAnswer, type VendorAnswerOrigin, vendorCodeError } from '@pesan/core';
import { WABA_ERROR_CODES } from './waba-errors.js';

/** A success answer of `isms_send_waba.php`. */
export interface WabaSuccessAnswer {
  /** The vendor's id for the message, for delivery statuses. */
  messageId?: string;
  /** The vendor's id for the request. */
  requestId?: string;
  /** The answer as parsed JSON, untouched. */
  raw: Record<string, unknown>;
}

/**
 * The longest send answer read, in characters: `statusCode`, `message` and
 * two ids are a few hundred. A longer body is refused before it is parsed.
 */
export const WABA_ANSWER_MAX_LENGTH = 64 * 1024;

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.trim() || undefined : typeof value === 'number' ? String(value) : undefined;

/**
 * Reads an answer of `isms_send_waba.php`. `statusCode` `"OK"` or `"0"`
 * (string or number) is success; any other `statusCode` is a vendor error
 * from {@link WABA_ERROR_CODES} with the vendor's `message`. Anything else
 * (an HTML page, a body that is not JSON, JSON without `statusCode`) is
 * never a success: `INVALID_RESPONSE`, outcome `unknown` (the vendor may
 * have taken the request), or `not_sent` for a 4xx status. So is a body
 * longer than {@link WABA_ANSWER_MAX_LENGTH}.
 */
export function readWabaAnswer(body: string, origin: VendorAnswerOrigin): WabaSuccessAnswer {
  if (body.length > WABA_ANSWER_MAX_LENGTH) {
    throw unrecognisedAnswer(body, origin, `${body.length} characters, more than a send answer can be`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw unrecognisedAnswer(body, origin);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw unrecognisedAnswer(body, origin, 'JSON that is not an object');
  }
  const answer = parsed as Record<string, unknown>;
  const code = scalar(answer.statusCode);
  if (code === undefined) throw unrecognisedAnswer(body, origin, 'JSON without statusCode');
  if (code.toUpperCase() === 'OK' || code === '0') {
    const messageId = scalar(answer.messageId);
    const requestId = scalar(answer.requestId);
    return {
      ...(messageId === undefined ? {} : { messageId }),
      ...(requestId === undefined ? {} : { requestId }),
      raw: answer,
    };
  }
  throw wabaError(code, origin, scalar(answer.message));
}

/** The `PesanError` for a vendor code, keeping the vendor's code and message. */
export function wabaError(code: string, origin: VendorAnswerOrigin, vendorMessage?: string): PesanError {
  return vendorCodeError(WABA_ERROR_CODES, code, origin, vendorMessage === undefined ? {} : { vendorMessage });
}
