import type { PesanError } from '@pesan/core';
import { readIsmsAnswerLine } from './isms-answer-parser.js';
import { type IsmsErrorContext, ismsError, ismsInvalidResponse } from './isms-errors.js';
import { ismsJsonDeclaredError } from './isms-json-error.js';

/** The vendor's answer for one message of a JSON send, in answer order. */
export type IsmsRecipientAnswer =
  | { readonly ok: true; readonly dstno?: string; readonly trxId?: string }
  | { readonly ok: false; readonly dstno?: string; readonly error: PesanError };

/** A JSON send answer read as a whole: per-message answers and the vendor's totals. */
export interface IsmsJsonAnswer {
  /** One entry per message the vendor reported on, in the vendor's order. */
  readonly recipients: readonly IsmsRecipientAnswer[];
  /** `total_credits_used`, when the vendor said. */
  readonly totalCreditsUsed?: number;
  /** `total_failed`, when the vendor said. */
  readonly totalFailed?: number;
  /** The parsed body. */
  readonly raw: unknown;
}

/**
 * The longest JSON send answer read, in characters: 50 results (the JSON
 * API's most per request) of a few hundred characters each fit many times
 * over. A longer body is refused before it is parsed.
 */
export const ISMS_JSON_ANSWER_MAX_LENGTH = 256 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function vendorCode(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\s*-?\d{1,6}\s*$/.test(value)) return value.trim();
  return undefined;
}

function optionalText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function optionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function recipientFromObject(entry: Record<string, unknown>, context: IsmsErrorContext): IsmsRecipientAnswer {
  const dstno = optionalText(entry.dstno);
  const code = vendorCode(entry.code);
  if (code === '2000') {
    const trxId = optionalText(entry.sms_id) ?? optionalText(entry.trx_id);
    // Field by field, not with conditional spreads: every message of a batch has an entry.
    const accepted: { ok: true; dstno?: string; trxId?: string } = { ok: true };
    if (dstno) accepted.dstno = dstno;
    if (trxId) accepted.trxId = trxId;
    return accepted;
  }
  const error =
    code === undefined
      ? ismsInvalidResponse(JSON.stringify(entry), context, 'a result entry without a code')
      : ismsError({ code, message: optionalText(entry.message) }, { ...context, scope: 'recipient' });
  return { ok: false, ...(dstno ? { dstno } : {}), error };
}

function recipientFromString(entry: string, context: IsmsErrorContext): IsmsRecipientAnswer {
  const line = readIsmsAnswerLine(entry);
  if (line === undefined) return { ok: false, error: ismsInvalidResponse(entry, context) };
  if (line.kind === 'error') return { ok: false, error: ismsError(line.error, { ...context, scope: 'recipient' }) };
  return line.trxId === undefined ? { ok: true } : { ok: true, trxId: line.trxId };
}

function recipientFromEntry(entry: unknown, context: IsmsErrorContext): IsmsRecipientAnswer {
  if (typeof entry === 'string') return recipientFromString(entry, context);
  if (isRecord(entry)) return recipientFromObject(entry, context);
  return { ok: false, error: ismsInvalidResponse(JSON.stringify(entry) ?? '', context, 'an unreadable result entry') };
}

/**
 * Parses the answer of a JSON send. Two documented shapes:
 *
 * - `isms_send_json.php` (JSON API page): `{ total_failed, total_credits_used,
 *   results: [{ dstno, code, sms_id }] }`, or `{ status: 'error', code, message }`
 *   for the whole request;
 * - `isms_send_bulk_json.php` (gateway page): an array of classic answers,
 *   `["2000 = SUCCESS:<id>", "-1009 = ...", ...]`, one per message in request order.
 *
 * A request-wide error (the error object, or a classic error line) throws the
 * mapped `PesanError`, and an explicit error marker wins over any `results`
 * beside it; per-message errors are entries. Anything else, and any body
 * longer than {@link ISMS_JSON_ANSWER_MAX_LENGTH}, throws `INVALID_RESPONSE`
 * (outcome `unknown`). Total: returns or throws `PesanError`.
 */
export function parseIsmsJsonAnswer(body: string, context: IsmsErrorContext = {}): IsmsJsonAnswer {
  if (body.length > ISMS_JSON_ANSWER_MAX_LENGTH) {
    throw ismsInvalidResponse(body, context, `${body.length} characters, more than a JSON send answer can be`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const line = readIsmsAnswerLine(body);
    if (line?.kind === 'error') throw ismsError(line.error, context);
    throw ismsInvalidResponse(body, context);
  }
  if (Array.isArray(parsed)) {
    return { recipients: parsed.map((entry) => recipientFromEntry(entry, context)), raw: parsed };
  }
  if (isRecord(parsed)) {
    const declared = ismsJsonDeclaredError(parsed, context);
    if (declared !== undefined) throw declared;
    if (Array.isArray(parsed.results)) {
      const totalCreditsUsed = optionalNumber(parsed.total_credits_used);
      const totalFailed = optionalNumber(parsed.total_failed);
      return {
        recipients: parsed.results.map((entry) => recipientFromEntry(entry, context)),
        ...(totalCreditsUsed === undefined ? {} : { totalCreditsUsed }),
        ...(totalFailed === undefined ? {} : { totalFailed }),
        raw: parsed,
      };
    }
  }
  if (typeof parsed === 'number' || typeof parsed === 'string') {
    const line = readIsmsAnswerLine(String(parsed));
    if (line?.kind === 'error') throw ismsError(line.error, context);
  }
  throw ismsInvalidResponse(body, context);
}
