import type { ErrorCode, ErrorOutcome } from '../errors/error-codes.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../http/http-transport.js';
import type { VendorCodeTable } from '../provider-kit/vendor-codes.js';
import type { SandboxFaultInput } from './sandbox/sandbox-fault.js';

/** How a send ended: accepted (`sent`), or a `PesanError` with this outcome. */
export type FaultMatrixOutcome = 'sent' | ErrorOutcome;

/** What a fault must do to a send. */
export interface FaultMatrixExpectation {
  /** The outcome, or the outcomes allowed (`['sent', 'unknown']`: either, never `not_sent`). */
  readonly outcome: FaultMatrixOutcome | readonly FaultMatrixOutcome[];
  /** The error's code, when it must be one. */
  readonly code?: ErrorCode;
}

/** A vendor's answer to one case: a different expectation (with why), or a skip (with why). */
export type FaultMatrixCaseOverride =
  | { readonly skip: string }
  | { readonly expect: FaultMatrixExpectation; readonly reason: string };

/** The transport-level cases every provider runs; vendor codes add `vendorCode:<code>` cases. */
export type FaultMatrixCaseName =
  | 'refused'
  | 'reset before write'
  | 'reset after write'
  | 'slow headers'
  | 'slow body'
  | 'html 200'
  | 'html 502'
  | 'html 503'
  | 'html 504'
  | 'truncated answer'
  | 'content-length mismatch'
  | 'bad status line'
  | 'wrong content type'
  | 'oversized body';

/** One row of the matrix. */
export interface FaultMatrixCase {
  /** `refused`, `html 502`, `vendorCode:-1004`, ... */
  readonly name: string;
  /** What the sandbox does. */
  readonly description: string;
  /** The fault set on every mirror the provider tries. */
  readonly fault: SandboxFaultInput;
  /** Whether the sandbox's pages process the request (the vendor may take the message). */
  readonly processed: boolean;
  /** Whether the case needs the short per-try timeout (`timeoutMs`). */
  readonly short: boolean;
  /** What the provider must make of it. */
  readonly expect: FaultMatrixExpectation;
  /** Why this provider's expectation differs from the kit's rule. */
  readonly reason?: string;
  /** Why this provider skips the case. */
  readonly skip?: string;
}

/** What {@link faultMatrixCases} builds the rows from. */
export interface FaultMatrixCaseOptions {
  /** Per-try timeout of the slow cases. Default 150 ms. */
  timeoutMs?: number;
  /** The vendor's code table: one case per code, expecting the table's code and outcome. */
  vendorCodes?: VendorCodeTable;
  /** The fault that makes the sandbox answer a vendor code. Default `{ vendorCode: code }`. */
  vendorCodeFault?(code: string): SandboxFaultInput;
  /** The size of the `oversized body` answer. Default 1 MiB + 1 byte (the transport's default limit + 1). */
  oversizedBytes?: number;
  /** Per case name: a different expectation or a skip, each with its reason. */
  cases?: Readonly<Record<string, FaultMatrixCaseOverride>>;
}

/** Per-try timeout of the slow cases when none is given. */
export const FAULT_MATRIX_TIMEOUT_MS = 150;

type BaseCase = Omit<FaultMatrixCase, 'reason' | 'skip'>;

function transportCases(timeoutMs: number, oversizedBytes: number): BaseCase[] {
  const slowMs = timeoutMs * 2;
  const plain = (
    name: FaultMatrixCaseName,
    description: string,
    fault: SandboxFaultInput,
    processed: boolean,
    expect: FaultMatrixExpectation,
  ): BaseCase => ({ name, description, fault, processed, short: false, expect });
  return [
    plain('refused', 'the connection is refused', 'refuse', false, {
      outcome: 'not_sent',
      code: 'PROVIDER_UNAVAILABLE',
    }),
    plain('reset before write', 'the connection is reset before the request is written', 'resetOnConnect', false, {
      outcome: 'not_sent',
      code: 'PROVIDER_UNAVAILABLE',
    }),
    plain('reset after write', 'the request is read, then the connection reset', 'reset', false, {
      outcome: 'unknown',
      code: 'PROVIDER_UNAVAILABLE',
    }),
    {
      ...plain(
        'slow headers',
        `processed after ${slowMs} ms, past the ${timeoutMs} ms timeout`,
        { slow: slowMs },
        true,
        {
          outcome: 'unknown',
          code: 'TIMEOUT',
        },
      ),
      short: true,
    },
    {
      ...plain('slow body', `processed; the body held ${slowMs} ms, past the timeout`, { slowBody: slowMs }, true, {
        outcome: 'unknown',
        code: 'TIMEOUT',
      }),
      short: true,
    },
    plain('html 200', 'an HTML maintenance page with status 200', 'html200', false, {
      outcome: 'unknown',
      code: 'INVALID_RESPONSE',
    }),
    plain('html 502', 'an HTML 502 Bad Gateway page', 'html502', false, {
      outcome: 'unknown',
      code: 'PROVIDER_UNAVAILABLE',
    }),
    plain('html 503', 'an HTML 503 page', 'html503', false, { outcome: 'not_sent', code: 'PROVIDER_UNAVAILABLE' }),
    plain('html 504', 'an HTML 504 Gateway Time-out page', 'html504', false, {
      outcome: 'unknown',
      code: 'PROVIDER_UNAVAILABLE',
    }),
    plain('truncated answer', 'processed; half the answer (truncated JSON for a JSON vendor)', 'truncate', true, {
      outcome: 'unknown',
      code: 'INVALID_RESPONSE',
    }),
    plain(
      'content-length mismatch',
      'processed; half the promised body, then the connection closed',
      'shortBody',
      true,
      {
        outcome: 'unknown',
        code: 'INVALID_RESPONSE',
      },
    ),
    plain('bad status line', 'processed; an answer whose status line is not HTTP', 'badStatusLine', true, {
      outcome: 'unknown',
      code: 'INVALID_RESPONSE',
    }),
    plain(
      'wrong content type',
      'processed; the answer labelled text/html',
      { contentType: 'text/html; charset=utf-8' },
      true,
      { outcome: ['sent', 'unknown'] },
    ),
    plain(
      'oversized body',
      `processed; the answer padded to ${oversizedBytes} bytes`,
      { oversized: oversizedBytes },
      true,
      { outcome: 'unknown', code: 'INVALID_RESPONSE' },
    ),
  ];
}

/**
 * The rows of the fault matrix for one provider: the transport faults every
 * provider meets (refused, resets, slow headers and body, HTML pages,
 * truncated, malformed, mislabelled and oversized answers) and one row per
 * vendor code, each with the kit's expectation unless `cases` overrides it.
 * An override or skip naming no row throws, so a renamed case cannot hide one.
 */
export function faultMatrixCases(options: FaultMatrixCaseOptions = {}): FaultMatrixCase[] {
  const timeoutMs = options.timeoutMs ?? FAULT_MATRIX_TIMEOUT_MS;
  const base = transportCases(timeoutMs, options.oversizedBytes ?? DEFAULT_MAX_RESPONSE_BYTES + 1);
  const faultFor = options.vendorCodeFault ?? ((code: string): SandboxFaultInput => ({ vendorCode: code }));
  for (const [code, entry] of Object.entries(options.vendorCodes ?? {})) {
    base.push({
      name: `vendorCode:${code}`,
      description: `the vendor answers ${code} (${entry.description})`,
      fault: faultFor(code),
      processed: false,
      short: false,
      expect: { outcome: entry.outcome, code: entry.code },
    });
  }
  const overrides = options.cases ?? {};
  const names = new Set(base.map((row) => row.name));
  const unknownNames = Object.keys(overrides).filter((name) => !names.has(name));
  if (unknownNames.length > 0) {
    throw new Error(`Fault matrix: no case named ${unknownNames.map((name) => JSON.stringify(name)).join(', ')}`);
  }
  return base.map((row) => {
    const override = overrides[row.name];
    if (override === undefined) return row;
    if ('skip' in override) return { ...row, skip: override.skip };
    return { ...row, expect: override.expect, reason: override.reason };
  });
}

/** `unknown INVALID_RESPONSE`, `sent or unknown`: an expectation in words, for test titles and tables. */
export function describeFaultMatrixExpectation(expectation: FaultMatrixExpectation): string {
  const outcomes = typeof expectation.outcome === 'string' ? [expectation.outcome] : expectation.outcome;
  return [outcomes.join(' or '), expectation.code].filter(Boolean).join(' ');
}
