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
 * - after writing: a malformed answer is `INVALID_RESPONSE`, an OS timeout
 *   `TIMEOUT`, a reset or closed socket `PROVIDER_UNAVAILABLE`, all `unknown`.
 */
export function classifyNetworkError(error: unknown, context: NetworkErrorContext): PesanError {
  const code = errorCodeOf(error);
  const base = { provider: context.provider, endpoint: context.endpoint, cause: error, details: { networkCode: code } };
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
  if (code !== undefined && isParserCode(code)) {
    return new PesanError('INVALID_RESPONSE', {
      ...base,
      outcome: 'unknown',
      message: `The vendor answered with a malformed HTTP response (${code}); it may have accepted the request.`,
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
