import type { ErrorCode } from '../errors/error-codes.js';
import type { PesanError } from '../errors/pesan-error.js';
import type { DeliveryMode } from './delivery-mode.js';

/** What to do after a provider failed. */
export type NextStep =
  /** The same provider again, same message and key (vendor deduplication makes it safe). */
  | 'retry-same'
  /** The next candidate. */
  | 'next'
  /** The first candidate of the SMS leg of a `whatsappFirst`. */
  | 'sms-fallback'
  /** Nothing more: report this error. */
  | 'stop';

/** The facts {@link nextStepAfter} decides on. */
export interface FailureFacts {
  delivery: DeliveryMode;
  /** `capabilities.idempotent` of the provider that failed. */
  idempotentProvider: boolean;
  /** Whether this candidate was already retried once. */
  alreadyRetried: boolean;
  /** Whether the failed candidate is on the WhatsApp leg of a `whatsappFirst` with an SMS leg after it. */
  smsFallbackAvailable: boolean;
  /** The send was aborted (caller's signal, or close). */
  aborted: boolean;
  /**
   * Some error of this run so far (this one included) ended `unknown`: a
   * vendor may already have accepted the message.
   */
  mayHaveSent: boolean;
}

/** WhatsApp rejections that SMS does not share. */
const SMS_FALLBACK_CODES: ReadonlySet<ErrorCode> = new Set(['OUTSIDE_SESSION_WINDOW', 'TEMPLATE_NOT_FOUND']);

/**
 * Whether a WhatsApp failure would move on to a `whatsappFirst` SMS leg if
 * there were one: `not_sent`, or a rejection SMS does not share.
 */
export function wouldFallBackToSms(error: PesanError): boolean {
  return error.outcome === 'not_sent' || SMS_FALLBACK_CODES.has(error.code);
}

/**
 * The delivery semantics in one place.
 *
 * 1. An aborted send stops.
 * 2. `unknown` at a provider that deduplicates: retry it once (both modes);
 *    a second send with the same key cannot be billed twice.
 * 3. Under `at-most-once`, once any error of the run was `unknown` the
 *    message may be out: no other provider is tried, whatever this error was
 *    (a `not_sent` retry says nothing about the first try).
 * 4. `not_sent`: next candidate.
 * 5. `unknown`: next candidate under `at-least-once`; stop under `at-most-once`.
 * 6. WhatsApp `OUTSIDE_SESSION_WINDOW` / `TEMPLATE_NOT_FOUND`: SMS leg.
 * 7. Anything else (`rejected`): stop; another provider would reject it too.
 */
export function nextStepAfter(error: PesanError, facts: FailureFacts): NextStep {
  if (facts.aborted) return 'stop';
  if (error.outcome === 'unknown' && facts.idempotentProvider && !facts.alreadyRetried) return 'retry-same';
  if (facts.delivery === 'at-most-once' && (facts.mayHaveSent || error.outcome === 'unknown')) return 'stop';
  if (error.outcome === 'not_sent') return 'next';
  if (error.outcome === 'unknown') return facts.delivery === 'at-least-once' ? 'next' : 'stop';
  if (facts.smsFallbackAvailable && SMS_FALLBACK_CODES.has(error.code)) return 'sms-fallback';
  return 'stop';
}
