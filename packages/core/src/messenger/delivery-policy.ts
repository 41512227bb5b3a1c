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
}

/** WhatsApp rejections that SMS does not share. */
const SMS_FALLBACK_CODES: ReadonlySet<ErrorCode> = new Set(['OUTSIDE_SESSION_WINDOW', 'TEMPLATE_NOT_FOUND']);

/**
 * The delivery semantics in one place.
 *
 * 1. An aborted send stops.
 * 2. `unknown` at a provider that deduplicates: retry it once (both modes);
 *    a second send with the same key cannot be billed twice.
 * 3. `not_sent`: next candidate.
 * 4. `unknown`: next candidate under `at-least-once`; stop under `at-most-once`.
 * 5. WhatsApp `OUTSIDE_SESSION_WINDOW` / `TEMPLATE_NOT_FOUND`: SMS leg.
 * 6. Anything else (`rejected`): stop; another provider would reject it too.
 */
export function nextStepAfter(error: PesanError, facts: FailureFacts): NextStep {
  if (facts.aborted) return 'stop';
  if (error.outcome === 'unknown' && facts.idempotentProvider && !facts.alreadyRetried) return 'retry-same';
  if (error.outcome === 'not_sent') return 'next';
  if (error.outcome === 'unknown') return facts.delivery === 'at-least-once' ? 'next' : 'stop';
  if (facts.smsFallbackAvailable && SMS_FALLBACK_CODES.has(error.code)) return 'sms-fallback';
  return 'stop';
}
