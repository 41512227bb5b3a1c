import { errors as undiciErrors } from 'undici';
import { PesanError } from '../errors/pesan-error.js';

/** Where a failed try went and whether its request may have been written. */
export interface NetworkErrorContext {
  /** Provider instance id. */
  provider: string;
  /** The origin tried. */
  endpoint: string;
  /**
   * Whether the request may have reached the vendor: undici had started
   * writing it to a socket. Errors before the start are connect-phase errors.
   */
  written: boolean;
  /**
   * Whether the status line and headers of an answer had arrived: a socket
   * that closes after them cut the answer short.
   */
  answered?: boolean;
}

const CONNECT_PHASE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EAI_NODATA',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'EPROTO',
]);

const AFTER_WRITE_TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const MALFORMED_RESPONSE_CODES = new Set([
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_INFO',
]);

/** A closed or reset socket: after the headers of an answer, the answer was cut short. */
const CLOSED_SOCKET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/** undici's `SocketError` messages for an answer it cannot take (a `100 Continue` nobody asked for, a stray upgrade). */
const REFUSED_ANSWER_MESSAGES = new Set(['bad response', 'bad upgrade']);

/** The code undici 7 should give a parser error but does not (it looks the llhttp error number up by name). */
const PARSER_ERROR_CODE = 'UND_ERR_HTTP_PARSER';

const MAX_CAUSE_DEPTH = 4;

/** The `code` of an error, looking through `cause` and `AggregateError` (happy eyeballs). */
export function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const nested = (current as { errors?: unknown }).errors;
    current = Array.isArray(nested) && nested.length > 0 ? nested[0] : (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The errors of a failure, outermost first, through `cause` and `AggregateError`. */
function* errorChain(error: unknown): Generator<object> {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    yield current;
    const nested = (current as { errors?: unknown }).errors;
    current = Array.isArray(nested) && nested.length > 0 ? nested[0] : (current as { cause?: unknown }).cause;
  }
}

/**
 * llhttp's reason for an answer that is not HTTP/1.1 (`Invalid character in
 * chunk size`, `Invalid status code`, ...), when the failure is undici's
 * `HTTPParserError`. undici 7 leaves that error's `code` undefined, so it is
 * recognised by class; llhttp's reasons are fixed texts, never answer bytes.
 */
function parserReasonOf(error: unknown): string | undefined {
  for (const link of errorChain(error)) {
    const named = (link as { name?: unknown }).name === 'HTTPParserError';
    if (!(link instanceof undiciErrors.HTTPParserError) && !named) continue;
    const message = String((link as { message?: unknown }).message ?? '');
    return /\(([^()]{1,120})\)$/.exec(message)?.[1] ?? 'unparseable HTTP answer';
  }
  return undefined;
}

/** Whether undici refused an answer it could parse but not take (`SocketError: bad response`). */
function isRefusedAnswer(error: unknown): boolean {
  for (const link of errorChain(error)) {
    const { code, message } = link as { code?: unknown; message?: unknown };
    if (code === 'UND_ERR_SOCKET' && typeof message === 'string' && REFUSED_ANSWER_MESSAGES.has(message)) return true;
  }
  return false;
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('UNABLE_TO_') ||
    code.includes('CERT') ||
    code === 'HOSTNAME_MISMATCH'
  );
}

function isParserCode(code: string): boolean {
  return code.startsWith('HPE_') || MALFORMED_RESPONSE_CODES.has(code);
}

/**
 * Turns a network-level failure of one try (an undici or Node error) into a
 * {@link PesanError} with the right outcome:
 *
 * - connect-phase errors (refused, DNS, TLS, connect timeout) and any error
 *   before the request was written: `PROVIDER_UNAVAILABLE`, `not_sent`;
 * - headers or body timeout (undici only starts those after writing):
 *   `TIMEOUT`, `unknown`;
 * - after writing: a malformed answer (undici's `HTTPParserError`: a bad
 *   status line, header or chunk; a content-length mismatch; an answer undici
 *   refuses; a socket closed after the headers, before the body's end) is
 *   `INVALID_RESPONSE`, an OS timeout `TIMEOUT`, a reset or closed socket
 *   before any answer `PROVIDER_UNAVAILABLE`, all `unknown`.
 */
export function classifyNetworkError(error: unknown, context: NetworkErrorContext): PesanError {
  const parserReason = parserReasonOf(error);
  const code = errorCodeOf(error) ?? (parserReason === undefined ? undefined : PARSER_ERROR_CODE);
  const details = parserReason === undefined ? { networkCode: code } : { networkCode: code, parserReason };
  const base = { provider: context.provider, endpoint: context.endpoint, cause: error, details };
  if (code !== undefined && AFTER_WRITE_TIMEOUT_CODES.has(code)) {
    return new PesanError('TIMEOUT', {
      ...base,
      outcome: 'unknown',
      message: 'The vendor did not answer in time after the request was written; it may have accepted it.',
    });
  }
  if (code !== undefined && (CONNECT_PHASE_CODES.has(code) || isTlsCode(code))) {
    return new PesanError('PROVIDER_UNAVAILABLE', {
      ...base,
      outcome: 'not_sent',
      message: `The vendor could not be reached (${code}).`,
    });
  }
  if (!context.written) {
    return new PesanError('PROVIDER_UNAVAILABLE', {
      ...base,
      outcome: 'not_sent',
      message: `The request failed before it was written${code === undefined ? '' : ` (${code})`}.`,
    });
  }
  if (parserReason !== undefined || (code !== undefined && isParserCode(code)) || isRefusedAnswer(error)) {
    return new PesanError('INVALID_RESPONSE', {
      ...base,
      outcome: 'unknown',
      message: `The vendor answered with a malformed HTTP response (${parserReason ?? code}); it may have accepted the request.`,
    });
  }
  if (context.answered === true && code !== undefined && CLOSED_SOCKET_CODES.has(code)) {
    return new PesanError('INVALID_RESPONSE', {
      ...base,
      outcome: 'unknown',
      message: `The vendor's answer was cut short (${code}); it may have accepted the request.`,
    });
  }
  if (code === 'ETIMEDOUT') {
    return new PesanError('TIMEOUT', {
      ...base,
      outcome: 'unknown',
      message: 'The connection timed out after the request was written; the vendor may have accepted it.',
    });
  }
  return new PesanError('PROVIDER_UNAVAILABLE', {
    ...base,
    outcome: 'unknown',
    retryable: true,
    message: `The connection failed after the request was written${code === undefined ? '' : ` (${code})`}; the vendor may have accepted it.`,
  });
}
