import { type ErrorCode, type ErrorOutcome, PesanError } from '@pesan/core';

/** How one iSMS vendor code reads, and the pesan code and outcome it maps to. */
export interface IsmsErrorCodeEntry {
  /** The vendor's short text for the code (as the pages print it). */
  readonly vendorMessage: string;
  /** Normalised code. */
  readonly code: ErrorCode;
  /** Whether the vendor may have accepted the request. */
  readonly outcome: ErrorOutcome;
}

/**
 * Every error code the three iSMS pages document. `-1010` and `-1014` appear
 * only on the JSON API page; `-1011` is documented nowhere.
 *
 * `-1000` ("unknown error, an unspecified server-side error occurred") is
 * `UNKNOWN` with outcome `unknown`: the vendor does not say whether it failed
 * before or after handing the message to the telco, so under at-most-once
 * delivery pesan must not send it again through a mirror.
 */
export const ISMS_ERROR_CODES: Readonly<Record<string, IsmsErrorCodeEntry>> = {
  '-1000': { vendorMessage: 'UNKNOWN ERROR', code: 'UNKNOWN', outcome: 'unknown' },
  '-1001': { vendorMessage: 'AUTHENTICATION FAILED', code: 'AUTH_FAILED', outcome: 'not_sent' },
  '-1002': { vendorMessage: 'ACCOUNT SUSPENDED / EXPIRED', code: 'ACCOUNT_SUSPENDED', outcome: 'not_sent' },
  '-1003': { vendorMessage: 'IP NOT ALLOWED', code: 'IP_NOT_ALLOWED', outcome: 'not_sent' },
  '-1004': { vendorMessage: 'INSUFFICIENT CREDITS', code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent' },
  '-1005': { vendorMessage: 'INVALID SMS TYPE', code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1006': { vendorMessage: 'INVALID BODY LENGTH', code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1007': { vendorMessage: 'INVALID HEX BODY', code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1008': { vendorMessage: 'MISSING PARAMETER', code: 'MISSING_PARAMETER', outcome: 'rejected' },
  '-1009': { vendorMessage: 'INVALID DESTINATION NUMBER', code: 'INVALID_RECIPIENT', outcome: 'rejected' },
  '-1010': { vendorMessage: 'TOO MANY DESTINATION NUMBERS', code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1012': { vendorMessage: 'INVALID MESSAGE TYPE', code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1013': { vendorMessage: 'INVALID TERM AND AGREEMENT', code: 'TERMS_NOT_AGREED', outcome: 'not_sent' },
  '-1014': { vendorMessage: 'INVALID JSON FORMAT', code: 'INVALID_MESSAGE', outcome: 'rejected' },
};

/** Why each code fails, in words, for the error message. */
const EXPLANATIONS: Readonly<Record<string, string>> = {
  '-1000': 'unspecified server-side error; the message may or may not have been accepted',
  '-1001': 'username or password are incorrect',
  '-1002': 'the account is suspended or expired',
  '-1003': 'the calling IP address is not whitelisted',
  '-1004': 'the account has run out of credits',
  '-1005': 'the SMS type is not 1 or 2',
  '-1006': 'the message body is empty or over the length limit',
  '-1007': 'the hex-encoded body is malformed',
  '-1008': 'a required parameter is missing (the JSON API also uses it for an invalid destination number)',
  '-1009': 'the destination number is invalid',
  '-1010': 'more than 50 destination numbers in one request',
  '-1012': 'the message contains Unicode and needs type=2',
  '-1013': 'agreedterm=YES is missing',
  '-1014': 'the JSON body is invalid',
};

/** A vendor answer that is an error: the code as the vendor wrote it, and its text when it gave one. */
export interface IsmsErrorAnswer {
  /** E.g. `-1004`. */
  readonly code: string;
  /** E.g. `INSUFFICIENT CREDITS`, when the answer carried text. */
  readonly message?: string;
}

/** Where an answer came from, for the error's fields. */
export interface IsmsErrorContext {
  /** Provider instance id. */
  provider?: string;
  /** Origin that answered. */
  endpoint?: string;
  /**
   * `request` (default): the code answers the whole request. `recipient`: it
   * is one entry of a JSON bulk answer, where the JSON API page documents
   * `-1008` as "missing parameter, or invalid destination number"; there it
   * is read as `INVALID_RECIPIENT`.
   */
  scope?: 'request' | 'recipient';
}

/**
 * Turns a vendor error answer into a `PesanError`, keeping the vendor's code
 * (`vendorCode`) and text (`vendorMessage`). An undocumented code in the
 * vendor's grammar (`-1011`, `-1099`) is `UNKNOWN` with outcome `unknown`.
 */
export function ismsError(answer: IsmsErrorAnswer, context: IsmsErrorContext = {}): PesanError {
  const entry = ISMS_ERROR_CODES[answer.code];
  const vendorMessage = answer.message?.trim() || undefined;
  if (entry === undefined) {
    return new PesanError('UNKNOWN', {
      message: `iSMS answered with undocumented code ${answer.code}${vendorMessage ? ` (${vendorMessage})` : ''}`,
      outcome: 'unknown',
      vendorCode: answer.code,
      vendorMessage,
      provider: context.provider,
      endpoint: context.endpoint,
    });
  }
  const invalidRecipient = context.scope === 'recipient' && answer.code === '-1008';
  const code: ErrorCode = invalidRecipient ? 'INVALID_RECIPIENT' : entry.code;
  return new PesanError(code, {
    message: `iSMS ${answer.code} ${entry.vendorMessage}: ${EXPLANATIONS[answer.code] ?? entry.vendorMessage.toLowerCase()}`,
    outcome: entry.outcome,
    vendorCode: answer.code,
    vendorMessage,
    provider: context.provider,
    endpoint: context.endpoint,
  });
}

/**
 * The error for an answer pesan cannot read: `INVALID_RESPONSE`, outcome
 * `unknown` (a 200 answer we cannot read may still mean the message was
 * accepted). The first 2,000 characters of the body go to `details.body`.
 */
export function ismsInvalidResponse(body: string, context: IsmsErrorContext = {}, reason?: string): PesanError {
  const looksLikeHtml = /^\s*</.test(body);
  const what = reason ?? (looksLikeHtml ? 'an HTML page' : 'something that is not an iSMS answer');
  return new PesanError('INVALID_RESPONSE', {
    message: `iSMS answered with ${what}: ${JSON.stringify(body.slice(0, 120))}`,
    outcome: 'unknown',
    provider: context.provider,
    endpoint: context.endpoint,
    details: { body: body.slice(0, 2000) },
  });
}
