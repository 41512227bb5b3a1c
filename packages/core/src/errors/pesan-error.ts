import type { Attempt } from '../provider/v1/attempt.js';
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
  /** Extra structured data (per-path config issues, the vendor's body, ...). */
  details?: Record<string, unknown>;
  /** Every provider and endpoint tried (stored as `details.attempts`; read it as `error.attempts`). */
  attempts?: readonly Attempt[];
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
    this.details =
      options.attempts === undefined ? options.details : { ...options.details, attempts: [...options.attempts] };
  }

  /**
   * Every provider and endpoint tried before this error, in order (empty when
   * the error came before any request).
   */
  get attempts(): readonly Attempt[] {
    const attempts = this.details?.attempts;
    return Array.isArray(attempts) ? (attempts as Attempt[]) : [];
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

  /**
   * A plain object for logs and JSON, `details` included (so
   * `details.attempts` and `details.errors` survive a JSON log line).
   * Always JSON-safe: nested errors become plain objects, cycles become
   * `"[Circular]"`, and `cause` is summarised as `{ name, message, code? }`.
   */
  toJSON(): Record<string, unknown> {
    return errorJson(this, new WeakSet());
  }
}

function errorJson(error: PesanError, seen: WeakSet<object>): Record<string, unknown> {
  seen.add(error);
  const json: Record<string, unknown> = {
    name: error.name,
    code: error.code,
    message: error.message,
    outcome: error.outcome,
    vendorCode: error.vendorCode,
    vendorMessage: error.vendorMessage,
    provider: error.provider,
    endpoint: error.endpoint,
    retryable: error.retryable,
  };
  if (error.details !== undefined) json.details = jsonSafe(error.details, seen);
  if (error.cause !== undefined) json.cause = causeSummary(error.cause);
  seen.delete(error);
  return json;
}

function causeSummary(cause: unknown): Record<string, unknown> {
  if (!(cause instanceof Error) && !PesanError.isInstance(cause)) return { name: typeof cause, message: String(cause) };
  const code = (cause as { code?: unknown }).code;
  return {
    name: cause.name,
    message: cause.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
  };
}

/** `value` as something `JSON.stringify` takes without throwing or losing errors. */
function jsonSafe(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (seen.has(value)) return '[Circular]';
  if (value instanceof PesanError) return errorJson(value, seen);
  // A PesanError of another copy of @pesan/core: its own toJSON.
  if (PesanError.isInstance(value)) return value.toJSON();
  if (value instanceof Error) return causeSummary(value);
  seen.add(value);
  let json: unknown;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // URL, Buffer and the like say how they want to be written.
    try {
      json = jsonSafe(toJSON.call(value), seen);
    } catch {
      json = '[Unserialisable]';
    }
  } else if (Array.isArray(value)) {
    json = value.map((entry) => jsonSafe(entry, seen) ?? null);
  } else {
    const entries: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      const safe = jsonSafe(entry, seen);
      if (safe !== undefined) entries[key] = safe;
    }
    json = entries;
  }
  seen.delete(value);
  return json;
}
