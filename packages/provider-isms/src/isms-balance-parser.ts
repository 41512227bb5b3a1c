import { readIsmsAnswerLine } from './isms-answer-parser.js';
import { type IsmsErrorContext, ismsError, ismsInvalidResponse } from './isms-errors.js';
import { ismsJsonDeclaredError } from './isms-json-error.js';

/** A balance answer read as an amount of credits. */
export interface IsmsBalanceAnswer {
  /** Credits left. */
  readonly amount: number;
  /** The parsed body (a string for a bare number, the JSON value otherwise). */
  readonly raw: unknown;
}

/**
 * The longest balance answer read, in characters: a number is at most 22,
 * and a JSON object with a balance and a few other fields a few hundred. A
 * longer body is refused before any pattern or JSON parser runs.
 */
export const ISMS_BALANCE_MAX_LENGTH = 1024;

const AMOUNT_PATTERN = /^\d{1,15}(?:\.\d{1,6})?$/;
const AMOUNT_KEYS = ['balance', 'credit', 'credits'];

function amountOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string' && AMOUNT_PATTERN.test(value.trim())) return Number(value.trim());
  return undefined;
}

function errorCodeOf(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  return text !== undefined && /^-1\d{3}$/.test(text) ? text : undefined;
}

/**
 * Parses the answer of `isms_balance_json.php` or `isms_balance.php`. Neither
 * page documents the body, so this accepts, after trimming:
 *
 * - a bare non-negative number (`123.45`), bare or as a JSON string;
 * - a JSON object with a `balance`, `credit` or `credits` key (any case),
 *   holding a number or a numeric string;
 * - a vendor error (`-1001`, `-1001 = AUTHENTICATION FAILED`, or
 *   `{ status: 'error', code: -1001, message }`), thrown as the mapped
 *   `PesanError`; an error marker wins over any balance field beside it.
 *
 * Anything else, and any body longer than {@link ISMS_BALANCE_MAX_LENGTH},
 * throws `INVALID_RESPONSE`. Total: returns or throws `PesanError`.
 */
export function parseIsmsBalanceAnswer(body: string, context: IsmsErrorContext = {}): IsmsBalanceAnswer {
  if (body.length > ISMS_BALANCE_MAX_LENGTH) {
    throw ismsInvalidResponse(body, context, `${body.length} characters, longer than any balance answer`);
  }
  const trimmed = body.trim();
  if (AMOUNT_PATTERN.test(trimmed)) return { amount: Number(trimmed), raw: trimmed };
  const line = readIsmsAnswerLine(trimmed);
  if (line?.kind === 'error') throw ismsError(line.error, context);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw ismsInvalidResponse(body, context, 'a balance that is neither a number nor JSON');
  }
  const direct = typeof parsed === 'string' ? amountOf(parsed) : undefined;
  if (direct !== undefined) return { amount: direct, raw: parsed };
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const declared = ismsJsonDeclaredError(parsed as Record<string, unknown>, context);
    if (declared !== undefined) throw declared;
    const entries = Object.entries(parsed as Record<string, unknown>);
    for (const key of AMOUNT_KEYS) {
      const entry = entries.find(([name]) => name.toLowerCase() === key);
      if (entry === undefined) continue;
      const amount = amountOf(entry[1]);
      if (amount !== undefined) return { amount, raw: parsed };
      const code = errorCodeOf(entry[1]);
      if (code !== undefined) throw ismsError({ code }, context);
    }
  }
  throw ismsInvalidResponse(body, context, 'a balance pesan cannot read');
}
