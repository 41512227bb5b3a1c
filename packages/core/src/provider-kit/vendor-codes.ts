import type { ErrorCode, ErrorOutcome } from '../errors/error-codes.js';
import { PesanError } from '../errors/pesan-error.js';

/**
 * One vendor code: the normalised code, the answer to "could the vendor have
 * sent it?" (`outcome`), and the vendor's own words for it.
 */
export interface VendorCodeEntry {
  /** Normalised code. */
  readonly code: ErrorCode;
  /** `not_sent` (certainly not taken), `rejected` (the message itself is bad) or `unknown` (it may have been sent). */
  readonly outcome: ErrorOutcome;
  /** One line from the vendor's page. */
  readonly description: string;
  /**
   * The vendor refuses the whole request with this code before anything is
   * sent (bad credentials, IP not allowed, account suspended, terms, a body it
   * cannot parse). Only such codes may be applied to every number of a
   * multi-recipient request; any other single answer for many numbers leaves
   * the numbers it does not name `unknown`.
   */
  readonly wholeRequest?: boolean;
}

/** A vendor's code table: vendor code (as the vendor writes it) to entry. */
export type VendorCodeTable = Readonly<Record<string, VendorCodeEntry>>;

/** Declares a vendor's code table (frozen, so it cannot drift at run time). */
export function defineVendorCodes<const Table extends Record<string, VendorCodeEntry>>(table: Table): Readonly<Table> {
  for (const entry of Object.values(table)) Object.freeze(entry);
  return Object.freeze(table);
}

/** Where a vendor answer came from, for the error's fields. */
export interface VendorAnswerOrigin {
  /** Provider instance id. */
  provider?: string;
  /** The vendor's name for messages, e.g. `iSMS`. */
  vendor: string;
  /** The origin that answered. */
  endpoint?: string;
  /** The answer's HTTP status. */
  status?: number;
}

/** Options of {@link vendorCodeError}. */
export interface VendorCodeErrorOptions {
  /** The vendor's own text in the answer, when it gave one (kept as `vendorMessage`). */
  vendorMessage?: string;
  /**
   * How many recipients the request carried. Above 1, a code that does not
   * refuse the whole request (see `VendorCodeEntry.wholeRequest`) says nothing
   * certain about the other numbers: the outcome becomes `unknown`.
   */
  recipients?: number;
  /** Replaces the entry's code (e.g. a code that means something else per recipient). */
  code?: ErrorCode;
}

/**
 * The `PesanError` for a vendor code. A code missing from the table is
 * `UNKNOWN` with outcome `unknown`: pesan cannot tell whether the vendor sent it.
 */
export function vendorCodeError(
  table: VendorCodeTable,
  vendorCode: string,
  origin: VendorAnswerOrigin,
  options: VendorCodeErrorOptions = {},
): PesanError {
  const entry = Object.hasOwn(table, vendorCode) ? table[vendorCode] : undefined;
  const vendorMessage = options.vendorMessage?.trim() || undefined;
  const fields = {
    provider: origin.provider,
    endpoint: origin.endpoint,
    vendorCode,
    vendorMessage,
    ...(origin.status === undefined ? {} : { details: { status: origin.status } }),
  };
  if (entry === undefined) {
    return new PesanError('UNKNOWN', {
      ...fields,
      outcome: 'unknown',
      message: `${origin.vendor} answered with undocumented code ${vendorCode}${vendorMessage ? ` (${vendorMessage})` : ''}; it may have sent the message`,
    });
  }
  const recipients = options.recipients ?? 1;
  const partial = recipients > 1 && entry.wholeRequest !== true && entry.outcome !== 'unknown';
  return new PesanError(options.code ?? entry.code, {
    ...fields,
    outcome: partial ? 'unknown' : entry.outcome,
    message: partial
      ? `${origin.vendor} ${vendorCode} (${entry.description}) answered a request for ${recipients} recipients without naming them: some may have been sent`
      : `${origin.vendor} ${vendorCode}: ${entry.description}`,
  });
}
