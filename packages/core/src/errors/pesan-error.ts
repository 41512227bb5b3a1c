import { ERROR_CODES, type ErrorCode, type ErrorOutcome } from './error-codes.js';

const MARKER = Symbol.for('pesan.error');

/** Everything a {@link PesanError} can carry besides its code. */
export interface PesanErrorOptions {
  /** Overrides the message derived from the code table. */
  message?: string;
  /** Overrides the code's default outcome. */
  outcome?: ErrorOutcome;
  /** The vendor's own code, kept as the vendor wrote it (`-1004`, `1705`). */
  vendorCode?: string;
  /** The vendor's own text. */
  vendorMessage?: string;
  /** Provider instance id, e.g. `isms-primary`. */
  provider?: string;
  /** The origin or URL the failing request went to. */
  endpoint?: string;
  /** Overrides the code's default retryability. */
  retryable?: boolean;
  /** The error underneath. */
  cause?: unknown;
  /** Extra structured data (attempts, per-path config issues, ...). */
  details?: Record<string, unknown>;
}

/**
 * The only error pesan throws. Check with {@link PesanError.isInstance}, which
 * works across duplicate installs of `@pesan/core`.
 *
 * @example
 * ```ts
 * try { await messenger.send(msg) } catch (error) {
 *   if (PesanError.isInstance(error) && error.outcome === 'unknown') {
 *     // the vendor may have sent it: do not resend blindly
 *   }
 * }
 * ```
 */
export class PesanError extends Error {
  /** Marks pesan errors across duplicate installs (see `isInstance`). */
  readonly [MARKER] = true;

  /** Stable, normalised code from {@link ERROR_CODES}. */
  readonly code: ErrorCode;
  /** Whether the vendor may have accepted the request. */
  readonly outcome: ErrorOutcome;
  /** The vendor's own code, when the vendor gave one. */
  readonly vendorCode: string | undefined;
  /** The vendor's own text, when the vendor gave one. */
  readonly vendorMessage: string | undefined;
  /** Provider instance id. */
  readonly provider: string | undefined;
  /** Origin or URL of the failing request. */
  readonly endpoint: string | undefined;
  /** Whether the same call may succeed later. */
  readonly retryable: boolean;
  /** Extra structured data. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: PesanErrorOptions = {}) {
    const entry = ERROR_CODES[code];
    super(options.message ?? entry.description, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PesanError';
    this.code = code;
    this.outcome = options.outcome ?? entry.outcome;
    this.vendorCode = options.vendorCode;
    this.vendorMessage = options.vendorMessage;
    this.provider = options.provider;
    this.endpoint = options.endpoint;
    this.retryable = options.retryable ?? entry.retryable;
    this.details = options.details;
  }

  /** True for any `PesanError`, including one from another copy of `@pesan/core`. */
  static isInstance(error: unknown): error is PesanError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }

  /** A copy with some fields replaced (the provider id filled in, say). */
  with(options: PesanErrorOptions): PesanError {
    return new PesanError(this.code, {
      message: this.message,
      outcome: this.outcome,
      vendorCode: this.vendorCode,
      vendorMessage: this.vendorMessage,
      provider: this.provider,
      endpoint: this.endpoint,
      retryable: this.retryable,
      cause: this.cause,
      details: this.details,
      ...options,
    });
  }

  /** A plain object for logs and JSON. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      outcome: this.outcome,
      vendorCode: this.vendorCode,
      vendorMessage: this.vendorMessage,
      provider: this.provider,
      endpoint: this.endpoint,
      retryable: this.retryable,
    };
  }
}
