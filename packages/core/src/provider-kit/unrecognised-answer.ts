import { PesanError } from '../errors/pesan-error.js';
import type { VendorAnswerOrigin } from './vendor-codes.js';

/** How much of an unreadable body an error keeps in `details.body`. */
export const UNRECOGNISED_BODY_KEPT = 2000;

/**
 * The one rule for an answer outside the vendor's grammar: the request was
 * written and something answered, so the vendor may have taken it
 * (`INVALID_RESPONSE`, outcome `unknown`), unless the status is 4xx: then the
 * web server refused the request before the vendor's script ran (`not_sent`).
 */
export function unrecognisedAnswer(body: string, origin: VendorAnswerOrigin, reason?: string): PesanError {
  const status = origin.status ?? 200;
  const refused = status >= 400 && status < 500;
  const what = reason ?? (/^\s*</.test(body) ? 'an HTML page' : `something that is not a ${origin.vendor} answer`);
  return new PesanError('INVALID_RESPONSE', {
    provider: origin.provider,
    endpoint: origin.endpoint,
    outcome: refused ? 'not_sent' : 'unknown',
    message: refused
      ? `${origin.vendor} answered HTTP ${status} with ${what}: the request was refused`
      : `${origin.vendor} answered with ${what}: ${JSON.stringify(body.slice(0, 120))}; it may have accepted the request`,
    details: { status, body: body.slice(0, UNRECOGNISED_BODY_KEPT) },
  });
}
