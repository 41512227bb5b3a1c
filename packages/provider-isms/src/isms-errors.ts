import { defineVendorCodes, type PesanError, unrecognisedAnswer, vendorCodeError } from '@pesan/core';

/**
 * Every error code the three iSMS pages document (`-1010` and `-1014` only on
 * the JSON API page; `-1011` is documented nowhere), with the answer to "could
 * iSMS have sent the message?":
 *
 * - `-1000` unknown server-side error: it may have failed before or after the
 *   message went to the telco, so `unknown` (never failed over under at-most-once);
 * - `-1001`-`-1004`, `-1013`: refusals checked before sending anything
 *   (`not_sent`); all but `-1004` refuse the whole request, so they hold for
 *   every number of a multi-recipient request. Credit may be checked per
 *   number, so `-1004` for a `;` request leaves the others `unknown`;
 * - `-1005`-`-1012`, `-1014`: the message itself is refused (`rejected`);
 *   `-1005` (type) and `-1014` (JSON body) refuse the whole request.
 */
export const ISMS_ERROR_CODES = defineVendorCodes({
  '-1000': {
    code: 'UNKNOWN',
    outcome: 'unknown',
    description: 'UNKNOWN ERROR: unspecified server-side error; the message may or may not have been accepted',
  },
  '-1001': {
    code: 'AUTH_FAILED',
    outcome: 'not_sent',
    wholeRequest: true,
    description: 'AUTHENTICATION FAILED: username or password are incorrect',
  },
  '-1002': {
    code: 'ACCOUNT_SUSPENDED',
    outcome: 'not_sent',
    wholeRequest: true,
    description: 'ACCOUNT SUSPENDED / EXPIRED: the account is suspended or expired',
  },
  '-1003': {
    code: 'IP_NOT_ALLOWED',
    outcome: 'not_sent',
    wholeRequest: true,
    description: 'IP NOT ALLOWED: the calling IP address is not whitelisted',
  },
  '-1004': {
    code: 'INSUFFICIENT_CREDIT',
    outcome: 'not_sent',
    description: 'INSUFFICIENT CREDITS: the account has run out of credits',
  },
  '-1005': {
    code: 'INVALID_MESSAGE',
    outcome: 'rejected',
    wholeRequest: true,
    description: 'INVALID SMS TYPE: the SMS type is not 1 or 2',
  },
  '-1006': {
    code: 'INVALID_MESSAGE',
    outcome: 'rejected',
    description: 'INVALID BODY LENGTH: the message body is empty or over the length limit',
  },
  '-1007': {
    code: 'INVALID_MESSAGE',
    outcome: 'rejected',
    description: 'INVALID HEX BODY: the hex-encoded body is malformed',
  },
  '-1008': {
    code: 'MISSING_PARAMETER',
    outcome: 'rejected',
    description:
      'MISSING PARAMETER: a required parameter is missing (the JSON API also uses it for an invalid destination number)',
  },
  '-1009': {
    code: 'INVALID_RECIPIENT',
    outcome: 'rejected',
    description: 'INVALID DESTINATION NUMBER: the destination number is invalid',
  },
  '-1010': {
    code: 'INVALID_MESSAGE',
    outcome: 'rejected',
    description: 'TOO MANY DESTINATION NUMBERS: more than 50 destination numbers in one request',
  },
  '-1012': {
    code: 'INVALID_MESSAGE',
    outcome: 'rejected',
    description: 'INVALID MESSAGE TYPE: the message contains Unicode and needs type=2',
  },
  '-1013': {
    code: 'TERMS_NOT_AGREED',
    outcome: 'not_sent',
    wholeRequest: true,
    description: 'INVALID TERM AND AGREEMENT: agreedterm=YES is missing',
  },
  '-1014': {
    code: 'INVALID_MESSAGE',
    outcome: 'rejected',
    wholeRequest: true,
    description: 'INVALID JSON FORMAT: the JSON body is invalid',
  },
});

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
  /** HTTP status of the answer. */
  status?: number;
  /**
   * `request` (default): the code answers the whole request. `recipient`: it
   * is one entry of a JSON bulk answer, where the JSON API page documents
   * `-1008` as "missing parameter, or invalid destination number"; there it
   * is read as `INVALID_RECIPIENT`.
   */
  scope?: 'request' | 'recipient';
  /**
   * Numbers the request carried (default 1). One error for several numbers
   * holds for all of them only when the code refuses the whole request.
   */
  recipients?: number;
}

function originOf(context: IsmsErrorContext) {
  return {
    vendor: 'iSMS',
    ...(context.provider === undefined ? {} : { provider: context.provider }),
    ...(context.endpoint === undefined ? {} : { endpoint: context.endpoint }),
    ...(context.status === undefined ? {} : { status: context.status }),
  };
}

/**
 * Turns a vendor error answer into a `PesanError`, keeping the vendor's code
 * (`vendorCode`) and text (`vendorMessage`). An undocumented code in the
 * vendor's grammar (`-1011`, `-1099`) is `UNKNOWN` with outcome `unknown`.
 */
export function ismsError(answer: IsmsErrorAnswer, context: IsmsErrorContext = {}): PesanError {
  const invalidRecipient = context.scope === 'recipient' && answer.code === '-1008';
  return vendorCodeError(ISMS_ERROR_CODES, answer.code, originOf(context), {
    ...(answer.message === undefined ? {} : { vendorMessage: answer.message }),
    ...(context.recipients === undefined || context.scope === 'recipient' ? {} : { recipients: context.recipients }),
    ...(invalidRecipient ? { code: 'INVALID_RECIPIENT' } : {}),
  });
}

/**
 * The error for an answer outside the iSMS grammar: `INVALID_RESPONSE`,
 * outcome `unknown` (the kit's one rule; `not_sent` for a 4xx status). The
 * first 2,000 characters of the body go to `details.body`.
 */
export function ismsInvalidResponse(body: string, context: IsmsErrorContext = {}, reason?: string): PesanError {
  return unrecognisedAnswer(body, originOf(context), reason);
}
