import type { ErrorCode, ErrorOutcome } from '../../errors/error-codes.js';

/** The outcome of one try: `success`, one of the error outcomes, or `skipped` (not tried). */
export type AttemptOutcome = 'success' | ErrorOutcome | 'skipped';

/** One provider and endpoint tried for a message. */
export interface Attempt {
  /** Provider instance id. */
  provider: string;
  /** Origin the request went to; absent for attempts that made no request. */
  endpoint?: string;
  /** What happened. */
  outcome: AttemptOutcome;
  /** Normalised error code, for failures. */
  errorCode?: ErrorCode;
  /** Why the attempt was skipped or failed, in words. */
  reason?: string;
  /** Wall time of the attempt in milliseconds. */
  durationMs: number;
  /** When the attempt started. */
  startedAt: Date;
}
